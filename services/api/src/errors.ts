import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ArchiveError, InvalidTagError, QuerySyntaxError, type ErrorCode } from '@archive/core';
import { BadRequestError } from '@archive/search';
import { AuthError } from './auth.ts';

const STATUS_BY_CODE: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  BAD_REQUEST: 400,
  QUERY_INVALID: 400,
  TAG_INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  MODEL_UNAVAILABLE: 503,
};

/** The JSON error body every failing request gets: a machine-readable code and a message. */
export interface ErrorBody {
  error: { code: string; message: string; parameter?: string; tag?: string; required?: string };
}

/** Maps an error to its status and JSON body; unexpected errors are logged, never leaked. */
export function errorResponse(error: unknown, c: Context): Response {
  if (error instanceof ArchiveError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error instanceof BadRequestError) body.error.parameter = error.parameter;
    if (error instanceof QuerySyntaxError) body.error.parameter = 'q';
    if (error instanceof InvalidTagError) body.error.tag = error.tag;
    if (error instanceof AuthError) {
      body.error.required = error.required;
      if (error.code === 'UNAUTHORIZED') c.header('WWW-Authenticate', 'Bearer realm="archive"');
    }
    const status = STATUS_BY_CODE[error.code] ?? 500;
    if (status === 500) c.get('logger')?.error({ err: error }, 'request failed');
    return c.json(body, status);
  }
  if (error instanceof HTTPException) {
    const code = error.status === 400 ? 'BAD_REQUEST' : 'HTTP_ERROR';
    const parameter = error.status === 400 ? { parameter: 'body' } : {};
    return c.json({ error: { code, message: error.message || 'request refused', ...parameter } }, error.status);
  }
  c.get('logger')?.error({ err: error }, 'unexpected error');
  return c.json({ error: { code: 'INTERNAL', message: 'internal error' } }, 500);
}

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ArchiveError, type ErrorCode } from '@archive/core';
import { BadRequestError } from '@archive/search';

const STATUS_BY_CODE: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  MODEL_UNAVAILABLE: 503,
};

/** The JSON error body every failing request gets: a machine-readable code and a message. */
export interface ErrorBody {
  error: { code: string; message: string; parameter?: string };
}

/** Maps an error to its status and JSON body; unexpected errors are logged, never leaked. */
export function errorResponse(error: unknown, c: Context): Response {
  if (error instanceof ArchiveError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error instanceof BadRequestError) body.error.parameter = error.parameter;
    return c.json(body, STATUS_BY_CODE[error.code] ?? 500);
  }
  if (error instanceof HTTPException) {
    return c.json({ error: { code: 'HTTP_ERROR', message: error.message || 'request refused' } }, error.status);
  }
  c.get('logger')?.error({ err: error }, 'unexpected error');
  return c.json({ error: { code: 'INTERNAL', message: 'internal error' } }, 500);
}

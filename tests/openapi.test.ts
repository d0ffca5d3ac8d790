import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, inject, it } from 'vitest';
import { DUPLICATED_ID, getJson, sendJson } from './helpers.ts';

const base = inject('baseUrl');
const tokens = inject('tokens');

interface Operation {
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, unknown> }>;
}

/** A request for each described operation, as a client reading the description would send it. */
const SAMPLES: Record<string, { params?: Record<string, string> | (() => Record<string, string>); query?: string; body?: unknown; token?: string; status: number }> = {
  'get /api/health': { status: 200 },
  'get /api/openapi.json': { status: 200 },
  'get /api/search': { query: 'q=incendie&size=3&tag=people,culture', status: 200 },
  'get /api/articles/{id}': { params: { id: DUPLICATED_ID }, status: 200 },
  'get /api/articles/{id}/related': { params: { id: DUPLICATED_ID }, query: 'limit=3&lang=any&diversity=0.3', status: 200 },
  'get /api/articles/{id}/timeline': { params: { id: DUPLICATED_ID }, status: 200 },
  'post /api/recommendations': { body: { read: [DUPLICATED_ID], limit: 3 }, status: 200 },
  'post /api/articles/{id}/tags': { params: { id: 'orangesum-81' }, body: { add: ['Mexique'] }, token: 'editor', status: 200 },
  'get /api/articles/{id}/history': { params: { id: 'orangesum-81' }, status: 200 },
  'get /api/articles/{id}/tag-suggestions': { params: { id: 'orangesum-81' }, query: 'limit=3', status: 200 },
  'post /api/articles/{id}/tag-suggestions/accept': { params: { id: 'orangesum-81' }, body: { tag: 'Drogue' }, token: 'editor', status: 200 },
  'post /api/articles/{id}/tag-suggestions/reject': { params: { id: 'orangesum-81' }, body: { tag: 'Tequila' }, token: 'editor', status: 200 },
  'post /api/tags/bulk': { body: { q: 'tequila', mode: 'keyword', add: ['Alcool'], dryRun: true }, token: 'editor', status: 200 },
  'get /api/tags': { query: 'prefix=p&limit=3', status: 200 },
  'get /api/tags/duplicates': { status: 200 },
  'post /api/tags/merge': { body: { from: ['Drogue'], into: 'Drogues' }, token: 'editor', status: 200 },
  'get /api/audit': { query: 'limit=2', status: 200 },
  'get /api/tokens': { token: 'admin', status: 200 },
  'post /api/tokens': { body: { name: 'openapi-probe', role: 'reader' }, token: 'admin', status: 201 },
  'delete /api/tokens/{name}': { params: { name: 'openapi-probe' }, token: 'admin', status: 200 },
  'post /api/jobs': { body: { kind: 'incremental', since: '2026-01-01' }, token: 'admin', status: 202 },
  'get /api/jobs': { token: 'admin', status: 200 },
  'get /api/jobs/{id}': { params: () => ({ id: startedJob }), token: 'admin', status: 200 },
  'post /api/jobs/{id}/cancel': { params: () => ({ id: startedJob }), token: 'admin', status: 200 },
};
/** The job the `post /api/jobs` sample started, for the routes that take a job id. */
let startedJob = '';

describe('the OpenAPI description', () => {
  it('describes every route, and every route answers as described', async () => {
    const { status, body: doc } = await getJson(`${base}/api/openapi.json`);
    expect(status).toBe(200);
    expect(doc.openapi).toBe('3.1.0');
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    ajv.addSchema(doc, 'openapi');
    const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([route, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ key: `${method} ${route}`, route, method, operation })),
    );
    // Every interface route is described (the description is generated from the routes themselves).
    expect(operations.map((o) => o.key).sort()).toEqual(Object.keys(SAMPLES).filter((key) => key !== 'get /api/openapi.json').sort());

    for (const { key, route, method, operation } of operations) {
      const sample = SAMPLES[key]!;
      const params = typeof sample.params === 'function' ? sample.params() : sample.params;
      const url = `${base}${route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params![name]!))}${sample.query ? `?${sample.query}` : ''}`;
      const token = sample.token ? tokens[sample.token as keyof typeof tokens] : null;
      const response = await sendJson(url, { method: method.toUpperCase(), token, body: sample.body });
      expect(response.status, `${key}: ${JSON.stringify(response.body)}`).toBe(sample.status);
      if (key === 'post /api/jobs') startedJob = response.body.id;
      const described = operation.responses[String(response.status)];
      expect(described, `${key} answered ${response.status}, which is not described`).toBeDefined();
      const pointer = `openapi#/paths/${route.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/responses/${response.status}/content/application~1json/schema`;
      const valid = ajv.validate({ $ref: pointer }, response.body);
      expect(valid, `${key}: ${ajv.errorsText(ajv.errors)}`).toBe(true);

      // The described security is what the route does: without a token, 401 with a described body.
      if (operation.security?.length) {
        const anonymous = await sendJson(url, { method: method.toUpperCase(), body: sample.body });
        expect(anonymous.status, key).toBe(401);
        expect(operation.responses['401'], key).toBeDefined();
        expect(ajv.validate({ $ref: pointer.replace(`/responses/${response.status}/`, '/responses/401/') }, anonymous.body), key).toBe(true);
      }
    }
    // The job started above ends (cancelled or done) before other tests start theirs.
    for (let job = (await sendJson(`${base}/api/jobs/${startedJob}`, { token: tokens.admin })).body; ['queued', 'running'].includes(job.state); ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await sendJson(`${base}/api/jobs/${startedJob}`, { token: tokens.admin })).body;
    }
  });
});

/**
 * /openapi.json (API.md §1 [extension]) describes what the service really sends: every route's
 * real responses validate against it (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses), and it
 * agrees with upstream's server.yaml except where API.md records a decision to differ.
 */
import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildObservedApp } from '../test-support/observed-app';

type Json = Record<string, any>;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as typeof addFormatsModule;

const UPSTREAM: Json = parseYaml(readFileSync('/work/shared/reference/upstream-openapi.yaml', 'utf8'));

/** Where this document deliberately differs from upstream's, with the API.md section deciding it. */
const EXCEPTIONS = {
  extraOperations: { 'GET /openapi.json': 'API.md §1 [extension]: this document' },
  /** Parameters we document and upstream does not. */
  extraParameters: {
    'GET / header:X-Request-Id': 'API.md §2.1: every chain route takes a request ID',
    'POST /v1/bundle header:X-Request-Id': 'API.md §2.1',
    'GET /openapi.json header:X-Request-Id': 'API.md §2.1',
  } as Record<string, string>,
  /** Upstream says required, we do not. */
  notRequired: { 'GET /v1/query query:selector': 'API.md §11 #29: selector optional, absent = empty' } as Record<string, string>,
  /** Enum values we accept beyond upstream's OpenAPI (its code accepts them too). */
  extraEnumValues: { service: ['kind'], platform: ['dynamo'] } as Record<string, string[]>, // API.md §11 #7, #9
  /** Upstream's RecipeResponse is stale: kind Recipe, created, object constraints, order/repository. */
  recipeShape: 'API.md §8.2, §11 #11: RecipeResult as emitted (kind RecipeResult, constraints a list)',
  /** Upstream's 200 status bodies list extra optional fields we never send, or lack ours. */
  bodyFields: {
    'GET /health 200': { upstreamOnly: ['reason'], oursOnly: [] as string[], why: 'API.md §8.7: /health has no reason' },
    'GET /ready 200': { upstreamOnly: [] as string[], oursOnly: ['checks'], why: 'API.md §8.7 [extension]: checks' },
    'GET /ready 503': { upstreamOnly: [] as string[], oursOnly: ['checks'], why: 'API.md §8.7 [extension]: checks' },
  } as Record<string, { upstreamOnly: string[]; oursOnly: string[]; why: string }>,
};

let app: FastifyInstance;
let doc: Json;
let ajv: InstanceType<typeof Ajv2020Module>;
let recipeBody: string;

beforeAll(async () => {
  app = await buildObservedApp();
  const res = await app.inject({ url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  // The whole document as one schema, so `#/components/schemas/…` references resolve.
  ajv.addSchema(doc, 'openapi.json', undefined, false);
  recipeBody = (await app.inject({ url: '/v1/recipe?service=eks&accelerator=h100&intent=training' })).body;
}, 60_000);
afterAll(async () => {
  await app.close();
});

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function validateAgainst(schemaPath: string, value: unknown): void {
  const validate = ajv.getSchema(`openapi.json#/${schemaPath}`) ?? ajv.compile({ $ref: `openapi.json#/${schemaPath}` });
  const ok = validate(value);
  expect(ok, `${schemaPath}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(value).slice(0, 300)}`).toBe(true);
}

/** Checks one real response against the operation's documented response for its status. */
function expectDocumented(method: string, path: string, res: LightMyRequestResponse): void {
  const op = doc.paths[path]?.[method.toLowerCase()];
  expect(op, `${method} ${path} is documented`).toBeDefined();
  const documented = op.responses[String(res.statusCode)];
  expect(documented, `${method} ${path} documents status ${res.statusCode}`).toBeDefined();
  const mediaType = String(res.headers['content-type']).split(';')[0];
  const content = documented.content?.[mediaType];
  expect(content, `${method} ${path} ${res.statusCode} documents ${mediaType}`).toBeDefined();
  if (mediaType === 'application/json') {
    validateAgainst(pointer('paths', path, method.toLowerCase(), 'responses', String(res.statusCode), 'content', mediaType, 'schema'), res.json());
  }
  for (const [name, header] of Object.entries<Json>(documented.headers ?? {})) {
    const value = res.headers[name.toLowerCase()];
    if (value === undefined) continue;
    const typed = header.schema.type === 'integer' ? Number(value) : value;
    const validate = ajv.compile(header.schema);
    expect(validate(typed), `${method} ${path} header ${name}=${String(value)}`).toBe(true);
  }
  // The §2 headers are on every chain response; the document must name the ones we send.
  for (const name of ['x-request-id', 'x-api-version', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after', 'cache-control']) {
    if (res.headers[name] === undefined) continue;
    const names = Object.keys(documented.headers ?? {}).map((h) => h.toLowerCase());
    expect(names, `${method} ${path} ${res.statusCode} documents ${name}`).toContain(name);
  }
}

describe('real responses validate against /openapi.json', () => {
  const cases: Array<{ method: 'GET' | 'POST'; path: string; url?: string; body?: () => string; type?: string; status: number }> = [
    { method: 'GET', path: '/', status: 200 },
    { method: 'GET', path: '/v1/recipe', url: '/v1/recipe?service=eks&accelerator=h100&intent=training&nodes=8', status: 200 },
    { method: 'GET', path: '/v1/recipe', url: '/v1/recipe?accelerator=tpu', status: 400 },
    { method: 'POST', path: '/v1/recipe', body: () => 'kind: RecipeCriteria\nspec:\n  service: gke\n', type: 'application/x-yaml', status: 200 },
    { method: 'POST', path: '/v1/recipe', body: () => '{"kind":"Foo"}', type: 'application/json', status: 400 },
    { method: 'GET', path: '/v1/query', url: '/v1/query?service=eks&selector=criteria.service', status: 200 },
    { method: 'GET', path: '/v1/query', url: '/v1/query?service=eks&selector=deploymentOrder', status: 200 },
    { method: 'GET', path: '/v1/query', url: '/v1/query?service=eks&selector=no.such.path', status: 404 },
    { method: 'POST', path: '/v1/query', body: () => '{"criteria":{"service":"eks"},"selector":"components.gpu-operator"}', type: 'application/json', status: 200 },
    { method: 'POST', path: '/v1/query', body: () => '{}', type: 'application/json', status: 400 },
    { method: 'POST', path: '/v1/bundle', url: '/v1/bundle?bundlers=cert-manager', body: () => recipeBody, type: 'application/json', status: 200 },
    { method: 'POST', path: '/v1/bundle', url: '/v1/bundle?deployer=kubectl', body: () => recipeBody, type: 'application/json', status: 400 },
    { method: 'GET', path: '/health', status: 200 },
    { method: 'GET', path: '/ready', status: 200 },
    { method: 'GET', path: '/metrics', status: 200 },
    { method: 'GET', path: '/openapi.json', status: 200 },
  ];
  for (const c of cases) {
    it(`${c.method} ${c.url ?? c.path} → ${c.status}`, async () => {
      const res = await app.inject({
        method: c.method,
        url: c.url ?? c.path,
        ...(c.body ? { payload: c.body(), headers: { 'content-type': c.type! } } : {}),
      });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(c.status);
      expectDocumented(c.method, c.path, res);
    });
  }

  it('a 429 and a 503 validate as documented', async () => {
    const limited = await buildObservedApp({ env: { AICR_RATE_LIMIT: '1', AICR_RATE_LIMIT_BURST: '1' } });
    try {
      expect((await limited.inject({ url: '/v1/recipe' })).statusCode).toBe(200);
      const res = await limited.inject({ url: '/v1/recipe' });
      expect(res.statusCode).toBe(429);
      expectDocumented('GET', '/v1/recipe', res);
    } finally {
      await limited.close();
    }
    const notReady = await app.inject({ url: '/ready' });
    app.deps.readiness.markStopping();
    const stopping = await app.inject({ url: '/ready' });
    app.deps.readiness.state = 'ready';
    expect(notReady.statusCode).toBe(200);
    expect(stopping.statusCode).toBe(503);
    expectDocumented('GET', '/ready', stopping);
  });

  it('errors outside documented operations (unknown route 404, 405) are the documented envelope', async () => {
    for (const res of [await app.inject({ url: '/nope' }), await app.inject({ method: 'DELETE', url: '/v1/recipe' })]) {
      expect([404, 405]).toContain(res.statusCode);
      validateAgainst('components/schemas/ErrorEnvelope', res.json());
    }
  });

  it('describes the shape actually emitted: RecipeResult, constraints as a list (API.md §8.2)', () => {
    const recipe = doc.components.schemas.RecipeResult;
    expect(recipe.properties.kind).toMatchObject({ enum: ['RecipeResult'] });
    expect(recipe.properties.constraints.type).toBe('array');
    expect(recipe.properties).not.toHaveProperty('created');
    expect(doc.openapi).toBe('3.1.0');
  });

  it('/docs serves the browsable page of this document', async () => {
    const page = await app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger');
    expect(page.headers['x-ratelimit-limit']).toBe('100');
  });

  it('/docs and its assets carry a Content-Security-Policy that works over plain HTTP', async () => {
    const page = await app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    const asset = await app.inject({ url: '/docs/static/swagger-initializer.js' });
    expect(asset.statusCode).toBe(200);
    for (const res of [page, asset]) {
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
  });
});

describe('agreement with upstream server.yaml', () => {
  const operations = (d: Json) =>
    Object.entries<Json>(d.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`));
  const op = (d: Json, key: string) => {
    const [m, path] = key.split(' ');
    return d.paths[path][m.toLowerCase()];
  };
  const deref = (d: Json, schema: Json): Json => (schema?.$ref ? deref(d, d.components.schemas[schema.$ref.split('/').pop()]) : schema ?? {});

  it('has the same operations (plus the documented extensions)', () => {
    expect(operations(doc).sort()).toEqual([...operations(UPSTREAM), ...Object.keys(EXCEPTIONS.extraOperations)].sort());
  });

  it('has the same parameters, requiredness and types; enums extended only as API.md decides', () => {
    for (const key of operations(UPSTREAM)) {
      const params = (d: Json) => new Map<string, Json>((op(d, key).parameters ?? []).map((p: Json) => [`${p.in}:${p.name}`, p]));
      const theirs = params(UPSTREAM);
      const ours = params(doc);
      const extra = [...ours.keys()].filter((k) => !theirs.has(k));
      expect(extra.filter((k) => !EXCEPTIONS.extraParameters[`${key} ${k}`]), key).toEqual([]);
      for (const [name, p] of theirs) {
        const mine = ours.get(name);
        expect(mine, `${key} ${name}`).toBeDefined();
        if (!EXCEPTIONS.notRequired[`${key} ${name}`]) expect(Boolean(mine!.required), `${key} ${name} required`).toBe(Boolean(p.required));
        expect(mine!.schema.type, `${key} ${name} type`).toBe(p.schema.type);
        if (p.schema.enum) {
          const allowedExtra = EXCEPTIONS.extraEnumValues[name === 'query:gpu' ? 'accelerator' : name.split(':')[1]] ?? [];
          expect([...mine!.schema.enum].sort(), `${key} ${name} enum`).toEqual([...new Set([...p.schema.enum, ...allowedExtra.filter((v) => mine!.schema.enum.includes(v))])].sort());
          for (const v of p.schema.enum) expect(mine!.schema.enum).toContain(v);
        }
      }
      // Request bodies: same media types.
      const bodyTypes = (d: Json) => Object.keys(op(d, key).requestBody?.content ?? {}).sort();
      expect(bodyTypes(doc), `${key} body`).toEqual(bodyTypes(UPSTREAM));
    }
  });

  it('documents every upstream response status, media type, header and body shape', () => {
    for (const key of operations(UPSTREAM)) {
      for (const [status, theirs] of Object.entries<Json>(op(UPSTREAM, key).responses)) {
        const ours = op(doc, key).responses[status];
        expect(ours, `${key} ${status}`).toBeDefined();
        expect(Object.keys(ours.content ?? {}), `${key} ${status} media`).toEqual(Object.keys(theirs.content ?? {}));
        for (const h of Object.keys(theirs.headers ?? {})) expect(Object.keys(ours.headers ?? {}), `${key} ${status} header`).toContain(h);

        const media = Object.keys(theirs.content ?? {})[0];
        const a = deref(UPSTREAM, theirs.content?.[media]?.schema);
        const b = deref(doc, ours.content?.[media]?.schema);
        if (a === UPSTREAM.components.schemas.RecipeResponse) {
          // EXCEPTIONS.recipeShape: ours is the emitted RecipeResult.
          expect(b).toBe(doc.components.schemas.RecipeResult);
          continue;
        }
        expect(b.type, `${key} ${status} type`).toBe(a.type);
        if (a.type === 'object') {
          const exception = EXCEPTIONS.bodyFields[`${key} ${status}`] ?? { upstreamOnly: [], oursOnly: [] };
          const required = (b.required ?? []).filter((p: string) => !exception.oursOnly.includes(p));
          expect([...required].sort(), `${key} ${status} required`).toEqual([...(a.required ?? [])].sort());
          const theirsProps = Object.keys(a.properties ?? {}).filter((p) => !exception.upstreamOnly.includes(p));
          const oursProps = Object.keys(b.properties ?? {}).filter((p) => !exception.oursOnly.includes(p));
          expect(oursProps.sort(), `${key} ${status} properties`).toEqual(theirsProps.sort());
        }
        if (a.format) expect(b.format).toBe(a.format);
      }
    }
  });

  it('the error body is upstream’s Error: same fields, same required ones', () => {
    const theirs = UPSTREAM.components.schemas.Error;
    const ours = doc.components.schemas.ErrorEnvelope;
    expect(Object.keys(ours.properties).sort()).toEqual(Object.keys(theirs.properties).sort());
    expect([...ours.required].sort()).toEqual([...theirs.required].sort());
  });
});

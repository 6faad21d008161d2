/**
 * The gateway on a real socket: the seed's recipe and query curl examples, plus what only the
 * wire shows (oversized headers, slow clients, CRLF in X-Request-Id).
 */
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, EKS_TRAINING_CRITERIA_YAML } from './test-support/app-fixture';

const run = promisify(execFile);
let app: FastifyInstance;
let base: string;
let port: number;

beforeAll(async () => {
  app = await buildTestApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());

/** curl with the seed's arguments (URL host rewritten), returning status, headers and body. */
async function curl(...args: string[]) {
  const rewritten = args.map((a) => a.replace('http://localhost:8080', base));
  const { stdout } = await run('curl', ['-s', '-D', '-', ...rewritten], { maxBuffer: 16 * 1024 * 1024 });
  const split = stdout.indexOf('\r\n\r\n');
  const head = stdout.slice(0, split);
  const body = stdout.slice(split + 4);
  const status = Number(head.split(' ')[1]);
  const headers = Object.fromEntries(head.split('\r\n').slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status, headers, body };
}

function expectRecipe(r: Awaited<ReturnType<typeof curl>>, criteria: Record<string, unknown>) {
  expect(r.status, r.body).toBe(200);
  expect(r.headers['content-type']).toBe('application/json');
  const body = JSON.parse(r.body);
  expect(body.kind).toBe('RecipeResult');
  expect(body.criteria).toMatchObject(criteria);
  for (const ref of body.componentRefs) expect(ref).toEqual(expect.objectContaining({ name: expect.any(String), type: expect.any(String), source: expect.any(String) }));
  return body;
}

describe("the seed's curl examples", () => {
  it('GET recipes', async () => {
    expectRecipe(await curl('http://localhost:8080/v1/recipe?accelerator=h100&service=eks'), { accelerator: 'h100', service: 'eks' });
    expectRecipe(await curl('http://localhost:8080/v1/recipe?accelerator=h100&service=eks&intent=training&os=ubuntu'), { os: 'ubuntu', intent: 'training' });
    expectRecipe(await curl('http://localhost:8080/v1/recipe'), { service: 'any' });
    expectRecipe(await curl('http://localhost:8080/v1/recipe?accelerator=h100'), { accelerator: 'h100' });
    expectRecipe(await curl('http://localhost:8080/v1/recipe?service=eks&accelerator=h100&intent=training&os=ubuntu&nodes=8'), { nodes: 8 });
    expectRecipe(await curl('http://localhost:8080/v1/recipe?gpu=gb200&service=gke'), { accelerator: 'gb200', service: 'gke' });
    const body = expectRecipe(await curl('http://localhost:8080/v1/recipe?accelerator=h100&service=eks&intent=training'), {});
    for (const ref of body.componentRefs) expect(ref.name).toBeTruthy();
  });

  it('POST recipes (YAML and JSON bodies)', async () => {
    for (const ct of ['application/x-yaml', 'application/yaml']) {
      expectRecipe(await curl('-X', 'POST', 'http://localhost:8080/v1/recipe', '-H', `Content-Type: ${ct}`, '-d', EKS_TRAINING_CRITERIA_YAML), { service: 'eks', intent: 'training' });
    }
    const json = '{\n    "kind": "RecipeCriteria",\n    "apiVersion": "aicr.nvidia.com/v1alpha1",\n    "metadata": {"name": "training-config"},\n    "spec": {\n      "service": "eks",\n      "accelerator": "h100",\n      "intent": "training"\n    }\n  }';
    expectRecipe(await curl('-X', 'POST', 'http://localhost:8080/v1/recipe', '-H', 'Content-Type: application/json', '-d', json), { service: 'eks' });
    expectRecipe(
      await curl('-X', 'POST', 'http://localhost:8080/v1/recipe', '-H', 'Content-Type: application/json', '-d', '{"kind":"RecipeCriteria","apiVersion":"aicr.nvidia.com/v1alpha1","spec":{"service":"eks","accelerator":"h100"}}'),
      { service: 'eks', accelerator: 'h100' },
    );
  });

  it('GET queries', async () => {
    const version = await curl('http://localhost:8080/v1/query?service=eks&accelerator=h100&intent=training&selector=components.gpu-operator.values.driver.version');
    expect(version.status).toBe(200);
    expect(typeof JSON.parse(version.body)).toBe('string');
    const order = await curl('http://localhost:8080/v1/query?service=eks&accelerator=h100&intent=training&selector=deploymentOrder');
    expect(order.status).toBe(200);
    expect(JSON.parse(order.body)).toContain('gpu-operator');
    const driver = await curl('http://localhost:8080/v1/query?service=eks&accelerator=h100&selector=components.gpu-operator.values.driver');
    expect(driver.status).toBe(200);
    expect(JSON.parse(driver.body)).toHaveProperty('version');
  });

  it('curl -I (HEAD) gives the GET headers', async () => {
    const r = await curl('-I', 'http://localhost:8080/v1/recipe?accelerator=h100');
    expect(r.status).toBe(200);
    expect(r.headers['x-api-version']).toBe('v1');
    expect(r.headers['cache-control']).toBe('public, max-age=600');
    expect(Number(r.headers['content-length'])).toBeGreaterThan(100);
  });

  it('GET / and the health endpoints', async () => {
    expect(JSON.parse((await curl('http://localhost:8080/')).body).service).toBe('aicrd');
    expect(JSON.parse((await curl('http://localhost:8080/health')).body).status).toBe('healthy');
    expect(JSON.parse((await curl('http://localhost:8080/ready')).body).status).toBe('ready');
  });
});

/** Writes raw bytes and collects everything until the server closes (or `waitMs`). */
function raw(data: string, waitMs = 3_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => (socket.destroy(), resolve(out)), waitMs);
    socket.on('data', (d) => (out += d.toString()));
    socket.on('close', () => (clearTimeout(timer), resolve(out)));
    socket.on('error', (e) => (clearTimeout(timer), out ? resolve(out) : reject(e)));
    socket.write(data);
  });
}

describe('wire-level limits', () => {
  it('headers over 64 KiB → 431 envelope (H2)', async () => {
    const out = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`);
    expect(out).toMatch(/^HTTP\/1\.1 431 /);
    const body = JSON.parse(out.slice(out.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ code: 'INVALID_REQUEST', message: 'Request header fields too large', retryable: false });
    expect(out).toContain(`X-Request-Id: ${body.requestId}`);
  });

  it('headers not complete within 5 s → 408 envelope, connection closed (H30)', async () => {
    const start = Date.now();
    const out = await raw('GET / HTTP/1.1\r\nHost: x\r\n', 9_000);
    expect(Date.now() - start).toBeLessThan(8_500);
    expect(out).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(out.slice(out.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'INVALID_REQUEST', message: 'Request timeout' });
  }, 15_000);

  it('a body not complete within 10 s → 408 envelope (H30)', async () => {
    const start = Date.now();
    const out = await raw('POST /v1/recipe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"spec":', 14_000);
    expect(Date.now() - start).toBeLessThan(13_000);
    expect(out).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(out.slice(out.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'INVALID_REQUEST', message: 'Request timeout', retryable: false });
  }, 20_000);

  it('an X-Request-Id carrying CRLF is never reflected (H29)', async () => {
    const out = await raw('GET / HTTP/1.1\r\nHost: x\r\nX-Request-Id: 550e8400-e29b-41d4-a716-446655440000\rX-Evil: 1\r\nConnection: close\r\n\r\n');
    expect(out).not.toMatch(/X-Evil/i);
    expect(out).not.toContain('550e8400-e29b-41d4-a716-446655440000');
  });

  it('chunked body over 1 MiB → 413 (H1)', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    let req = 'POST /v1/recipe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n';
    for (let i = 0; i < 20; i++) req += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    req += '0\r\n\r\n';
    const out = await raw(req);
    expect(out).toMatch(/^HTTP\/1\.1 413 /);
    expect(out).toContain('"message":"Request body too large","details":{"limit":1048576}');
  });
});

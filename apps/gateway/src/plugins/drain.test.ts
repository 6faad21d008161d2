/**
 * Graceful shutdown, HTTP half (API.md §9): close() lets an in-flight request on a keep-alive
 * connection finish, answers it with Connection: close, refuses new connections, and completes
 * long before the keep-alive timeout.
 */
import http from 'node:http';
import type { Criteria, RecipeResult, RecipeSource } from '@aicr/contracts';
import { afterEach, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildObservedApp } from '../test-support/observed-app';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function get(port: number, path: string, agent: http.Agent | false): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

it('finishes the in-flight request with Connection: close, refuses new connections, closes promptly', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const inner: RecipeSource = {
    async resolve(criteria: Criteria): Promise<RecipeResult> {
      await gate;
      return { kind: 'RecipeResult', apiVersion: 'aicr.nvidia.com/v1alpha1', metadata: { appliedOverlays: ['base'] }, criteria, componentRefs: [], deploymentOrder: [] } as unknown as RecipeResult;
    },
    async query() {
      return null;
    },
    async ready() {
      return true;
    },
    async close() {},
  };
  app = await buildObservedApp({ recipeSource: inner });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true });
  // Warm a keep-alive connection, then start the slow request on it.
  expect((await get(port, '/', agent)).status).toBe(200);
  const slow = get(port, '/v1/recipe', agent);
  await new Promise((r) => setTimeout(r, 50));

  const started = Date.now();
  const closed = app.close();
  await new Promise((r) => setTimeout(r, 50));
  expect(app.deps.readiness.state).toBe('stopping');
  await expect(get(port, '/', false)).rejects.toThrow(/ECONNREFUSED/);

  release();
  const res = await slow;
  expect(res.status).toBe(200);
  expect(res.headers.connection).toBe('close');
  await closed;
  expect(Date.now() - started).toBeLessThan(5_000);
  agent.destroy();
  app = undefined;
});

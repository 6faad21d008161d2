import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { AicrError, ANY_CRITERIA, API_VERSION, type Criteria, type RecipeResult } from '@aicr/contracts';
import { aicrError, freePort } from '@aicr/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpRecipeSource } from './index';

const criteria: Criteria = { ...ANY_CRITERIA, service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu' };

/** What a recipe service would answer; the client passes it through untouched. */
const recipe: RecipeResult = {
  kind: 'RecipeResult',
  apiVersion: API_VERSION,
  metadata: { version: 'dev', appliedOverlays: ['base'] },
  criteria,
  componentRefs: [{ name: 'gpu-operator', namespace: 'gpu-operator', type: 'Helm', source: 'https://helm.ngc.nvidia.com/nvidia', version: 'v25.3.0' }],
  deploymentOrder: ['gpu-operator'],
};

function addressOf(server: HttpServer | NetServer): string {
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function listen<S extends HttpServer | NetServer>(server: S): Promise<S> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function close(server: HttpServer | NetServer, sockets: Set<Socket> = new Set()): Promise<void> {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('createHttpRecipeSource failures', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const sourceFor = (baseUrl: string, timeoutMs = 2_000) => {
    const s = createHttpRecipeSource({ baseUrl, timeoutMs });
    cleanups.push(() => s.close());
    return s;
  };
  /** A TCP server that accepts connections and never says a word. */
  const silentServer = async () => {
    const sockets = new Set<Socket>();
    const server = await listen(createNetServer((s) => sockets.add(s)));
    cleanups.push(() => close(server, sockets));
    return addressOf(server);
  };

  it('maps connection refused to 503 SERVICE_UNAVAILABLE with Retry-After', async () => {
    const source = sourceFor(`http://127.0.0.1:${await freePort()}`);
    const e = await aicrError(source.resolve(criteria));
    expect([e.code, e.message, e.status, e.retryable, e.headers['Retry-After']]).toEqual(['SERVICE_UNAVAILABLE', 'Recipe service unavailable', 503, true, '1']);
    expect(e.details?.error).toMatch(/ECONNREFUSED/);
    expect(await source.ready()).toBe(false);
  });

  it('maps a socket hang-up to 503', async () => {
    const server = await listen(createNetServer((s) => s.destroy()));
    cleanups.push(() => close(server));
    const e = await aicrError(sourceFor(addressOf(server)).query(criteria, 'x'));
    expect([e.code, e.status]).toEqual(['SERVICE_UNAVAILABLE', 503]);
  });

  it('maps an unresolvable host to 503', async () => {
    // Generous deadline: a resolver without network may take a while to say EAI_AGAIN.
    const e = await aicrError(sourceFor('http://recipe-service.invalid:8080', 10_000).resolve(criteria));
    expect([e.code, e.status]).toEqual(['SERVICE_UNAVAILABLE', 503]);
  });

  it('maps a proxy error page (no AicrError body) to 503', async () => {
    const server = await listen(createHttpServer((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>')));
    cleanups.push(() => close(server));
    const e = await aicrError(sourceFor(addressOf(server)).resolve(criteria));
    expect([e.code, e.status]).toEqual(['SERVICE_UNAVAILABLE', 503]);
  });

  it('gives 504 TIMEOUT within timeoutMs when the service accepts but never answers', async () => {
    const source = sourceFor(await silentServer(), 300);
    const t0 = Date.now();
    const e = await aicrError(source.resolve(criteria));
    const elapsed = Date.now() - t0;
    expect([e.code, e.message, e.details, e.status, e.retryable]).toEqual(['TIMEOUT', 'Request timed out', { stage: 'recipe-service' }, 504, true]);
    // Bounded by the deadline (loose upper margin for a loaded CI machine), not by the silence.
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('stops at the caller signal before its own deadline; an AicrError reason passes through', async () => {
    const source = sourceFor(await silentServer(), 10_000);
    const t0 = Date.now();
    const timedOut = await aicrError(source.resolve(criteria, AbortSignal.timeout(100)));
    expect([timedOut.code, timedOut.status]).toEqual(['TIMEOUT', 504]);
    expect(Date.now() - t0).toBeLessThan(2_000);

    const ctl = new AbortController();
    const pending = source.query(criteria, 'x', ctl.signal);
    ctl.abort(new AicrError('SERVICE_UNAVAILABLE', 'Service is shutting down'));
    const e = await aicrError(pending);
    expect([e.code, e.message]).toEqual(['SERVICE_UNAVAILABLE', 'Service is shutting down']);
  });

  it('reports not ready within about a second when /ready never answers', async () => {
    const source = sourceFor(await silentServer(), 30_000);
    const t0 = Date.now();
    expect(await source.ready()).toBe(false);
    expect(Date.now() - t0).toBeLessThan(2_500);
  });

  it('retries once on a fresh socket when a pooled keep-alive socket was closed by the server', async () => {
    let served = 0;
    const server = await listen(
      createHttpServer((req, res) => {
        // Every connection's second request meets a closed socket, as after an idle timeout.
        const s = req.socket as Socket & { requests?: number };
        s.requests = (s.requests ?? 0) + 1;
        if (s.requests > 1) return s.destroy();
        served++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(recipe));
      }),
    );
    cleanups.push(async () => {
      server.closeAllConnections();
      await close(server);
    });
    const source = sourceFor(addressOf(server));
    await source.resolve(criteria);
    const second = await source.resolve(criteria);
    expect(second).toEqual(recipe);
    expect(served).toBe(2);
  });

  it('fails fast with 503 and reports not ready after close()', async () => {
    const source = createHttpRecipeSource({ baseUrl: await silentServer(), timeoutMs: 5_000 });
    await source.close();
    const e = await aicrError(source.resolve(criteria));
    expect([e.code, e.status]).toEqual(['SERVICE_UNAVAILABLE', 503]);
    expect(await source.ready()).toBe(false);
  });

  it('rejects a base URL that is not http(s)', () => {
    expect(() => createHttpRecipeSource({ baseUrl: 'ftp://recipes', timeoutMs: 1_000 })).toThrow(/http/);
  });
});

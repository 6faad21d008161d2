/**
 * The worker's only port (AICR_METRICS_PORT, API.md §8.7): `/health` is 200 while the Redis
 * connection is up and 503 otherwise; `/metrics` is Prometheus text.
 */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface HealthServerDeps {
  connected(): boolean;
  registry: Registry;
}

export async function startHealthServer(port: number, host: string, deps: HealthServerDeps): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { status: 'method not allowed' });
    if (path === '/health') {
      const timestamp = new Date().toISOString();
      return deps.connected()
        ? json(200, { status: 'healthy', timestamp })
        : json(503, { status: 'unhealthy', timestamp, reason: 'redis is unreachable' });
    }
    if (path === '/metrics') {
      deps.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': deps.registry.contentType }).end(text),
        () => json(500, { status: 'metrics unavailable' }),
      );
      return;
    }
    json(404, { status: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

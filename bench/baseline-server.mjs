// The yardstick of the HTTP benchmarks: a bare fastify route returning a small JSON object, in
// its own process, started exactly like the servers it is compared with (same node, same flags).
// Plain JS so it needs no loader; logger off because the point is fastify's floor, not ours.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pino from 'pino';
import { Counter, Histogram, Registry } from 'prom-client';

const app = Fastify({ logger: false });
app.get('/ping', async () => ({ status: 'ok', service: 'baseline' }));
// The same floor with a body as large as a recipe (BODY_BYTES, pre-serialised like the gateway's
// cached answers): separates what the payload size costs on loopback from what our code costs.
const body = Buffer.from(JSON.stringify({ pad: 'x'.repeat(Math.max(0, Number(process.env.BODY_BYTES ?? 0) - 10)) }));
app.get('/body', async (_request, reply) => reply.type('application/json').send(body));

// /floor: /body plus the work API.md §2 asks of every API request, each done plainly (one hook
// each way, no checks) with the libraries and settings the gateway uses and none of its code: a request id,
// the version, rate-limit and cache headers, one JSON log line (buffered stderr, as
// libs/platform's logger), the request counter and duration histogram. What the gateway costs
// beyond this is what our own code adds; what this costs beyond /body, the contract itself.
const logDestination = pino.destination({ dest: 2, sync: true, minLength: 4096, periodicFlush: 250 });
process.once('exit', () => logDestination.flushSync());
const log = pino(
  {
    level: 'info',
    base: { service: 'baseline', pid: process.pid },
    // fastify's own request and reply serializers, as the gateway's log lines use them.
    serializers: {
      req: (r) => ({ method: r.method, url: r.url, host: r.host, remoteAddress: r.ip, remotePort: r.socket?.remotePort }),
      res: (r) => ({ statusCode: r.statusCode }),
    },
  },
  logDestination,
);
const registry = new Registry();
const requests = new Counter({ name: 'floor_requests_total', help: 'requests', labelNames: ['method', 'path', 'status'], registers: [registry] });
const duration = new Histogram({
  name: 'floor_request_duration_seconds',
  help: 'duration',
  labelNames: ['method', 'path'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
const kStart = Symbol('start');
app.get(
  '/floor',
  {
    onRequest: (request, reply, done) => {
      request[kStart] = process.hrtime.bigint();
      reply
        .header('x-request-id', randomUUID())
        .header('x-api-version', 'v1')
        .header('x-ratelimit-limit', '100')
        .header('x-ratelimit-remaining', '199')
        .header('x-ratelimit-reset', String(Math.floor(Date.now() / 1000) + 1));
      done();
    },
    onResponse: (request, reply, done) => {
      requests.inc({ method: request.method, path: '/floor', status: String(reply.statusCode) });
      duration.observe({ method: request.method, path: '/floor' }, Number(process.hrtime.bigint() - request[kStart]) / 1e9);
      log.child({ reqId: reply.getHeader('x-request-id') }).info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
      done();
    },
  },
  async (_request, reply) => reply.header('cache-control', 'public, max-age=600').type('application/json').send(body),
);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
// Drain and exit on SIGTERM so the parent can read our peak RSS before we go.
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));

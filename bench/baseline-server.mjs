// The yardstick of the HTTP benchmarks: a bare fastify route returning a small JSON object, in
// its own process, started exactly like the servers it is compared with (same node, same flags).
// Plain JS so it needs no loader; logger off because the point is fastify's floor, not ours.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/ping', async () => ({ status: 'ok', service: 'baseline' }));
// The same floor with a body as large as a recipe (BODY_BYTES, pre-serialised like the gateway's
// cached answers): separates what the payload size costs on loopback from what our code costs.
const body = Buffer.from(JSON.stringify({ pad: 'x'.repeat(Math.max(0, Number(process.env.BODY_BYTES ?? 0) - 10)) }));
app.get('/body', async (_request, reply) => reply.type('application/json').send(body));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
// Drain and exit on SIGTERM so the parent can read our peak RSS before we go.
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));

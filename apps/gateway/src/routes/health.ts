/**
 * GET /health and GET /ready (API.md §8.7): outside the API chain (no X-API-Version, not
 * rate-limited), plain status bodies rather than envelopes.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { sendJson } from '../plugins/envelope';

const Check = Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]);
export const HealthBody = Type.Object({ status: Type.Literal('healthy'), timestamp: Type.String() });
export const ReadyBody = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  timestamp: Type.String(),
  reason: Type.Optional(Type.String()),
  checks: Type.Object({ recipes: Check, queue: Type.Optional(Check) }),
});
export type ReadyBody = Static<typeof ReadyBody>;

/** A dependency probe that hangs must not hang /ready. */
const PROBE_TIMEOUT_MS = 2_000;
async function probe<T>(work: () => Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work(), new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), PROBE_TIMEOUT_MS)))]);
  } catch {
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsync = async (app) => {
  const { deps } = app;
  const config = { apiChain: false };

  app.get('/health', { config, schema: { response: { 200: HealthBody } } }, async (_request, reply) =>
    sendJson(reply, { status: 'healthy', timestamp: new Date().toISOString() }),
  );

  app.get('/ready', { config, schema: { response: { 200: ReadyBody, 503: ReadyBody } } }, async (_request, reply) => {
    const recipesOk = await probe(() => deps.recipeSource.ready(), false);
    const checks: ReadyBody['checks'] = { recipes: recipesOk ? 'ok' : 'unavailable' };
    // The queue is reported, never decisive: Redis down only fails bundles (§8.7).
    if (deps.config.redisUrl) checks.queue = deps.bundleRunner ? await probe(() => deps.bundleRunner!.status(), 'unavailable') : 'unavailable';

    const state = deps.readiness.state;
    const reason =
      state === 'starting' ? 'service is initializing'
      : state === 'stopping' ? 'service is shutting down'
      : !recipesOk ? 'recipe service is unreachable'
      : undefined;
    const timestamp = new Date().toISOString();
    const body: ReadyBody = reason ? { status: 'not_ready', timestamp, reason, checks } : { status: 'ready', timestamp, checks };
    return sendJson(reply, body, reason ? 503 : 200);
  });
};

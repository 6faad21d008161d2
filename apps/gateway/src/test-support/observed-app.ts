/**
 * The gateway as production builds it (buildApp) with what the observability tests vary: the env
 * (the limiter is the one createRateLimitStore picks for it — Redis-shared with REDIS_URL), an
 * injected recipe source or bundle runner, and the load-shedding thresholds.
 */
import type { FastifyInstance } from 'fastify';
import { buildTestApp, type TestAppOptions } from './app-fixture';

export type ObservedAppOptions = Omit<TestAppOptions, 'rateLimitStore'>;

export function buildObservedApp(options: ObservedAppOptions = {}): Promise<FastifyInstance> {
  return buildTestApp({ ...options, rateLimitStore: 'from-env' });
}

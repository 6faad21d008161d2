/**
 * Load shedding (API.md §3.1 SERVICE_UNAVAILABLE): while the event loop is saturated the
 * gateway answers 503 with Retry-After at once instead of queueing work it cannot finish in
 * time, so clients and load balancers back off. @fastify/under-pressure samples the event loop;
 * this only turns its verdict into the envelope.
 *
 * /health, /ready and /metrics are never shed: a liveness probe failing under load would get a
 * busy-but-healthy replica restarted, and metrics are what shows the overload.
 */
import underPressure from '@fastify/under-pressure';
import { AicrError, ErrorCode, HEADERS } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { globalPlugin } from './global-plugin';

export interface LoadSheddingOptions {
  /** Event-loop delay (ms) above which requests are shed. Default 1000. */
  maxEventLoopDelayMs?: number;
  /** Event-loop utilisation (0–1) above which requests are shed. Default 0.98. */
  maxEventLoopUtilization?: number;
  /** How often the loop is sampled (ms); well above under-pressure's 10 ms resolution, or an
   * interval without a sample reads as infinite delay. Default 1000. */
  sampleIntervalMs?: number;
  /** Retry-After seconds. Default 1. */
  retryAfterSeconds?: number;
}

export const loadSheddingPlugin: FastifyPluginAsync<LoadSheddingOptions> = globalPlugin(async (app, options) => {
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs ?? 1000,
    maxEventLoopUtilization: options.maxEventLoopUtilization ?? 0.98,
    sampleInterval: options.sampleIntervalMs ?? 1000,
    // Resolving lets the request through; rejecting hands the AicrError to the error handler.
    pressureHandler: async (request, _reply, type, value) => {
      if (!request.inApiChain) return;
      throw new AicrError(ErrorCode.SERVICE_UNAVAILABLE, 'Service overloaded', { reason: type, value }, {
        headers: { [HEADERS.retryAfter]: retryAfter },
      });
    },
  });
}, 'aicr-load-shedding');

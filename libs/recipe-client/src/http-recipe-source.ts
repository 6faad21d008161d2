import {
  RECIPE_SERVICE_ROUTES,
  type Criteria,
  type QueryRequest,
  type RecipeResult,
  type RecipeSource,
  type ResolveRequest,
} from '@aicr/contracts';
import { fromErrorResponse, internal, unavailable } from './failures';
import { Transport, type TransportResponse } from './transport';

export interface HttpRecipeSourceOptions {
  /** Base URL of the recipe service, e.g. http://recipe-service:8080 */
  baseUrl: string;
  /** Per-call deadline; past it the call fails with 504 TIMEOUT. */
  timeoutMs: number;
}

/** A readiness probe must answer fast or count as down: /ready must not hang behind it. */
export const READY_TIMEOUT_MS = 1_000;
/** One probe per second at most, however often the gateway's /ready is hit. */
export const READY_CACHE_MS = 1_000;

/**
 * RecipeSource over the recipe service's internal API (split mode). Errors the service sends
 * come back as the same AicrError; an unreachable service is 503, a slow one 504 at timeoutMs.
 */
export function createHttpRecipeSource({ baseUrl, timeoutMs }: HttpRecipeSourceOptions): RecipeSource {
  const transport = new Transport(baseUrl);
  let closed = false;

  async function post(path: string, payload: ResolveRequest | QueryRequest, signal?: AbortSignal): Promise<unknown> {
    if (closed) throw unavailable(new Error('recipe client closed'));
    const res = await transport.request({ method: 'POST', path, body: JSON.stringify(payload), timeoutMs, signal });
    if (res.status < 200 || res.status > 299) throw fromErrorResponse(res.status, res.body);
    return parseBody(res);
  }

  const readiness = cachedProbe(async () => {
    if (closed) return false;
    try {
      const res = await transport.request({ method: 'GET', path: RECIPE_SERVICE_ROUTES.ready, timeoutMs: Math.min(READY_TIMEOUT_MS, timeoutMs) });
      return res.status === 200;
    } catch {
      return false;
    }
  }, READY_CACHE_MS);

  return {
    async resolve(criteria: Criteria, signal?: AbortSignal): Promise<RecipeResult> {
      const body = await post(RECIPE_SERVICE_ROUTES.resolve, { criteria }, signal);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw internal('recipe service sent a non-object recipe');
      return body as RecipeResult;
    },
    async query(criteria: Criteria, selector: string, signal?: AbortSignal): Promise<unknown> {
      const body = await post(RECIPE_SERVICE_ROUTES.query, { criteria, selector }, signal);
      if (typeof body !== 'object' || body === null || !('value' in body)) throw internal('recipe service sent a query answer without value');
      return body.value;
    },
    ready: () => readiness(),
    async close(): Promise<void> {
      closed = true;
      transport.destroy();
    },
  };
}

function parseBody(res: TransportResponse): unknown {
  try {
    // JSON.parse keeps the engine's key order, which the gateway's responses depend on.
    return JSON.parse(res.body);
  } catch {
    throw internal('recipe service sent a body that is not JSON');
  }
}

/** Caches a boolean probe for `ttlMs` and shares one in-flight probe among concurrent callers. */
function cachedProbe(probe: () => Promise<boolean>, ttlMs: number): () => Promise<boolean> {
  let last: { value: boolean; at: number } | undefined;
  let inflight: Promise<boolean> | undefined;
  return () => {
    if (last && Date.now() - last.at < ttlMs) return Promise.resolve(last.value);
    inflight ??= probe().then((value) => {
      last = { value, at: Date.now() };
      inflight = undefined;
      return value;
    });
    return inflight;
  };
}

import { Type, type Static } from 'typebox';
import { Criteria } from './criteria';
import type { SerializedAicrError } from './errors';

/**
 * The recipe service's internal HTTP API (split mode): what @aicr/recipe-client sends and
 * apps/recipe-service answers. Not public: the gateway has already validated and normalised the
 * criteria, so these bodies carry canonical values only.
 */
export const RECIPE_SERVICE_ROUTES = {
  resolve: '/internal/v1/resolve',
  query: '/internal/v1/query',
  health: '/health',
  ready: '/ready',
} as const;

/** POST /internal/v1/resolve → 200 RecipeResult (the engine's key order). */
export const ResolveRequest = Type.Object({ criteria: Criteria }, { $id: 'ResolveRequest', additionalProperties: false });
export type ResolveRequest = Static<typeof ResolveRequest>;

/** POST /internal/v1/query → 200 `{ value }`, or 404 NOT_FOUND when the selector misses. */
export const QueryRequest = Type.Object(
  // No length cap of its own: the gateway checked the selector, the body limit bounds it.
  { criteria: Criteria, selector: Type.String() },
  { $id: 'QueryRequest', additionalProperties: false },
);
export type QueryRequest = Static<typeof QueryRequest>;

export interface QueryResponse {
  value: unknown;
}

/** Every non-2xx body of the internal API: the AicrError as `toJSON()` wrote it. */
export interface RecipeServiceErrorBody {
  error: SerializedAicrError;
}

import type { Criteria, RecipeResult } from '@aicr/contracts';

/**
 * What the service needs of @aicr/recipe-engine's RecipeEngine. Structural, so a test can hold
 * the real engine's answer back (a request in flight during shutdown).
 */
export interface RecipeEngineLike {
  resolve(criteria: Criteria): RecipeResult | Promise<RecipeResult>;
  /** Throws AicrError NOT_FOUND when the selector misses. */
  query(criteria: Criteria, selector: string): unknown;
}

import type { Criteria, RecipeResult } from '@aicr/contracts';

/**
 * What the service needs of @aicr/recipe-engine's RecipeEngine. Structural, so tests can put a
 * fake behind the real HTTP surface (slow answers, defects) without a catalog.
 */
export interface RecipeEngineLike {
  resolve(criteria: Criteria): RecipeResult | Promise<RecipeResult>;
  /** Throws AicrError NOT_FOUND when the selector misses. */
  query(criteria: Criteria, selector: string): unknown;
}

// Placeholder signature so the gateway compiles while this lib is written; replaced by the real client.
import type { RecipeSource } from '@aicr/contracts';

export interface HttpRecipeSourceOptions {
  /** Base URL of the recipe service, e.g. http://recipe-service:8081 */
  baseUrl: string;
  /** Per-call deadline; past it the call fails with 504 TIMEOUT. */
  timeoutMs: number;
}

export function createHttpRecipeSource(_options: HttpRecipeSourceOptions): RecipeSource {
  throw new Error('recipe-client: not implemented yet');
}

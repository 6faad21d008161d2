/**
 * One-process mode: the RecipeSource port over an in-process RecipeEngine. The engine is
 * synchronous and cached; the signal is honoured before the work starts (a request whose
 * deadline already passed does no work).
 */
import type { Criteria, RecipeResult, RecipeSource } from '@aicr/contracts';
import type { RecipeEngine } from '@aicr/recipe-engine';

export class LocalRecipeSource implements RecipeSource {
  constructor(private readonly engine: RecipeEngine) {}

  async resolve(criteria: Criteria, signal?: AbortSignal): Promise<RecipeResult> {
    signal?.throwIfAborted();
    return this.engine.resolve(criteria);
  }

  async query(criteria: Criteria, selector: string, signal?: AbortSignal): Promise<unknown> {
    signal?.throwIfAborted();
    return this.engine.query(criteria, selector);
  }

  async ready(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}

import type { Criteria } from './criteria';
import type { BundleArtifact, BundlePlan } from './bundle';
import type { RecipeResult } from './recipe';

/**
 * How the gateway gets recipes: in-process engine (one-process mode) or the recipe service over
 * HTTP (split mode). The gateway never knows which one it has.
 */
export interface RecipeSource {
  resolve(criteria: Criteria, signal?: AbortSignal): Promise<RecipeResult>;
  /** Value at `selector` in the hydrated recipe; throws AicrError NOT_FOUND on a miss. */
  query(criteria: Criteria, selector: string, signal?: AbortSignal): Promise<unknown>;
  /** Whether the source can answer now (split mode: recipe service reachable). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** How the gateway gets bundles: rendered in-process or through the BullMQ flow. */
export interface BundleRunner {
  run(plan: BundlePlan, options: { deadline: number; requestId: string; signal?: AbortSignal }): Promise<BundleArtifact>;
  /** `ok` or `unavailable`; in-process runners are always ok. */
  status(): Promise<'ok' | 'unavailable'>;
  close(): Promise<void>;
}

import { AicrError, ErrorCode, invalidRequest, serviceVersion, type Criteria, type HydratedComponent, type HydratedRecipe, type RecipeResult } from '@aicr/contracts';
import { buildRecipe } from './build';
import type { Catalog } from './catalog';
import { criteriaKey, isNormalizedCriteria } from './criteria';
import { deepFreeze } from './deep-freeze';
import { hydrateComponents, hydratedRecipe } from './hydrate';
import { LruCache } from './lru-cache';
import { appliedOverlays, orderOverlays } from './match';
import type { RecipeMetadata } from './recipe-metadata';
import { recipeBody, recipeResult, type RecipeBody } from './result';
import { selectPath } from './selector';

export interface RecipeEngineOptions {
  /** metadata.version of every answer; defaults to the service version (AICR_VERSION or `dev`). */
  version?: string;
  /** Entries per cache (results by criteria; hydrated recipes by criteria). Default 1024. */
  cacheSize?: number;
  /**
   * Entries of the results-by-criteria cache only; default `cacheSize`. 0 for a caller that
   * already caches every answer by the same criteria (the one-process gateway's response cache,
   * apps/gateway/src/wiring.ts): a second copy there is never hit, and under requests with ever
   * new criteria each entry lived just long enough to be promoted to V8's old space and die
   * there (docs/benchmarks.md, fix 6). The overlay-level caches underneath stay, so a miss
   * still skips the merge.
   */
  resultCacheSize?: number;
}

const DEFAULT_CACHE_SIZE = 1024;

/**
 * Criteria → recipe over one loaded catalog (RECIPES.md §3–§8). Answers are deeply frozen and
 * cached: by normalised criteria, and underneath by the list of applied overlays, since many
 * criteria (every `nodes` value, every unmatched OS…) select the same overlays.
 */
export class RecipeEngine {
  readonly version: string;
  private readonly ordered: RecipeMetadata[];
  private readonly results: LruCache<string, RecipeResult>;
  private readonly hydrated: LruCache<string, HydratedRecipe>;
  private readonly bodies: LruCache<string, RecipeBody>;
  private readonly components: LruCache<string, Record<string, HydratedComponent>>;

  constructor(readonly catalog: Catalog, options: RecipeEngineOptions = {}) {
    this.version = options.version ?? serviceVersion();
    const size = options.cacheSize ?? DEFAULT_CACHE_SIZE;
    this.results = new LruCache(options.resultCacheSize ?? size);
    this.hydrated = new LruCache(size);
    this.bodies = new LruCache(size);
    this.components = new LruCache(size);
    this.ordered = orderOverlays(catalog.overlays);
  }

  /** The RecipeResult of RECIPES.md §8.1 (frozen; do not mutate). */
  resolve(criteria: Criteria): RecipeResult {
    const key = this.key(criteria);
    const cached = this.results.get(key);
    if (cached) return cached;
    const result = deepFreeze(recipeResult(this.body(criteria).body, criteria, this.version));
    this.results.set(key, result);
    return result;
  }

  /** The hydrated recipe of RECIPES.md §7, keys sorted at every level (frozen). */
  hydrate(criteria: Criteria): HydratedRecipe {
    const key = this.key(criteria);
    const cached = this.hydrated.get(key);
    if (cached) return cached;
    const { body, overlaysKey } = this.body(criteria);
    let components = this.components.get(overlaysKey);
    if (!components) {
      components = deepFreeze(hydrateComponents(this.catalog, body));
      this.components.set(overlaysKey, components);
    }
    const doc = deepFreeze(hydratedRecipe(body, components, criteria, this.version));
    this.hydrated.set(key, doc);
    return doc;
  }

  /** The value at `selector` in the hydrated recipe; AicrError NOT_FOUND on a miss. */
  query(criteria: Criteria, selector: string): unknown {
    return selectPath(this.hydrate(criteria), selector);
  }

  private key(criteria: Criteria): string {
    if (!isNormalizedCriteria(criteria)) {
      throw invalidRequest('Invalid recipe criteria', { error: 'criteria are not normalised' });
    }
    return criteriaKey(criteria);
  }

  private body(criteria: Criteria): { body: RecipeBody; overlaysKey: string } {
    let applied: string[];
    try {
      applied = appliedOverlays(this.ordered, this.catalog.chains, criteria);
    } catch (e) {
      throw buildFailure(e);
    }
    const overlaysKey = applied.join('\n');
    let body = this.bodies.get(overlaysKey);
    if (!body) {
      try {
        body = deepFreeze(recipeBody(buildRecipe(this.catalog, applied)));
      } catch (e) {
        throw buildFailure(e);
      }
      this.bodies.set(overlaysKey, body);
    }
    return { body, overlaysKey };
  }
}

/** A data defect met at request time (checked at load, so only a guard): 500, API.md §6.1. */
function buildFailure(e: unknown): AicrError {
  if (e instanceof AicrError) return e;
  return new AicrError(ErrorCode.INTERNAL_ERROR, 'Failed to build recipe', { error: (e as Error).message }, { cause: e });
}

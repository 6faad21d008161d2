/**
 * What the routes need, handed over once by buildApp and reachable as `app.deps` from every
 * route plugin (the bundle route uses `bundleRunner` and `catalog`).
 */
import type { BundleRunner, RecipeSource } from '@aicr/contracts';
import type { AppConfig } from '@aicr/platform';
import type { Allowlists, Catalog } from '@aicr/recipe-engine';

export type ReadinessState = 'starting' | 'ready' | 'stopping';

/** Lifecycle flag behind /ready (API.md §8.7). */
export class Readiness {
  state: ReadinessState = 'starting';
  markReady(): void {
    if (this.state === 'starting') this.state = 'ready';
  }
  markStopping(): void {
    this.state = 'stopping';
  }
}

export interface GatewayDeps {
  config: AppConfig;
  recipeSource: RecipeSource;
  bundleRunner?: BundleRunner;
  catalog?: Catalog;
  allowlists: Allowlists;
  readiness: Readiness;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: GatewayDeps;
  }
  interface FastifyContextConfig {
    /** false for /health, /ready, /metrics: outside the API chain (API.md §2). */
    apiChain?: boolean;
    /** Message of the endpoint's body-parse failures, used when fastify itself rejects the body. */
    parseErrorMessage?: string;
  }
}

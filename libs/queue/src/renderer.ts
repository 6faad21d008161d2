/**
 * What the worker runs: the bundler's renderers (libs/bundler/src/render). An interface so tests
 * can wrap them (slow, failing, counting) without touching the queue code.
 */
import { assembleBundle, renderComponent } from '@aicr/bundler';
import type { BundleArtifact, BundlePlan, ComponentRenderResult, PlannedComponent } from '@aicr/contracts';

export interface Renderer {
  renderComponent(plan: BundlePlan, component: PlannedComponent): ComponentRenderResult | Promise<ComponentRenderResult>;
  assembleBundle(plan: BundlePlan, components: ComponentRenderResult[]): Promise<BundleArtifact>;
}

export const bundlerRenderer: Renderer = { renderComponent, assembleBundle };

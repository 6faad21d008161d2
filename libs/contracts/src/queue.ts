/**
 * What crosses the bundle queue (ARCHITECTURE.md §2): queue names and the payloads/results of the
 * two job kinds of a bundle flow. Plain JSON, like everything else a job carries.
 */
import type { BundlePlan, ComponentRenderResult } from './bundle';

/** BullMQ queue names (the prefix, not the name, separates deployments and tests). */
export const BUNDLE_QUEUES = {
  /** Parent jobs: one per request, assembles the zip from its children's results. */
  assemble: 'aicr-bundle',
  /** Child jobs: one per component, renders that component's files. */
  render: 'aicr-render',
} as const;

/** Child job payload: the plan with only this component's values and manifests filled in. */
export interface RenderJobData {
  requestId: string;
  /** Name of the component to render (a `plan.components[].ref.name`). */
  component: string;
  plan: BundlePlan;
}

/** Child job return value (small: text files of one component). */
export interface RenderJobResult {
  result: ComponentRenderResult;
  /** Which worker rendered it (`<worker name>`), for tracing and tests. */
  worker: string;
  durationMs: number;
}

/** Parent job payload. */
export interface AssembleJobData {
  requestId: string;
  plan: BundlePlan;
  /** Redis key the zip is stored under (TTL AICR_BUNDLE_TTL_SECONDS). */
  bundleKey: string;
  /** Redis key the gateway sets when it gave up on the request: do not store the zip. */
  cancelKey: string;
}

/** Parent job return value: metadata only, the zip itself stays in Redis under `key`. */
export interface AssembleJobResult {
  key: string;
  files: number;
  size: number;
  sha256: string;
  warnings: string[];
  /** false when the gateway had cancelled the request and nothing was stored. */
  stored: boolean;
  worker: string;
}

/**
 * A job failure reason that starts with this prefix carries a serialized AicrError
 * (`prefix + JSON`); the gateway rethrows it as is. Any other reason is an unexpected failure.
 */
export const AICR_ERROR_REASON_PREFIX = 'aicr-error:';

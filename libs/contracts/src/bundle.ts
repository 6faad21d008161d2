import type { ComponentRef, Constraint, Validation } from './recipe';
import type { RegistryEntry } from './registry';

/** One file of a bundle. Text only: every file the service generates is UTF-8. */
export interface BundleFile {
  /** Archive-relative path with `/` separators, never absolute, never `..`. */
  path: string;
  /** 0o755 for scripts, 0o644 otherwise (BUNDLES.md §11). */
  mode: number;
  content: string;
}

export type Deployer = 'helm' | 'argocd';

export interface Toleration {
  key?: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** A manifest of one component, carried in the plan so workers need no catalog. */
export interface PlannedManifest {
  /** Catalog path, e.g. components/gpu-operator/manifests/dcgm-exporter.yaml. */
  source: string;
  /** Basename written under <component>/manifests/. */
  name: string;
  /** Template text (Go text/template subset, BUNDLES.md §5). */
  text: string;
  /** false when the text holds no `{{`: copied byte for byte without the engine. */
  templated: boolean;
}

/** A component ready to render: normalised ref (registry defaults applied) and its final values. */
export interface PlannedComponent {
  ref: ComponentRef & { type: 'Helm' | 'Kustomize' };
  /** Final Helm values after BUNDLES.md §4 (files, overrides, set, scheduling, gate, nodes). */
  values: Record<string, unknown>;
  manifests: PlannedManifest[];
  /** Index in the ordered component list (BUNDLES.md §3.3); Argo CD sync wave. */
  index: number;
}

/** The recipe as bundled (after filtering and normalisation), the source of recipe.yaml. */
export interface BundledRecipe {
  kind?: string;
  apiVersion?: string;
  metadata: Record<string, unknown>;
  criteria: Record<string, unknown> | null;
  constraints?: Constraint[];
  componentRefs: ComponentRef[];
  deploymentOrder: string[];
  validation?: Validation;
}

/**
 * Everything a renderer needs, produced by the gateway's validation (API.md §8.6 "Who checks").
 * Plain JSON: it is the payload of the queued flow.
 */
export interface BundlePlan {
  deployer: Deployer;
  /** GitOps repo URL for argocd (placeholder when not given). */
  repo: string;
  /** Service version written into scripts and READMEs. */
  version: string;
  recipe: BundledRecipe;
  /** Ordered (BUNDLES.md §3.3). */
  components: PlannedComponent[];
  warnings: string[];
  /** Registry entries of the planned components, by name, for README/script details. */
  registry: Record<string, RegistryEntry>;
  /** Unix seconds for zip entry timestamps (SOURCE_DATE_EPOCH), null = 1980-01-01. */
  sourceDateEpoch: number | null;
}

/** What a component render yields (one queue child job's result). */
export interface ComponentRenderResult {
  name: string;
  files: BundleFile[];
}

/** A finished bundle, as the gateway sends it. */
export interface BundleArtifact {
  zip: Buffer;
  /** Regular files in the archive. */
  files: number;
  /** Sum of uncompressed sizes. */
  size: number;
  sha256: string;
  warnings: string[];
}

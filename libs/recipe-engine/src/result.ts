import { API_VERSION, type ComponentRef, type Constraint, type Criteria, type CriteriaEcho, type RecipeResult, type Validation } from '@aicr/contracts';
import type { RecipeBuild } from './build';
import { VALIDATION_PHASES } from './recipe-metadata';

const nonEmpty = (v: unknown): boolean =>
  Array.isArray(v) ? v.length > 0 : typeof v === 'object' && v !== null ? Object.keys(v).length > 0 : v !== undefined && v !== '' && v !== false;

/**
 * One componentRef in the key order of RECIPES.md §8.1 (JSON.stringify keeps insertion order,
 * so this is what makes the body byte-compatible). `manifestUrls` (our extension) follows
 * `manifestFiles`. Optional fields only when non-empty; `cleanup` only when true.
 */
export function emitComponentRef(ref: ComponentRef): ComponentRef {
  const out = { name: ref.name } as ComponentRef;
  const put = (key: keyof ComponentRef) => {
    if (nonEmpty(ref[key])) (out as Record<string, unknown>)[key] = ref[key];
  };
  put('namespace');
  put('chart');
  out.type = ref.type ?? '';
  out.source = ref.source ?? '';
  for (const key of ['version', 'tag', 'valuesFile', 'overrides', 'patches', 'dependencyRefs', 'manifestFiles', 'manifestUrls', 'path', 'cleanup', 'expectedResources', 'healthCheckAsserts'] as const) {
    put(key);
  }
  return out;
}

export function emitConstraint(c: Constraint): Constraint {
  const out: Constraint = { name: c.name, value: c.value };
  if (c.severity) out.severity = c.severity;
  if (c.remediation) out.remediation = c.remediation;
  if (c.unit) out.unit = c.unit;
  return out;
}

/** Phases in upstream's struct order, whatever order the overlays set them in. */
export function emitValidation(v: Validation | undefined): Validation | undefined {
  if (!v) return undefined;
  const out: Validation = {};
  for (const phase of VALIDATION_PHASES) if (v[phase] !== undefined) out[phase] = v[phase];
  return Object.keys(out).length > 0 ? out : undefined;
}

/** RECIPES.md §2.4: every string field, `nodes` only when non-zero. */
export function criteriaEcho(c: Criteria): CriteriaEcho {
  const echo: CriteriaEcho = { service: c.service, accelerator: c.accelerator, intent: c.intent, os: c.os, platform: c.platform };
  if (c.nodes !== 0) echo.nodes = c.nodes;
  return echo;
}

/** The part of a RecipeResult that depends only on the applied overlays (shared between requests). */
export interface RecipeBody {
  appliedOverlays: string[];
  constraints?: Constraint[];
  componentRefs: ComponentRef[];
  deploymentOrder: string[];
  validation?: Validation;
}

export function recipeBody(build: RecipeBuild): RecipeBody {
  const body: RecipeBody = {
    appliedOverlays: build.appliedOverlays,
    componentRefs: build.componentRefs.map(emitComponentRef),
    deploymentOrder: build.deploymentOrder,
  };
  if (build.constraints.length > 0) body.constraints = build.constraints.map(emitConstraint);
  const validation = emitValidation(build.validation);
  if (validation) body.validation = validation;
  return body;
}

/** The /v1/recipe body, keys in the order of RECIPES.md §8.1. */
export function recipeResult(body: RecipeBody, criteria: Criteria, version: string): RecipeResult {
  const metadata: RecipeResult['metadata'] = {} as RecipeResult['metadata'];
  if (version !== '') metadata.version = version;
  metadata.appliedOverlays = body.appliedOverlays;
  const result = { kind: 'RecipeResult', apiVersion: API_VERSION, metadata, criteria: criteriaEcho(criteria) } as RecipeResult;
  if (body.constraints) result.constraints = body.constraints;
  result.componentRefs = body.componentRefs;
  result.deploymentOrder = body.deploymentOrder;
  if (body.validation) result.validation = body.validation;
  return result;
}

import type { BundledRecipe, ComponentRef, Constraint } from '@aicr/contracts';
import { toSafeYaml } from './yaml-safe';

/**
 * `recipe.yaml` (BUNDLES.md §9): the recipe as bundled, as an object in the upstream field order
 * and serialized. Empty optional fields are omitted (like Go's `omitempty`), except a
 * component's `type` and `source`, which are always written.
 */

const isEmpty = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  v === '' ||
  v === false ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

function ordered<T extends object>(obj: T, keys: (keyof T)[], always: (keyof T)[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = obj[k];
    if (always.includes(k)) out[k as string] = v ?? '';
    else if (!isEmpty(v)) out[k as string] = v;
  }
  return out;
}

const REF_KEYS: (keyof ComponentRef)[] = [
  'name',
  'namespace',
  'chart',
  'type',
  'source',
  'version',
  'tag',
  'valuesFile',
  'overrides',
  'patches',
  'dependencyRefs',
  'manifestFiles',
  'manifestUrls',
  'path',
  'cleanup',
  'expectedResources',
  'healthCheckAsserts',
];
const CONSTRAINT_KEYS: (keyof Constraint)[] = ['name', 'value', 'severity', 'remediation', 'unit'];

/** Generated files write the type as `Helm`/`Kustomize` whatever case the body used (§6.1). */
const typeLabel = (t: string) => (t.toLowerCase() === 'kustomize' ? 'Kustomize' : t.toLowerCase() === 'helm' ? 'Helm' : t);

export function recipeDocument(recipe: BundledRecipe): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  if (recipe.kind) doc.kind = recipe.kind;
  if (recipe.apiVersion) doc.apiVersion = recipe.apiVersion;
  doc.metadata = recipe.metadata ?? {};
  doc.criteria = recipe.criteria ?? null;
  if (recipe.constraints && recipe.constraints.length > 0) {
    doc.constraints = recipe.constraints.map((c) => ordered(c, CONSTRAINT_KEYS, ['name', 'value']));
  }
  doc.componentRefs = recipe.componentRefs.map((r) => ordered({ ...r, type: typeLabel(r.type ?? '') }, REF_KEYS, ['name', 'type', 'source']));
  doc.deploymentOrder = recipe.deploymentOrder ?? [];
  if (recipe.validation !== undefined && recipe.validation !== null) doc.validation = recipe.validation;
  return doc;
}

export const recipeYaml = (recipe: BundledRecipe): string => toSafeYaml(recipeDocument(recipe));

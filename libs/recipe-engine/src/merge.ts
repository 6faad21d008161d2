import type { ComponentRef, Constraint, Validation } from '@aicr/contracts';
import { VALIDATION_PHASES, type RecipeMetadata } from './recipe-metadata';
import { cloneValue } from './values';

/**
 * The recipe being built. Everything in it is a copy: upstream aliased cached overlay objects
 * into its working recipe and then mutated them (the `validation` state leak, RECIPES.md §9).
 */
export interface WorkingRecipe {
  constraints: Map<string, Constraint>;
  components: Map<string, ComponentRef>;
  validation?: Validation;
}

export const emptyRecipe = (): WorkingRecipe => ({ constraints: new Map(), components: new Map() });

const copy = <T>(v: T): T => cloneValue(v) as T;

const STRING_FIELDS = ['namespace', 'chart', 'type', 'source', 'version', 'tag', 'valuesFile', 'path', 'healthCheckAsserts'] as const;
const REPLACED_LISTS = ['dependencyRefs', 'patches', 'expectedResources'] as const;
const UNION_LISTS = ['manifestFiles', 'manifestUrls'] as const;

/** RECIPES.md §5.2: the merged-in entry `o` over the existing `e`, field by field. */
export function mergeComponentRef(e: ComponentRef, o: ComponentRef): ComponentRef {
  const out = copy(e);
  for (const key of STRING_FIELDS) if (o[key]) out[key] = o[key]!;
  if (o.overrides && Object.keys(o.overrides).length > 0) {
    // Shallow union: a later level's top-level key replaces the earlier subtree wholesale.
    out.overrides = { ...(out.overrides ?? {}), ...copy(o.overrides) };
  }
  for (const key of REPLACED_LISTS) if (o[key] && o[key]!.length > 0) (out as Record<string, unknown>)[key] = copy(o[key]);
  for (const key of UNION_LISTS) {
    const extra = o[key] ?? [];
    if (extra.length === 0) continue;
    const list = out[key] ?? [];
    out[key] = [...list, ...extra.filter((item) => !list.includes(item))];
  }
  if (o.cleanup) out.cleanup = true;
  return out;
}

/** Merges one base/overlay document into the working recipe (RECIPES.md §5.1–§5.3). */
export function mergeRecipe(work: WorkingRecipe, doc: RecipeMetadata): void {
  for (const c of doc.spec.constraints) work.constraints.set(c.name, copy(c));
  for (const ref of doc.spec.componentRefs) {
    const existing = work.components.get(ref.name);
    work.components.set(ref.name, existing ? mergeComponentRef(existing, ref) : copy(ref));
  }
  const v = doc.spec.validation;
  if (!v) return;
  if (!work.validation) {
    work.validation = copy(v);
    return;
  }
  for (const phase of VALIDATION_PHASES) if (v[phase] !== undefined) work.validation[phase] = copy(v[phase]);
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Constraints sorted by name, the order every merge step leaves them in. */
export const sortedConstraints = (work: WorkingRecipe): Constraint[] => [...work.constraints.values()].sort(byName);

/** componentRefs sorted by name, as the response keeps them. */
export const sortedComponents = (work: WorkingRecipe): ComponentRef[] => [...work.components.values()].sort(byName);

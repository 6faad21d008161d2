import { ANY, CRITERIA_FIELDS, type Criteria } from '@aicr/contracts';
import type { OverlayCriteria, RecipeMetadata } from './recipe-metadata';

const isAny = (v: string) => v === '' || v === ANY;

/** RECIPES.md §3: asymmetric — an overlay's specific value never matches a request's `any`. */
export function overlayMatches(overlay: OverlayCriteria, request: Criteria): boolean {
  for (const field of CRITERIA_FIELDS) {
    const r = overlay[field];
    if (isAny(r)) continue;
    const q = request[field];
    if (isAny(q) || r !== q) return false;
  }
  return overlay.nodes === 0 || (request.nodes !== 0 && overlay.nodes === request.nodes);
}

/**
 * Fields set and not `any` (+1 for nodes). Upstream also counts omitted fields and breaks ties
 * randomly (RECIPES.md §4 note); counting only real values with a name tie-break gives the same
 * results on the shipped data and is deterministic.
 */
export function specificity(c: OverlayCriteria): number {
  let n = c.nodes !== 0 ? 1 : 0;
  for (const field of CRITERIA_FIELDS) if (!isAny(c[field])) n++;
  return n;
}

/** Selectable overlays in merge order: ascending specificity, then name. Computed once per catalog. */
export function orderOverlays(overlays: ReadonlyMap<string, RecipeMetadata>): RecipeMetadata[] {
  const list = [...overlays.values()].filter((o) => o.spec.criteria !== undefined);
  const score = new Map(list.map((o) => [o, specificity(o.spec.criteria!)]));
  return list.sort((a, b) => score.get(a)! - score.get(b)! || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

export const isRootParent = (base: string) => base === '' || base === 'base';

/**
 * An overlay's inheritance chain, topmost ancestor first (RECIPES.md §4 step 3). Throws an Error
 * for a missing parent or a cycle (checked at load; a data defect if ever met later).
 */
export function inheritanceChain(overlays: ReadonlyMap<string, RecipeMetadata>, name: string): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  let current: string | undefined = name;
  while (current !== undefined) {
    if (seen.has(current)) throw new Error(`spec.base cycle: ${chain.join(' -> ')} -> ${current}`);
    seen.add(current);
    const overlay = overlays.get(current);
    if (!overlay) throw new Error(`spec.base names unknown overlay "${current}" (from ${chain.at(-1) ?? name})`);
    chain.push(current);
    current = isRootParent(overlay.spec.base) ? undefined : overlay.spec.base;
  }
  return chain.reverse();
}

/**
 * `appliedOverlays` for a request (RECIPES.md §4): `base`, then each matched overlay's chain
 * top-down, every recipe once.
 */
export function appliedOverlays(
  ordered: readonly RecipeMetadata[],
  chains: ReadonlyMap<string, readonly string[]>,
  criteria: Criteria,
): string[] {
  const applied = ['base'];
  const merged = new Set(applied);
  for (const overlay of ordered) {
    if (!overlayMatches(overlay.spec.criteria!, criteria)) continue;
    const chain = chains.get(overlay.metadata.name);
    if (!chain) throw new Error(`overlay "${overlay.metadata.name}" has no inheritance chain`);
    for (const name of chain) {
      if (merged.has(name)) continue;
      merged.add(name);
      applied.push(name);
    }
  }
  return applied;
}

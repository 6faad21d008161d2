import { ANY, CRITERIA_FIELDS, CRITERIA_VALUES, type Criteria } from '@aicr/contracts';
import { buildRecipe } from './build';
import type { Catalog } from './catalog';
import { appliedOverlays, inheritanceChain, orderOverlays } from './match';
import type { RecipeMetadata } from './recipe-metadata';

/** A load-time defect: the file it lives in and what is wrong. */
export class CatalogDefect extends Error {
  constructor(readonly file: string, problem: string) {
    super(problem);
  }
}

// Shell and YAML metacharacters are refused so a URL can be written into generated scripts and
// manifests verbatim (docs/catalog-format.md).
const URL_FORBIDDEN = /[\s"'`$;|&<>\\()]/;

export function checkManifestUrl(url: string): string | undefined {
  if (!/^[\x21-\x7e]+$/.test(url) || URL_FORBIDDEN.test(url)) return 'contains a character that is not allowed';
  if (!url.startsWith('https://')) return 'must be an https:// URL';
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.hostname === '' || parsed.username || parsed.password) return 'is not a valid https URL';
  } catch {
    return 'is not a valid URL';
  }
  return undefined;
}

function checkDocument(catalog: Catalog, doc: RecipeMetadata): void {
  const fail = (problem: string): never => {
    throw new CatalogDefect(doc.file, problem);
  };
  const seen = new Set<string>();
  doc.spec.componentRefs.forEach((ref, i) => {
    const where = `spec.componentRefs[${i}]`;
    if (ref.name === '') fail(`${where} has no name`);
    if (seen.has(ref.name)) fail(`component "${ref.name}" is listed twice`);
    seen.add(ref.name);
    if (!catalog.registryByName.has(ref.name)) fail(`component "${ref.name}" is not in registry.yaml`);
    if (ref.type !== '' && ref.type !== 'Helm' && ref.type !== 'Kustomize') fail(`component "${ref.name}": type "${ref.type}" is not Helm or Kustomize`);
    for (const path of [ref.valuesFile ?? '', ...(ref.manifestFiles ?? [])]) {
      if (path !== '' && !catalog.files.has(path)) fail(`component "${ref.name}" names missing file ${path}`);
    }
    for (const url of ref.manifestUrls ?? []) {
      const problem = checkManifestUrl(url);
      if (problem) fail(`component "${ref.name}": manifestUrls entry "${url.slice(0, 200)}" ${problem}`);
    }
  });
  doc.spec.constraints.forEach((c, i) => {
    if (c.name === '') fail(`spec.constraints[${i}] has no name`);
  });
}

function checkOverlayCriteria(doc: RecipeMetadata): void {
  const c = doc.spec.criteria;
  if (!c) return;
  for (const field of CRITERIA_FIELDS) {
    const v = c[field];
    // Overlay values are compared literally (RECIPES.md §1.2): a non-canonical one could never match.
    if (v !== '' && v !== ANY && !CRITERIA_VALUES[field].includes(v)) {
      throw new CatalogDefect(doc.file, `spec.criteria.${field} "${v}" is not one of any, ${CRITERIA_VALUES[field].join(', ')}`);
    }
  }
  if (c.nodes < 0) throw new CatalogDefect(doc.file, 'spec.criteria.nodes must be ≥ 0');
}

/** Every request the catalog can answer differently for one `nodes` value: each enum value (and `any`) per field. */
function* allCriteria(nodes: number): Generator<Criteria> {
  const values = (field: (typeof CRITERIA_FIELDS)[number]) => [ANY, ...CRITERIA_VALUES[field]];
  for (const service of values('service'))
    for (const accelerator of values('accelerator'))
      for (const intent of values('intent'))
        for (const os of values('os'))
          for (const platform of values('platform')) yield { service, accelerator, intent, os, platform, nodes } as Criteria;
}

/**
 * The selectable overlays grouped by the `nodes` value of the requests they can match, each group
 * in merge order: a request with nodes n only matches overlays with nodes 0 or n. Checking each
 * group against the enum combinations keeps the load-time check linear in the catalog size
 * (matching every combination of every nodes value against every overlay was quadratic:
 * ~1 min of start-up for a catalog of 3,800 overlays, docs/benchmarks.md).
 */
function overlaysByNodes(ordered: readonly RecipeMetadata[]): Map<number, RecipeMetadata[]> {
  const nodes = new Set(ordered.map((o) => o.spec.criteria!.nodes).filter((n) => n > 0));
  const groups = new Map<number, RecipeMetadata[]>([[0, ordered.filter((o) => o.spec.criteria!.nodes === 0)]]);
  for (const n of nodes) groups.set(n, ordered.filter((o) => o.spec.criteria!.nodes === 0 || o.spec.criteria!.nodes === n));
  return groups;
}

/**
 * Load-time checks (RECIPES.md §1.1, API.md §9): every defect the request path would otherwise
 * meet as a 500. Builds every distinct overlay combination a request can select, so dependency
 * defects that only appear after merging are refused too. Returns each overlay's chain.
 */
export function checkCatalog(catalog: Catalog): Map<string, string[]> {
  const { base, overlays } = catalog;
  checkDocument(catalog, base);
  const chains = new Map<string, string[]>();
  for (const [name, doc] of overlays) {
    if (name === '') throw new CatalogDefect(doc.file, 'metadata.name is missing');
    if (name === 'base') throw new CatalogDefect(doc.file, 'metadata.name "base" is reserved for overlays/base.yaml');
    checkOverlayCriteria(doc);
    checkDocument(catalog, doc);
    try {
      chains.set(name, inheritanceChain(overlays, name));
    } catch (e) {
      throw new CatalogDefect(doc.file, (e as Error).message);
    }
  }
  const tryBuild = (applied: string[]) => {
    const last = applied.at(-1)!;
    try {
      buildRecipe(catalog, applied);
    } catch (e) {
      const file = last === 'base' ? base.file : overlays.get(last)!.file;
      const context = applied.length > 1 ? ` (merging ${applied.join(', ')})` : '';
      throw new CatalogDefect(file, `${(e as Error).message}${context}`);
    }
  };
  tryBuild(['base']);
  for (const chain of chains.values()) tryBuild(['base', ...chain]);
  const seen = new Set<string>();
  for (const [nodes, group] of overlaysByNodes(orderOverlays(overlays))) {
    for (const criteria of allCriteria(nodes)) {
      const applied = appliedOverlays(group, chains, criteria);
      const key = applied.join('\n');
      if (seen.has(key)) continue;
      seen.add(key);
      tryBuild(applied);
    }
  }
  return chains;
}

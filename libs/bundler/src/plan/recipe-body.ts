import { invalidRequest, AicrError, type ComponentRef, type Constraint } from '@aicr/contracts';
import { CRITERIA_INTEGER_KEYS, parseJsonBody, writtenAsInteger } from '@aicr/recipe-engine';

/** One posted component: the ref as sent (type not yet normalised) plus the seed-only fields. */
export interface BodyComponent {
  ref: ComponentRef;
  /** Seed `order` (API.md §8.6 "Accepted body shapes"); used only without deploymentOrder. */
  order?: number;
  /** Seed `repository`, already moved into `ref.source` when that was empty. */
  repository?: string;
}

/** The decoded body (rows 12, 12a): types checked, seed shapes accepted, unknown fields dropped. */
export interface BodyRecipe {
  kind?: string;
  apiVersion?: string;
  metadata: Record<string, unknown>;
  /** Known criteria fields as sent; null when the body has none. */
  criteria: Record<string, unknown> | null;
  constraints?: Constraint[];
  components: BodyComponent[];
  /** null when absent, null or not given (an empty list counts as absent too, §3.3). */
  deploymentOrder: string[] | null;
  validation?: Record<string, unknown>;
  /** The deprecated wrapper's `bundlers` (raw items), merged with the query parameter. */
  wrapperBundlers: string[];
}

class TypeProblem extends Error {}
const bodyError = (error: string) => invalidRequest('Invalid request body', { error });

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

// Go's json leaves a field at its zero value on `null`; so do we (undefined = absent).
function str(o: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new TypeProblem(`${where}.${key}: expected a string, got ${kindOf(v)}`);
  return v;
}
function strList(o: Record<string, unknown>, key: string, where: string): string[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new TypeProblem(`${where}.${key}: expected an array of strings, got ${kindOf(v)}`);
  v.forEach((item, i) => {
    if (typeof item !== 'string') throw new TypeProblem(`${where}.${key}[${i}]: expected a string, got ${kindOf(item)}`);
  });
  return [...(v as string[])];
}
function obj(o: Record<string, unknown>, key: string, where: string): Record<string, unknown> | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new TypeProblem(`${where}.${key}: expected an object, got ${kindOf(v)}`);
  return v;
}

/** Rows 12 and 12a. Throws AicrError `Invalid request body` / `Recipe is required`. */
export function decodeRecipeBody(body: string | Uint8Array): BodyRecipe {
  let doc: unknown;
  try {
    // The one safe JSON reader (recipe-engine safe-parse), shared with the gateway's bodies.
    doc = parseJsonBody(body, { integerKeys: CRITERIA_INTEGER_KEYS });
  } catch (e) {
    throw bodyError((e as Error).message);
  }
  if (!isObject(doc)) throw bodyError(`request body must be a JSON object, got ${kindOf(doc)}`);
  try {
    let recipe = doc;
    let wrapperBundlers: string[] = [];
    // Deprecated `{"recipe": {...}, "bundlers": [...]}` (OpenAPI BundleRequest) [extension].
    if (Object.hasOwn(doc, 'recipe') && !Object.hasOwn(doc, 'componentRefs')) {
      wrapperBundlers = strList(doc, 'bundlers', 'body') ?? [];
      if (doc.recipe === null) throw invalidRequest('Recipe is required');
      if (!isObject(doc.recipe)) throw new TypeProblem(`recipe: expected an object, got ${kindOf(doc.recipe)}`);
      recipe = doc.recipe;
    }
    return { ...decodeRecipe(recipe), wrapperBundlers };
  } catch (e) {
    if (e instanceof TypeProblem) throw bodyError(e.message);
    throw e as AicrError;
  }
}

function decodeRecipe(r: Record<string, unknown>): Omit<BodyRecipe, 'wrapperBundlers'> {
  const out: Omit<BodyRecipe, 'wrapperBundlers'> = {
    metadata: decodeMetadata(obj(r, 'metadata', 'recipe')),
    criteria: decodeCriteria(obj(r, 'criteria', 'recipe')),
    components: [],
    deploymentOrder: null,
  };
  const kind = str(r, 'kind', 'recipe');
  const apiVersion = str(r, 'apiVersion', 'recipe');
  if (kind !== undefined) out.kind = kind;
  if (apiVersion !== undefined) out.apiVersion = apiVersion;
  const constraints = decodeConstraints(r.constraints);
  if (constraints !== undefined) out.constraints = constraints;
  const refs = r.componentRefs;
  if (refs !== undefined && refs !== null) {
    if (!Array.isArray(refs)) throw new TypeProblem(`recipe.componentRefs: expected an array, got ${kindOf(refs)}`);
    out.components = refs.map((c, i) => decodeComponent(c, `componentRefs[${i}]`));
  }
  const order = strList(r, 'deploymentOrder', 'recipe');
  if (order !== undefined && order.length > 0) out.deploymentOrder = order;
  const validation = obj(r, 'validation', 'recipe');
  if (validation !== undefined) out.validation = validation;
  return out;
}

function decodeMetadata(m: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!m) return {};
  // Only RecipeResult's fields survive into recipe.yaml; `created` and the rest are dropped (§9).
  const out: Record<string, unknown> = {};
  const version = str(m, 'version', 'metadata');
  const overlays = strList(m, 'appliedOverlays', 'metadata');
  if (version !== undefined) out.version = version;
  if (overlays !== undefined) out.appliedOverlays = overlays;
  return out;
}

const CRITERIA_STRING_FIELDS = ['service', 'accelerator', 'intent', 'os', 'platform'] as const;

function decodeCriteria(c: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!c) return null;
  const out: Record<string, unknown> = {};
  for (const f of CRITERIA_STRING_FIELDS) {
    const v = str(c, f, 'criteria');
    if (v !== undefined) out[f] = v;
  }
  const nodes = c.nodes;
  if (nodes !== undefined && nodes !== null) {
    // H25 in bodies: a JSON integer in 0..2^31-1; "8" and 8.5 are type errors.
    if (typeof nodes !== 'number' || !Number.isInteger(nodes) || !writtenAsInteger(c, 'nodes') || nodes < 0 || nodes > 2_147_483_647) {
      throw new TypeProblem(`criteria.nodes: expected a non-negative integer, got ${JSON.stringify(nodes)}`);
    }
    out.nodes = nodes;
  }
  return out;
}

/** List form as RecipeResult, or the seed's object form flattened (`driver.version` = text). */
function decodeConstraints(v: unknown): Constraint[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (isObject(v)) {
    const flat: Constraint[] = [];
    const walk = (node: Record<string, unknown>, prefix: string) => {
      for (const [k, val] of Object.entries(node)) {
        const name = prefix === '' ? k : `${prefix}.${k}`;
        if (isObject(val)) walk(val, name);
        else flat.push({ name, value: scalarText(val) });
      }
    };
    walk(v, '');
    return flat.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  if (!Array.isArray(v)) throw new TypeProblem(`recipe.constraints: expected an array or an object, got ${kindOf(v)}`);
  return v.map((c, i) => {
    const where = `constraints[${i}]`;
    if (!isObject(c)) throw new TypeProblem(`${where}: expected an object, got ${kindOf(c)}`);
    const out: Constraint = { name: str(c, 'name', where) ?? '', value: str(c, 'value', where) ?? '' };
    for (const k of ['severity', 'remediation', 'unit'] as const) {
      const s = str(c, k, where);
      if (s !== undefined) out[k] = s;
    }
    return out;
  });
}

const scalarText = (v: unknown): string => (v === null ? '' : typeof v === 'string' ? v : Array.isArray(v) ? JSON.stringify(v) : String(v));

const STRING_FIELDS = ['namespace', 'chart', 'type', 'source', 'version', 'tag', 'valuesFile', 'path', 'healthCheckAsserts'] as const;
const LIST_FIELDS = ['patches', 'dependencyRefs', 'manifestFiles', 'manifestUrls'] as const;

function decodeComponent(c: unknown, where: string): BodyComponent {
  if (!isObject(c)) throw new TypeProblem(`${where}: expected an object, got ${kindOf(c)}`);
  const ref: ComponentRef = { name: str(c, 'name', where) ?? '', type: '', source: '' };
  for (const f of STRING_FIELDS) {
    const v = str(c, f, where);
    if (v !== undefined) ref[f] = v;
  }
  const overrides = obj(c, 'overrides', where);
  if (overrides !== undefined) ref.overrides = overrides;
  for (const f of LIST_FIELDS) {
    const v = strList(c, f, where);
    if (v !== undefined) ref[f] = v;
  }
  if (c.cleanup !== undefined && c.cleanup !== null) {
    if (typeof c.cleanup !== 'boolean') throw new TypeProblem(`${where}.cleanup: expected a boolean, got ${kindOf(c.cleanup)}`);
    ref.cleanup = c.cleanup;
  }
  if (c.expectedResources !== undefined && c.expectedResources !== null) {
    if (!Array.isArray(c.expectedResources)) {
      throw new TypeProblem(`${where}.expectedResources: expected an array, got ${kindOf(c.expectedResources)}`);
    }
    ref.expectedResources = c.expectedResources;
  }
  const out: BodyComponent = { ref };
  if (c.order !== undefined && c.order !== null) {
    if (typeof c.order !== 'number' || !Number.isFinite(c.order)) {
      throw new TypeProblem(`${where}.order: expected a number, got ${kindOf(c.order)}`);
    }
    out.order = c.order;
  }
  const repository = str(c, 'repository', where);
  if (repository !== undefined) {
    out.repository = repository;
    // Seed shape: `repository` is the chart source when `source` is empty (validated as source).
    if (ref.source === '') ref.source = repository;
  }
  return out;
}

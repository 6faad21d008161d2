import type { Document, Node } from 'yaml';
import type { ComponentRef, Constraint, Validation } from '@aicr/contracts';
import { NodeReader } from './yaml-nodes';

/** The criteria of an overlay as written: strings compared literally, "" = any (RECIPES.md §1.2). */
export interface OverlayCriteria {
  service: string;
  accelerator: string;
  intent: string;
  os: string;
  platform: string;
  nodes: number;
}

/** One base or overlay document (RECIPES.md §1.2), typed like upstream's Go structs. */
export interface RecipeMetadata {
  kind: string;
  apiVersion: string;
  metadata: { name: string };
  spec: {
    /** Parent overlay; "" or "base" = the root base recipe. */
    base: string;
    /** Absent = never selected by matching, only reachable as a parent. */
    criteria?: OverlayCriteria;
    constraints: Constraint[];
    componentRefs: ComponentRef[];
    validation?: Validation;
  };
  /** Catalog-relative path of the file it came from (for error messages). */
  file: string;
}

/** The phases upstream's struct knows, in its field order; any other key is dropped like Go does. */
export const VALIDATION_PHASES = ['readiness', 'deployment', 'performance', 'conformance'] as const;

type Field = Node | null | undefined;

export function readConstraint(r: NodeReader, node: Field, where: string): Constraint {
  const m = r.map(node, where);
  const c: Constraint = { name: r.text(m.get('name'), `${where}.name`), value: r.text(m.get('value'), `${where}.value`) };
  for (const key of ['severity', 'remediation', 'unit'] as const) {
    const v = r.text(m.get(key), `${where}.${key}`);
    if (v !== '') c[key] = v;
  }
  return c;
}

function readComponentRef(r: NodeReader, node: Field, where: string): ComponentRef {
  const m = r.map(node, where);
  const text = (key: string) => r.text(m.get(key), `${where}.${key}`);
  const ref: ComponentRef = { name: text('name'), type: text('type'), source: text('source') };
  for (const key of ['namespace', 'chart', 'version', 'tag', 'valuesFile', 'path', 'healthCheckAsserts'] as const) {
    const v = text(key);
    if (v !== '') ref[key] = v;
  }
  const overrides = r.plainMap(m.get('overrides'), `${where}.overrides`);
  if (overrides && Object.keys(overrides).length > 0) ref.overrides = overrides;
  for (const key of ['patches', 'dependencyRefs', 'manifestFiles', 'manifestUrls'] as const) {
    const list = r.textList(m.get(key), `${where}.${key}`);
    if (list.length > 0) ref[key] = list;
  }
  if (r.boolean(m.get('cleanup'), `${where}.cleanup`)) ref.cleanup = true;
  const expected = r.list(m.get('expectedResources'), `${where}.expectedResources`).map((n) => r.plain(n));
  if (expected.length > 0) ref.expectedResources = expected;
  return ref;
}

function readPhase(r: NodeReader, node: Field, where: string): Record<string, unknown> {
  const m = r.map(node, where);
  const phase: Record<string, unknown> = {};
  const timeout = r.text(m.get('timeout'), `${where}.timeout`);
  if (timeout !== '') phase.timeout = timeout;
  const checks = r.textList(m.get('checks'), `${where}.checks`);
  if (checks.length > 0) phase.checks = checks;
  const constraints = r.list(m.get('constraints'), `${where}.constraints`);
  if (constraints.length > 0) phase.constraints = constraints.map((c, i) => readConstraint(r, c, `${where}.constraints[${i}]`));
  if (r.present(m.get('nodeSelection'))) {
    const ns = r.map(m.get('nodeSelection'), `${where}.nodeSelection`);
    const sel: Record<string, unknown> = {};
    const selector = r.map(ns.get('selector'), `${where}.nodeSelection.selector`);
    if (selector.size > 0) {
      sel.selector = Object.fromEntries([...selector].map(([k, v]) => [k, r.text(v, `${where}.nodeSelection.selector.${k}`)]));
    }
    const maxNodes = r.integer(ns.get('maxNodes'), `${where}.nodeSelection.maxNodes`);
    if (maxNodes !== 0) sel.maxNodes = maxNodes;
    const exclude = r.textList(ns.get('excludeNodes'), `${where}.nodeSelection.excludeNodes`);
    if (exclude.length > 0) sel.excludeNodes = exclude;
    phase.nodeSelection = sel;
  }
  const infrastructure = r.text(m.get('infrastructure'), `${where}.infrastructure`);
  if (infrastructure !== '') phase.infrastructure = infrastructure;
  return phase;
}

function readCriteria(r: NodeReader, node: Field, where: string): OverlayCriteria {
  const m = r.map(node, where);
  const text = (key: string) => r.text(m.get(key), `${where}.${key}`);
  return {
    service: text('service'),
    accelerator: text('accelerator'),
    intent: text('intent'),
    os: text('os'),
    platform: text('platform'),
    nodes: r.integer(m.get('nodes'), `${where}.nodes`),
  };
}

/** The document's `kind` ("" when absent), read before deciding whether it is a recipe at all. */
export function documentKind(doc: Document.Parsed): string {
  const r = new NodeReader(doc);
  return r.text(r.map(doc.contents, 'document').get('kind'), 'kind');
}

/** Converts a parsed RecipeMetadata document; throws ShapeError naming the bad field. */
export function readRecipeMetadata(doc: Document.Parsed, file: string): RecipeMetadata {
  const r = new NodeReader(doc);
  const top = r.map(doc.contents, 'document');
  const metadata = r.map(top.get('metadata'), 'metadata');
  const spec = r.map(top.get('spec'), 'spec');
  const recipe: RecipeMetadata = {
    kind: r.text(top.get('kind'), 'kind'),
    apiVersion: r.text(top.get('apiVersion'), 'apiVersion'),
    metadata: { name: r.text(metadata.get('name'), 'metadata.name') },
    spec: {
      base: r.text(spec.get('base'), 'spec.base'),
      constraints: r.list(spec.get('constraints'), 'spec.constraints').map((n, i) => readConstraint(r, n, `spec.constraints[${i}]`)),
      componentRefs: r.list(spec.get('componentRefs'), 'spec.componentRefs').map((n, i) => readComponentRef(r, n, `spec.componentRefs[${i}]`)),
    },
    file,
  };
  const criteria = spec.get('criteria');
  if (r.present(criteria)) recipe.spec.criteria = readCriteria(r, criteria, 'spec.criteria');
  const validation = spec.get('validation');
  if (r.present(validation)) {
    const phases = r.map(validation, 'spec.validation');
    const v: Validation = {};
    for (const phase of VALIDATION_PHASES) {
      const p = phases.get(phase);
      if (r.present(p)) v[phase] = readPhase(r, p, `spec.validation.${phase}`);
    }
    recipe.spec.validation = v;
  }
  return recipe;
}

import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import { Value } from 'typebox/value';
import { ComponentRegistry } from '@aicr/contracts';
import { ShapeError } from './yaml-nodes';

/**
 * Every registry field is a string or a list/map of strings in upstream's struct, so each scalar
 * keeps its text as written (`defaultVersion: 0.9.1` stays a string). Nulls are dropped.
 */
function textTree(doc: Document.Parsed, node: unknown, depth = 0): unknown {
  if (depth > 64) throw new ShapeError('registry nesting is too deep');
  const n = isAlias(node) ? node.resolve(doc) : node;
  if (n == null) return undefined;
  if (isScalar(n)) return n.value === null ? undefined : String(n.source ?? n.value);
  if (isSeq(n)) return n.items.map((item) => textTree(doc, item, depth + 1)).filter((v) => v !== undefined);
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    for (const pair of n.items) {
      const key = textTree(doc, pair.key, depth + 1);
      if (typeof key !== 'string') throw new ShapeError('registry has a non-scalar key');
      const value = textTree(doc, pair.value, depth + 1);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  throw new ShapeError('registry holds an unsupported node');
}

/** Reads registry.yaml (RECIPES.md §1.4); throws ShapeError on a wrong shape or duplicate name. */
export function readRegistry(doc: Document.Parsed): ComponentRegistry {
  const tree = textTree(doc, doc.contents) ?? {};
  if (typeof tree !== 'object' || Array.isArray(tree)) throw new ShapeError('document must be a mapping');
  const candidate: unknown = { components: [], ...(tree as Record<string, unknown>) };
  if (!Value.Check(ComponentRegistry, candidate)) {
    const first = Value.Errors(ComponentRegistry, candidate)[0];
    throw new ShapeError(`invalid registry${first ? ` at ${first.instancePath || '/'}: ${first.message}` : ''}`);
  }
  const registry = candidate as ComponentRegistry;
  const seen = new Set<string>();
  for (const entry of registry.components) {
    if (entry.name === '') throw new ShapeError('a component has no name');
    if (seen.has(entry.name)) throw new ShapeError(`component "${entry.name}" is listed twice`);
    seen.add(entry.name);
  }
  return registry;
}

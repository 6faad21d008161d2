import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { CATALOG_YAML_OPTIONS } from './yaml-options';

/** A shape problem in a catalog document; the loader prefixes it with the file path. */
export class ShapeError extends Error {}

type Maybe = Node | null | undefined;

/** Reads typed fields out of a parsed document's nodes, the way Go's yaml.v3 fills a struct. */
export class NodeReader {
  constructor(private readonly doc: Document.Parsed) {}

  private resolve(node: unknown): Maybe {
    if (isAlias(node)) return node.resolve(this.doc) ?? null;
    return (node as Maybe) ?? null;
  }

  private static isNull(node: Maybe): boolean {
    return node == null || (isScalar(node) && node.value === null);
  }

  /** Whether a field holds something other than null (Go leaves a nil pointer for null). */
  present(node: unknown): boolean {
    return !NodeReader.isNull(this.resolve(node));
  }

  /** A mapping's entries by key text; null/absent → empty. */
  map(node: unknown, where: string): Map<string, Node | null> {
    const n = this.resolve(node);
    const out = new Map<string, Node | null>();
    if (NodeReader.isNull(n)) return out;
    if (!isMap(n)) throw new ShapeError(`${where} must be a mapping`);
    for (const pair of n.items) {
      const key = this.resolve(pair.key);
      if (!isScalar(key)) throw new ShapeError(`${where} has a non-scalar key`);
      out.set(String(key.source ?? key.value), (pair.value as Node | null) ?? null);
    }
    return out;
  }

  /** A sequence's items; null/absent → empty. */
  list(node: unknown, where: string): Array<Node | null> {
    const n = this.resolve(node);
    if (NodeReader.isNull(n)) return [];
    if (!isSeq(n)) throw new ShapeError(`${where} must be a list`);
    return n.items as Array<Node | null>;
  }

  /**
   * A string-typed field: the scalar's text as written (RECIPES.md §1.5), so `version: 1.10`
   * stays "1.10" instead of becoming the number 1.1. Null gives "".
   */
  text(node: unknown, where: string): string {
    const n = this.resolve(node);
    if (NodeReader.isNull(n)) return '';
    if (!isScalar(n)) throw new ShapeError(`${where} must be a string`);
    return String(n.source ?? n.value);
  }

  textList(node: unknown, where: string): string[] {
    return this.list(node, where).map((item, i) => this.text(item, `${where}[${i}]`));
  }

  integer(node: unknown, where: string): number {
    const n = this.resolve(node);
    if (NodeReader.isNull(n)) return 0;
    if (!isScalar(n) || typeof n.value !== 'number' || !Number.isSafeInteger(n.value)) {
      throw new ShapeError(`${where} must be an integer`);
    }
    return n.value;
  }

  boolean(node: unknown, where: string): boolean {
    const n = this.resolve(node);
    if (NodeReader.isNull(n)) return false;
    if (!isScalar(n) || typeof n.value !== 'boolean') throw new ShapeError(`${where} must be true or false`);
    return n.value;
  }

  /** Untyped content (overrides, values): YAML 1.2 core schema as plain JS. */
  plain(node: unknown): unknown {
    const n = this.resolve(node);
    if (n == null) return null;
    return n.toJS(this.doc, { maxAliasCount: CATALOG_YAML_OPTIONS.maxAliasCount });
  }

  /** Untyped content that must be a mapping (or absent). */
  plainMap(node: unknown, where: string): Record<string, unknown> | undefined {
    const v = this.plain(node);
    if (v == null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw new ShapeError(`${where} must be a mapping`);
    return v as Record<string, unknown>;
  }
}

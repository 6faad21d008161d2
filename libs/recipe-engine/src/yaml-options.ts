import { parseDocument, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions, type ToJSOptions } from 'yaml';
import { LIMITS } from '@aicr/contracts';

/**
 * How every catalog file is read (RECIPES.md §1.5): YAML 1.2 core schema like Go's yaml.v3,
 * duplicate keys refused, no custom tags, and a bound on alias expansion so a "billion laughs"
 * file cannot blow up memory. Exported so other readers of catalog-like YAML stay consistent.
 */
export const CATALOG_YAML_OPTIONS = Object.freeze({
  version: '1.2',
  schema: 'core',
  uniqueKeys: true,
  merge: false,
  customTags: [],
  maxAliasCount: LIMITS.maxYamlAliases,
  prettyErrors: true,
}) satisfies ParseOptions & DocumentOptions & SchemaOptions & ToJSOptions;

/** Parses one document; throws an Error whose message is the first YAML error (with line). */
export function parseCatalogYaml(text: string): Document.Parsed {
  const doc = parseDocument(text, { ...CATALOG_YAML_OPTIONS, customTags: [] });
  if (doc.errors.length > 0) throw new Error(doc.errors[0].message.split('\n')[0]);
  return doc;
}

/** The untyped content of a parsed document as plain JS (maps become objects). */
export function documentToJS(doc: Document.Parsed): unknown {
  return doc.toJS({ maxAliasCount: CATALOG_YAML_OPTIONS.maxAliasCount });
}

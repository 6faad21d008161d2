import type { Catalog } from './catalog';
import { documentToJS, parseCatalogYaml } from './yaml-options';

/** Keys that could reach Object.prototype when copied into a plain object. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const isPlainMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a plain `target[key] = v` would be an accessor call for
  // odd keys; the unsafe ones are already skipped, this keeps the copy a pure data property.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy of parsed YAML/JSON data, dropping prototype-polluting keys. */
export function cloneValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cloneValue);
  if (isPlainMap(v)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) if (!UNSAFE_KEYS.has(key)) setKey(out, key, cloneValue(v[key]));
    return out;
  }
  return v;
}

/**
 * RECIPES.md §6 deep merge: maps recurse, anything else from `src` replaces (lists too, and
 * null is stored, not a deletion). Returns a fresh object; neither input is aliased or changed.
 */
export function deepMerge(dst: Record<string, unknown>, src: Record<string, unknown>): Record<string, unknown> {
  const out = cloneValue(dst) as Record<string, unknown>;
  mergeInto(out, src);
  return out;
}

function mergeInto(out: Record<string, unknown>, src: Record<string, unknown>): void {
  for (const key of Object.keys(src)) {
    if (UNSAFE_KEYS.has(key)) continue;
    const s = src[key];
    const d = Object.hasOwn(out, key) ? out[key] : undefined;
    if (isPlainMap(s) && isPlainMap(d)) mergeInto(d, s);
    else setKey(out, key, cloneValue(s));
  }
}

/**
 * Parses a values file: an empty document is `{}`, anything but a mapping is a problem.
 * Throws an Error whose message is the problem.
 */
export function parseValuesText(text: string): Record<string, unknown> {
  const value = documentToJS(parseCatalogYaml(text));
  if (value == null) return {};
  if (!isPlainMap(value)) throw new Error('top level is not a mapping');
  return value;
}

function valuesFile(catalog: Catalog, path: string, onFileError: (path: string, problem: string) => never) {
  const parsed = catalog.values.get(path);
  if (parsed) return parsed;
  const text = catalog.files.get(path);
  if (text === undefined) return onFileError(path, 'file not found in the recipe data');
  try {
    return parseValuesText(text);
  } catch (e) {
    return onFileError(path, `cannot parse values: ${(e as Error).message}`);
  }
}

/**
 * The Helm values of one component (RECIPES.md §6, BUNDLES.md §4.1): the component's values.yaml,
 * the variant file over it, then `overrides`. `onFileError` decides the error (500 for the
 * service's own recipe, 400 for a posted one) and must throw.
 */
export function componentValues(
  catalog: Catalog,
  ref: { name: string; valuesFile?: string; overrides?: Record<string, unknown> },
  onFileError: (path: string, problem: string) => never,
): Record<string, unknown> {
  // One fresh object merged into in place: mergeInto copies every value it takes from a source.
  const values: Record<string, unknown> = {};
  if (ref.valuesFile) {
    const defaultPath = `components/${ref.name}/values.yaml`;
    if (ref.valuesFile !== defaultPath && catalog.files.has(defaultPath)) {
      mergeInto(values, valuesFile(catalog, defaultPath, onFileError));
    }
    mergeInto(values, valuesFile(catalog, ref.valuesFile, onFileError));
  }
  if (ref.overrides) mergeInto(values, ref.overrides);
  return values;
}

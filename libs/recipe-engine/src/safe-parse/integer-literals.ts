/**
 * Which numbers were written as integers (API.md H25, §6: in bodies `nodes` must be a JSON/YAML
 * integer; `1e3`, `8.0`, `0x10` are not, although JSON.parse and YAML's core schema turn them into
 * integral JS numbers). The parsers record, for the keys a caller names, every number written
 * any other way; `writtenAsInteger(holder, key)` answers for the parsed object that holds it.
 * Only named keys are tracked, so a body full of floats costs nothing.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

const marks = new WeakMap<object, Set<string>>();

/** False when `holder[key]` is a number whose source text was not a plain decimal integer. */
export function writtenAsInteger(holder: object, key: string): boolean {
  return !marks.get(holder)?.has(key);
}

const DECIMAL_INTEGER = /^-?[0-9]+$/;
type Path = Array<string | number>;

function mark(root: unknown, path: Path): void {
  let holder: unknown = root;
  for (const seg of path.slice(0, -1)) {
    if (holder === null || typeof holder !== 'object' || !Object.hasOwn(holder, seg)) return;
    holder = (holder as Record<string | number, unknown>)[seg];
  }
  if (holder === null || typeof holder !== 'object') return;
  const key = String(path[path.length - 1]);
  let set = marks.get(holder);
  if (!set) marks.set(holder, (set = new Set()));
  set.add(key);
}

interface Frame {
  array: boolean;
  key: string | number;
  expectKey: boolean;
}

/**
 * JSON: one pass over text JSON.parse has already accepted, tracking the path of each value; a
 * number under one of `keys` whose literal is not a decimal integer is marked on the parsed value.
 * The last of duplicate keys wins, as in JSON.parse.
 */
export function markJsonLiterals(text: string, value: unknown, keys: ReadonlySet<string>): void {
  if (keys.size === 0) return;
  const frames: Frame[] = [];
  const found = new Map<string, Path>();
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      const top = frames[frames.length - 1];
      if (top && !top.array && top.expectKey) {
        top.key = JSON.parse(text.slice(i, j + 1)) as string;
        top.expectKey = false;
      } else {
        forget(frames, found);
      }
      i = j + 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      forget(frames, found);
      frames.push({ array: c === 0x5b, key: c === 0x5b ? 0 : '', expectKey: c === 0x7b });
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      frames.pop();
      i++;
    } else if (c === 0x2c /* , */) {
      const top = frames[frames.length - 1];
      if (top.array) (top.key as number)++;
      else top.expectKey = true;
      i++;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && /[0-9.eE+-]/.test(text[j])) j++;
      const top = frames[frames.length - 1];
      if (top && !top.array && keys.has(top.key as string)) {
        const path = frames.map((f) => f.key);
        const id = path.join('\u0000');
        if (DECIMAL_INTEGER.test(text.slice(i, j))) found.delete(id);
        else found.set(id, path);
      }
      i = j;
    } else {
      // whitespace, ':', true/false/null (a non-number at a tracked path replaces an earlier mark)
      if (c >= 0x61 && c <= 0x7a) {
        forget(frames, found);
        while (i < n && text.charCodeAt(i) >= 0x61 && text.charCodeAt(i) <= 0x7a) i++;
      } else i++;
    }
  }
  for (const path of found.values()) mark(value, path);
}

/** A non-number value now sits at the current path: an earlier duplicate's mark no longer applies. */
function forget(frames: Frame[], found: Map<string, Path>): void {
  if (found.size === 0) return;
  found.delete(frames.map((f) => f.key).join('\u0000'));
}

/**
 * YAML: walk the document's nodes (aliases not followed: an alias shares its anchor's JS object,
 * which is marked once) and mark numbers under `keys` whose source is not a decimal integer.
 */
export function markYamlLiterals(doc: Document.Parsed, text: string, value: unknown, keys: ReadonlySet<string>): void {
  if (keys.size === 0) return;
  const walk = (node: Node | null | undefined, path: Path): void => {
    if (!node || isAlias(node)) return;
    if (isSeq(node)) node.items.forEach((item, i) => walk(item as Node, [...path, i]));
    else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const v = pair.value as Node | null;
        if (keys.has(key) && isScalar(v) && typeof v.value === 'number' && v.range) {
          if (!DECIMAL_INTEGER.test(text.slice(v.range[0], v.range[1]).trim())) mark(value, [...path, key]);
        } else walk(v, [...path, key]);
      }
    }
  };
  walk(doc.contents as Node, []);
}

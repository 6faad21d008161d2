import { Document, Scalar, isScalar, visit, type Pair } from 'yaml';

/**
 * The one YAML serializer of the renderer (values.yaml, recipe.yaml, application.yaml,
 * app-of-apps.yaml, kustomization.yaml). Documents are built as objects and serialized here,
 * never assembled from text, so no input can add keys (BUNDLES.md §15.2 item 3).
 *
 * The `yaml` package emits YAML 1.2, but Helm reads values with a YAML 1.1 parser (go-yaml), which
 * takes plain `yes`, `on`, `0755`, `1_000` or `1:20` for booleans and numbers. So every string
 * scalar is checked against YAML 1.1 (and Go's looser number parsing) and double-quoted when a
 * 1.1 reader could see anything but that string (BUNDLES.md §4.4). Over-quoting never changes the
 * data model, so the checks err on the side of quoting.
 */

const BOOL_NULL_11 =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|<<|=)$/;
/** Decimal/float forms, YAML 1.1 (underscores) and 1.2/Go (exponent without a dot). */
const NUMBER = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$/;
const RADIX = /^[-+]?0(?:x[0-9a-fA-F_]+|o[0-7_]+|b[01_]+)$/;
/** YAML 1.1 base-60 integers and floats (`1:20`, `190:20:30.15`). */
const SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const INF_NAN = /^[-+]?\.?(?:inf|infinity|nan)$/i;
/** YAML 1.1 timestamps (go-yaml resolves them); quoting a date-like string is always safe. */
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:$|[Tt ])/;
/** Characters that start a YAML indicator, or whitespace that a plain scalar would lose. */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;

/** Whether a string must be quoted so that a YAML 1.1 (or 1.2) reader reads it back as that string. */
export function needsQuoting(s: string): boolean {
  if (s === '') return true;
  if (BOOL_NULL_11.test(s)) return true;
  // No digit needed: YAML 1.1 floats include `.` alone.
  if (NUMBER.test(s) || RADIX.test(s) || SEXAGESIMAL.test(s)) return true;
  if (INF_NAN.test(s) || TIMESTAMP.test(s)) return true;
  if (INDICATOR_START.test(s) || /\s$/.test(s)) return true;
  // `: ` and ` #` change the meaning of a plain scalar; the library quotes these too.
  return s.includes(': ') || s.includes(' #') || s.endsWith(':');
}

export interface SafeYamlOptions {
  /** Sort map keys (byte order) at every level (values.yaml); otherwise keep insertion order. */
  sortKeys?: boolean;
  /** Spaces per level; 4 for values.yaml (as upstream prints), 2 for the Kubernetes documents. */
  indent?: number;
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function keyText(p: Pair): string {
  const k = isScalar(p.key) ? p.key.value : p.key;
  return String(k);
}

/** Serialize a plain JSON-like value as one YAML document (no `---`), newline-terminated. */
export function toSafeYaml(value: unknown, options: SafeYamlOptions = {}): string {
  const doc = new Document(value, {
    sortMapEntries: options.sortKeys ? (a, b) => byteOrder(keyText(a), keyText(b)) : false,
    // Never emit anchors/aliases: the same object used twice is written twice.
    aliasDuplicateObjects: false,
  });
  visit(doc, {
    Scalar(_key, node: Scalar) {
      const v = node.value;
      if (typeof v === 'string') {
        // Multi-line strings are left to the library: it picks a block or double-quoted form
        // that round-trips; a block scalar is always read back as a string.
        if (!v.includes('\n') && needsQuoting(v)) node.type = Scalar.QUOTE_DOUBLE;
      } else if (typeof v === 'number' && Number.isInteger(v)) {
        // JS prints integers from 1e21 up with an exponent; YAML readers would see a float.
        if (Math.abs(v) >= 1e21) node.value = BigInt(v);
        else if (Object.is(v, -0)) node.value = 0;
      }
    },
  });
  return doc.toString({
    indent: options.indent ?? 2,
    indentSeq: true,
    lineWidth: 0,
    minContentWidth: 0,
  });
}

/**
 * `toYaml`: block-style YAML like Helm's (sigs.k8s.io/yaml): keys sorted, 2-space indent,
 * sequences inside mappings not indented, trailing newline removed. Scalars go through the
 * same serializer as printed values, so a string can never open a new line or key; strings
 * with line breaks are double-quoted with `\n` escapes rather than block literals.
 */
import { formatGoNumber, isMap, kindOf, mapKeys, unwrap } from './values';
import { stringScalar } from './yaml-scalar';

export function scalarYaml(v: unknown): string {
  const u = unwrap(v);
  switch (kindOf(u)) {
    case 'nil':
      return 'null';
    case 'bool':
      return u ? 'true' : 'false';
    case 'number':
      return formatGoNumber(u as number);
    case 'string':
      return stringScalar(u as string);
    case 'list':
      return (u as unknown[]).length === 0 ? '[]' : '';
    default:
      return Object.keys(u as object).length === 0 ? '{}' : '';
  }
}

function isNonEmptyCollection(v: unknown): boolean {
  const u = unwrap(v);
  if (Array.isArray(u)) return u.length > 0;
  return isMap(u) && Object.keys(u).length > 0;
}

/** Lines of `v` (a non-empty map or list) at indentation `pad`. */
function blockLines(v: unknown, pad: string, seen: Set<object>): string[] {
  const u = unwrap(v) as object;
  if (seen.has(u)) throw new TypeError('toYaml: value contains a cycle');
  seen.add(u);
  const lines: string[] = [];
  if (Array.isArray(u)) {
    for (const item of u) {
      if (!isNonEmptyCollection(item)) {
        lines.push(`${pad}- ${scalarYaml(item)}`);
        continue;
      }
      // The first line of the nested block shares the dash line ("- key: v", "- - v").
      const inner = blockLines(item, `${pad}  `, seen);
      inner[0] = `${pad}- ${inner[0].slice(pad.length + 2)}`;
      lines.push(...inner);
    }
  } else {
    const m = u as Record<string, unknown>;
    for (const key of mapKeys(m)) {
      const child = m[key];
      const k = stringScalar(key);
      if (k.length > 1000) {
        // Implicit keys are limited to 1024 characters: use the explicit `? key` form.
        lines.push(`${pad}? ${k}`);
        if (!isNonEmptyCollection(child)) lines.push(`${pad}: ${scalarYaml(child)}`);
        else if (Array.isArray(unwrap(child))) lines.push(`${pad}:`, ...blockLines(child, `${pad}  `, seen));
        else {
          const inner = blockLines(child, `${pad}  `, seen);
          inner[0] = `${pad}: ${inner[0].slice(pad.length + 2)}`;
          lines.push(...inner);
        }
      } else if (!isNonEmptyCollection(child)) {
        lines.push(`${pad}${k}: ${scalarYaml(child)}`);
      } else {
        lines.push(`${pad}${k}:`);
        lines.push(...blockLines(child, Array.isArray(unwrap(child)) ? pad : `${pad}  `, seen));
      }
    }
  }
  seen.delete(u);
  return lines;
}

/** YAML text of any value, without trailing newline (Helm's toYaml contract). */
export function toYamlText(v: unknown): string {
  if (!isNonEmptyCollection(v)) return scalarYaml(v);
  return blockLines(v, '', new Set()).join('\n');
}

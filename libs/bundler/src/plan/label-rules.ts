/**
 * Kubernetes label syntax (API.md H15/H16). Selector and toleration inputs end up as YAML keys and
 * values of charts; holding them to the label grammar keeps `__proto__`, spaces, newlines and
 * over-long names out of every generated file, whatever the serializer does.
 */

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `key` is not a label key (`[prefix/]name`), or null when it is one. */
export function labelKeyProblem(key: string): string | null {
  if (key === '') return 'label key must not be empty';
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : null;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== null) {
    if (prefix === '' || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      return `label key ${JSON.stringify(key)}: prefix must be a DNS-1123 subdomain of at most 253 characters`;
    }
  }
  if (name.length > 63 || !NAME.test(name)) {
    return `label key ${JSON.stringify(key)}: name must be at most 63 characters, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric`;
  }
  return null;
}

/** Why `value` is not a label value (empty allowed), or null when it is one. */
export function labelValueProblem(value: string): string | null {
  if (value === '') return null;
  if (value.length > 63 || !NAME.test(value)) {
    return `label value ${JSON.stringify(value)}: must be at most 63 characters, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric`;
  }
  return null;
}

export function isDns1123Label(s: string, maxChars = 63): boolean {
  return s.length <= maxChars && DNS1123_LABEL.test(s);
}

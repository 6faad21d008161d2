import { LIMITS, REPO_PLACEHOLDER, invalidRequest, type Deployer, type Toleration } from '@aicr/contracts';
import { isDns1123Label } from './label-rules';
import { parseSelectors } from './selectors';
import { parseSetOverrides, type SetOverride } from './set-overrides';
import { parseTaint, parseTolerations, taintString } from './tolerations';

export type RawQuery = Record<string, string | string[] | undefined>;

/** The bundle request's query parameters, validated (API.md §8.6 rows 2–11). */
export interface BundleParams {
  sets: SetOverride[];
  systemNodeSelector: Array<[string, string]>;
  acceleratedNodeSelector: Array<[string, string]>;
  /** null = parameter absent (the tolerate-all default applies later). */
  systemNodeTolerations: Toleration[] | null;
  acceleratedNodeTolerations: Toleration[] | null;
  deployer: Deployer;
  repo: string;
  /** `key=value:effect` / `key:effect`, or null. */
  workloadGate: string | null;
  workloadSelector: Array<[string, string]>;
  nodes: number;
  /** Normalised names; empty = every component. */
  bundlers: string[];
}

/** Every occurrence, in order (repeatable parameters). */
export const allOf = (q: RawQuery, name: string): string[] => {
  const v = q[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};
/** First occurrence wins for single-valued parameters (API.md §6). */
export const firstOf = (q: RawQuery, name: string): string | undefined => allOf(q, name)[0];

/** API.md §6 folding: trim space/tab/CR/LF, lower-case A–Z only. */
export const asciiFold = (s: string): string => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '').replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The one ordered parser of the query string; each step is one row of API.md §8.6. */
export function parseBundleQuery(q: RawQuery): BundleParams {
  // Row 2
  const sets = parseSetOverrides(allOf(q, 'set'));
  // Rows 3, 4
  const systemNodeSelector = selectors(q, 'system-node-selector', 'Invalid system-node-selector');
  const acceleratedNodeSelector = selectors(q, 'accelerated-node-selector', 'Invalid accelerated-node-selector');
  // Rows 5, 6
  const systemNodeTolerations = tolerations(q, 'system-node-toleration', 'Invalid system-node-toleration');
  const acceleratedNodeTolerations = tolerations(q, 'accelerated-node-toleration', 'Invalid accelerated-node-toleration');
  // Row 7
  const deployer = parseDeployer(firstOf(q, 'deployer'));
  // Row 7a
  const repo = parseRepo(firstOf(q, 'repo'));
  // Row 8: an empty value means "not given", as upstream.
  const workloadGate = parseGate(firstOf(q, 'workload-gate'));
  // Row 9
  const workloadSelector = selectors(q, 'workload-selector', 'Invalid workload-selector parameter');
  // Row 10
  const nodes = parseNodes(firstOf(q, 'nodes'));
  // Row 11
  const bundlers = parseBundlerNames(allOf(q, 'bundlers').flatMap((v) => v.split(',')));
  return {
    sets,
    systemNodeSelector,
    acceleratedNodeSelector,
    systemNodeTolerations,
    acceleratedNodeTolerations,
    deployer,
    repo,
    workloadGate,
    workloadSelector,
    nodes,
    bundlers,
  };
}

function selectors(q: RawQuery, name: string, message: string): Array<[string, string]> {
  const r = parseSelectors(allOf(q, name));
  if ('error' in r) throw invalidRequest(message, { error: r.error });
  return r.ok;
}

function tolerations(q: RawQuery, name: string, message: string): Toleration[] | null {
  const items = allOf(q, name);
  if (items.length === 0) return null;
  const r = parseTolerations(items);
  if ('error' in r) throw invalidRequest(message, { error: r.error });
  return r.ok;
}

const DEPLOYERS: readonly Deployer[] = ['argocd', 'helm'];

export function parseDeployer(raw: string | undefined): Deployer {
  const v = asciiFold(raw ?? '');
  if (v === '') return 'helm';
  if ((DEPLOYERS as readonly string[]).includes(v)) return v as Deployer;
  throw invalidRequest('Invalid deployer parameter', {
    error: `invalid deployer type ${JSON.stringify(raw)}: must be one of [${DEPLOYERS.join(' ')}]`,
  });
}

// The repo URL lands in app-of-apps.yaml; upstream wrote it unquoted (H22).
const REPO_FORBIDDEN = /[\s"'`$\u0000-\u001f\u007f]/;
const REPO_URL = /^(?:(?:https?|ssh):\/\/[^/?#@\s]+(?:@[^/?#\s]+)?(?:[/?#].*)?|git@[A-Za-z0-9.-]+:[^\s]+)$/;

export function parseRepo(raw: string | undefined): string {
  if (raw === undefined || raw === '') return REPO_PLACEHOLDER;
  const bad = (why: string) => invalidRequest('Invalid repo parameter', { error: why });
  if (raw.length > LIMITS.repoMaxChars) throw bad(`repo is ${raw.length} characters long (limit ${LIMITS.repoMaxChars})`);
  if (REPO_FORBIDDEN.test(raw)) throw bad('repo must not contain whitespace, quotes, $ or backticks');
  if (!REPO_URL.test(raw)) throw bad(`repo ${JSON.stringify(raw)} is not an https://, http://, ssh:// or git@host:path URL`);
  return raw;
}

function parseGate(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  const t = parseTaint(raw);
  if ('error' in t) throw invalidRequest('Invalid workload-gate parameter', { error: t.error });
  return taintString(t.ok);
}

export function parseNodes(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  // Strict (H25): no sign, space, exponent or hex, and within int32 like upstream's criteria.
  if (!/^[0-9]+$/.test(raw) || Number(raw) > LIMITS.maxNodes) throw invalidRequest('nodes must be a non-negative integer');
  return Number(raw);
}

/**
 * Row 11 (H27): bundler items trimmed, ASCII lower-cased, empties dropped, de-duplicated; each
 * a DNS-1123 label (they are component names) of at most 63 characters, at most 50 of them.
 * Also used for the wrapper body's `bundlers` array.
 */
export function parseBundlerNames(items: readonly string[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    const name = asciiFold(item);
    if (name !== '' && !out.includes(name)) out.push(name);
  }
  const bad = (error: string) => invalidRequest('Invalid bundler type', { error });
  if (out.length > LIMITS.maxBundlers) throw bad(`too many bundlers: ${out.length} (limit ${LIMITS.maxBundlers})`);
  for (const name of out) {
    if (name.length > LIMITS.bundlerNameMaxChars) {
      throw bad(`bundler name ${JSON.stringify(name.slice(0, 64))} is longer than ${LIMITS.bundlerNameMaxChars} characters`);
    }
    if (!isDns1123Label(name)) throw bad(`bundler name ${JSON.stringify(name)} is not a DNS-1123 label`);
  }
  return out;
}

/**
 * Reads docker-compose.yml the way `docker compose` does, for the parts this project uses:
 * YAML merge keys (`<<: *anchor`), `${VAR}` / `${VAR:-default}` / `${VAR-default}` / `$$`
 * interpolation, environment as a map or a `KEY=value` list, `deploy.replicas`. The compose
 * test and the topology harness both go through it, so the harness runs what the file says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const repoRoot = new URL('../../', import.meta.url).pathname;
export const composeFile = join(repoRoot, 'docker-compose.yml');

export type Env = Readonly<Record<string, string | undefined>>;

export interface ComposeService {
  name: string;
  image?: string;
  /** `command` as an argv array (a string command is split on spaces). */
  command?: string[];
  /** deploy.replicas, else 1. */
  replicas: number;
  /** Interpolated environment; a key without a value takes the host's (compose semantics). */
  environment: Record<string, string>;
  /** Every `${VAR...}` written in this service's environment values, by key. */
  interpolated: Record<string, { variable: string; default?: string }[]>;
  dependsOn: Record<string, { condition: string }>;
  ports: string[];
  /** The service's YAML after merge keys, before interpolation. */
  raw: Record<string, unknown>;
}

export interface ComposeProject {
  services: Record<string, ComposeService>;
  /** The whole document after merge keys, before interpolation. */
  raw: Record<string, unknown>;
}

const INTERPOLATION = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Compose's variable substitution (the subset without `:?` / `:+`). */
export function interpolate(value: string, env: Env): string {
  return value.replace(INTERPOLATION, (match, braced?: string, op?: string, def?: string, bare?: string) => {
    if (match === '$$') return '$';
    const name = (braced ?? bare)!;
    const v = env[name];
    if (op === ':-') return v === undefined || v === '' ? (def ?? '') : v;
    if (op === '-') return v === undefined ? (def ?? '') : v;
    return v ?? '';
  });
}

/** The `${VAR...}` references in one value (for the "same names, with defaults" checks). */
export function references(value: string): { variable: string; default?: string }[] {
  const out: { variable: string; default?: string }[] = [];
  for (const m of value.matchAll(INTERPOLATION)) {
    if (m[0] === '$$') continue;
    out.push({ variable: (m[1] ?? m[4])!, ...(m[2] ? { default: m[3] ?? '' } : {}) });
  }
  return out;
}

function asArgv(command: unknown): string[] | undefined {
  if (command === undefined || command === null) return undefined;
  if (Array.isArray(command)) return command.map(String);
  return String(command).split(/\s+/).filter(Boolean);
}

function environmentEntries(environment: unknown): [string, string | undefined][] {
  if (!environment) return [];
  if (Array.isArray(environment)) {
    return environment.map((item) => {
      const s = String(item);
      const eq = s.indexOf('=');
      return eq < 0 ? [s, undefined] : [s.slice(0, eq), s.slice(eq + 1)];
    });
  }
  return Object.entries(environment as Record<string, unknown>).map(([k, v]) => [k, v === null || v === undefined ? undefined : String(v)]);
}

function dependsOn(value: unknown): Record<string, { condition: string }> {
  if (!value) return {};
  if (Array.isArray(value)) return Object.fromEntries(value.map((name) => [String(name), { condition: 'service_started' }]));
  return Object.fromEntries(
    Object.entries(value as Record<string, { condition?: string } | null>).map(([name, v]) => [name, { condition: v?.condition ?? 'service_started' }]),
  );
}

export function parseCompose(text: string, env: Env = process.env): ComposeProject {
  // merge: true turns `<<: *anchor` into merged keys, as compose does.
  const raw = parse(text, { merge: true, maxAliasCount: -1 }) as Record<string, unknown>;
  const services: Record<string, ComposeService> = {};
  for (const [name, svc] of Object.entries((raw.services ?? {}) as Record<string, Record<string, unknown>>)) {
    const environment: Record<string, string> = {};
    const interpolated: ComposeService['interpolated'] = {};
    for (const [key, value] of environmentEntries(svc.environment)) {
      if (value === undefined) {
        if (env[key] !== undefined) environment[key] = env[key]!;
        continue;
      }
      const refs = references(value);
      if (refs.length > 0) interpolated[key] = refs;
      environment[key] = interpolate(value, env);
    }
    const deploy = (svc.deploy ?? {}) as { replicas?: number };
    services[name] = {
      name,
      image: typeof svc.image === 'string' ? interpolate(svc.image, env) : undefined,
      command: asArgv(svc.command),
      replicas: deploy.replicas ?? 1,
      environment,
      interpolated,
      dependsOn: dependsOn(svc.depends_on),
      ports: ((svc.ports ?? []) as unknown[]).map((p) => interpolate(String(p), env)),
      raw: svc,
    };
  }
  return { services, raw };
}

export function loadCompose(file = composeFile, env: Env = process.env): ComposeProject {
  return parseCompose(readFileSync(file, 'utf8'), env);
}

/** `node dist/<app>/main.js` → `<app>`; anything else → undefined. */
export function appOfCommand(command: string[] | undefined): string | undefined {
  if (!command || command.length !== 2 || command[0] !== 'node') return undefined;
  return /^dist\/([a-z0-9-]+)\/main\.js$/.exec(command[1])?.[1];
}

/** Services in start order: each after the ones it depends on (compose's order). */
export function startOrder(project: ComposeProject): ComposeService[] {
  const done = new Set<string>();
  const order: ComposeService[] = [];
  const visit = (name: string, path: string[]) => {
    if (done.has(name)) return;
    if (path.includes(name)) throw new Error(`depends_on cycle: ${[...path, name].join(' → ')}`);
    const svc = project.services[name];
    if (!svc) throw new Error(`depends_on names an unknown service: ${name}`);
    for (const dep of Object.keys(svc.dependsOn)) visit(dep, [...path, name]);
    done.add(name);
    order.push(svc);
  };
  for (const name of Object.keys(project.services)) visit(name, []);
  return order;
}

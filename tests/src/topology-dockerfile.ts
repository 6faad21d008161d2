/**
 * Reads the Dockerfile into stages and instructions (comments, line continuations, exec-form
 * JSON, ARG defaults, ENV in both forms), so the image test and the topology harness take the
 * image's environment, user and command from it instead of repeating them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './topology-compose';

export const dockerfilePath = join(repoRoot, 'Dockerfile');

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ENV, … */
  op: string;
  /** Everything after the keyword, continuations joined. */
  args: string;
}

export interface Stage {
  name?: string;
  from: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const logical: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (current === '' && (trimmed === '' || trimmed.startsWith('#'))) continue;
    // Comment lines inside a continued instruction are dropped, as BuildKit does.
    if (current !== '' && trimmed.startsWith('#')) continue;
    if (trimmed.endsWith('\\')) {
      current += trimmed.slice(0, -1) + ' ';
      continue;
    }
    logical.push((current + trimmed).trim());
    current = '';
  }
  if (current.trim()) logical.push(current.trim());

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const m = /^(\S+)\s*(.*)$/s.exec(line)!;
    const op = m[1].toUpperCase();
    const args = m[2].replace(/\s+/g, ' ').trim();
    if (op === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!f) throw new Error(`cannot read FROM ${args}`);
      stages.push({ from: f[1], name: f[2], instructions: [] });
      continue;
    }
    if (stages.length === 0) {
      if (op === 'ARG') Object.assign(globalArgs, parseArg(args));
      continue;
    }
    stages[stages.length - 1].instructions.push({ op, args });
  }
  return { globalArgs, stages };
}

export function loadDockerfile(path = dockerfilePath): Dockerfile {
  return parseDockerfile(readFileSync(path, 'utf8'));
}

function parseArg(args: string): Record<string, string> {
  const eq = args.indexOf('=');
  return eq < 0 ? { [args]: '' } : { [args.slice(0, eq)]: unquote(args.slice(eq + 1)) };
}

function unquote(s: string): string {
  return /^".*"$/.test(s) || /^'.*'$/.test(s) ? s.slice(1, -1) : s;
}

function substitute(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a?: string, b?: string) => vars[(a ?? b)!] ?? '');
}

/** `ENV A=1 B="x y"` and the legacy `ENV A 1`. */
function parseEnv(args: string): [string, string][] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const sp = args.indexOf(' ');
    return [[args.slice(0, sp), args.slice(sp + 1)]];
  }
  const out: [string, string][] = [];
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) out.push([m[1], unquote(m[2])]);
  return out;
}

/** The stage the image is (the last one). */
export function finalStage(df: Dockerfile): Stage {
  const stage = df.stages[df.stages.length - 1];
  if (!stage) throw new Error('the Dockerfile has no FROM');
  return stage;
}

/**
 * The image's environment: every ENV of the stage, with ARGs at their defaults (or `buildArgs`).
 * Values as the container sees them, paths inside the image.
 */
export function imageEnv(df: Dockerfile, stage = finalStage(df), buildArgs: Record<string, string> = {}): Record<string, string> {
  const vars: Record<string, string> = { ...df.globalArgs };
  const env: Record<string, string> = {};
  for (const { op, args } of stage.instructions) {
    if (op === 'ARG') {
      const [[name, def]] = Object.entries(parseArg(args));
      vars[name] = buildArgs[name] ?? def;
    } else if (op === 'ENV') {
      for (const [k, v] of parseEnv(args)) {
        env[k] = substitute(v, { ...vars, ...env });
      }
    }
  }
  return env;
}

/** Exec-form JSON (`["node", "x"]`) of an instruction's arguments; shell form is refused. */
export function execForm(args: string, what: string): string[] {
  try {
    const argv = JSON.parse(args) as unknown;
    if (Array.isArray(argv) && argv.every((a) => typeof a === 'string')) return argv as string[];
  } catch {
    // fall through
  }
  throw new Error(`${what} must use the exec (JSON array) form, got: ${args}`);
}

/** The last instruction `op` of the stage. */
export function lastOf(stage: Stage, op: string): Instruction | undefined {
  return stage.instructions.filter((i) => i.op === op).at(-1);
}

/** The image's default command (CMD, exec form). */
export function imageCommand(stage: Stage): string[] {
  const cmd = lastOf(stage, 'CMD');
  if (!cmd) throw new Error('the final stage has no CMD');
  return execForm(cmd.args, 'CMD');
}

/** The image's WORKDIR (absolute path inside the image). */
export function imageWorkdir(stage: Stage): string {
  return lastOf(stage, 'WORKDIR')?.args ?? '/';
}

/** HEALTHCHECK's command (`CMD [...]` part, exec form); undefined without one. */
export function imageHealthcheck(stage: Stage): string[] | undefined {
  const hc = lastOf(stage, 'HEALTHCHECK');
  if (!hc || hc.args === 'NONE') return undefined;
  const m = /\bCMD\s+(.*)$/.exec(hc.args);
  if (!m) throw new Error(`cannot read HEALTHCHECK ${hc.args}`);
  return execForm(m[1], 'HEALTHCHECK CMD');
}

/** USER as numeric uid/gid (names are refused: Kubernetes' runAsNonRoot needs numbers). */
export function imageUser(stage: Stage): { uid: number; gid: number } | undefined {
  const user = lastOf(stage, 'USER');
  if (!user) return undefined;
  const m = /^(\d+)(?::(\d+))?$/.exec(user.args);
  if (!m) throw new Error(`USER must be numeric uid[:gid], got: ${user.args}`);
  return { uid: Number(m[1]), gid: Number(m[2] ?? m[1]) };
}

export interface CopyStep {
  /** `--from=<stage>` or undefined for the build context. */
  from?: string;
  /** Sources: context-relative paths, or absolute paths in the `from` stage. */
  sources: string[];
  /** Destination, absolute inside the image. */
  dest: string;
}

/** The stage's COPY steps with destinations resolved against WORKDIR at that point. */
export function copySteps(stage: Stage): CopyStep[] {
  let workdir = '/';
  const out: CopyStep[] = [];
  for (const { op, args } of stage.instructions) {
    if (op === 'WORKDIR') workdir = args.startsWith('/') ? args : join(workdir, args);
    if (op !== 'COPY') continue;
    const words = args.split(' ');
    const flags = words.filter((w) => w.startsWith('--'));
    const paths = words.filter((w) => !w.startsWith('--'));
    const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
    const rawDest = paths.at(-1)!;
    const dest = rawDest.startsWith('/') ? rawDest : join(workdir, rawDest) + (rawDest.endsWith('/') || rawDest === '.' ? '/' : '');
    out.push({ from, sources: paths.slice(0, -1), dest });
  }
  return out;
}

/**
 * Where an image path comes from in the repository, following the final stage's COPY steps
 * from the build context (e.g. /app/recipes → <repo>/recipes, /app/healthcheck.mjs →
 * <repo>/deploy/docker/healthcheck.mjs). Paths no COPY explains map to <repo>/<path under WORKDIR>.
 */
export function imagePathToRepo(df: Dockerfile, imagePath: string, stage = finalStage(df)): string {
  const workdir = imageWorkdir(stage);
  let best: { prefix: string; repo: string } | undefined;
  for (const step of copySteps(stage)) {
    if (step.from) continue;
    for (const src of step.sources) {
      const target = step.dest.endsWith('/') ? join(step.dest, src.split('/').filter(Boolean).at(-1)!) : step.dest;
      if ((imagePath === target || imagePath.startsWith(`${target}/`)) && (!best || target.length > best.prefix.length)) {
        best = { prefix: target, repo: join(repoRoot, src) };
      }
    }
  }
  if (best) return best.repo + imagePath.slice(best.prefix.length);
  if (imagePath.startsWith(`${workdir}/`)) return join(repoRoot, imagePath.slice(workdir.length + 1));
  return imagePath;
}

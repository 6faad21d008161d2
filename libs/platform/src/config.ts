/**
 * Configuration from the environment (API.md §9): one typed, validated object for every
 * variable the apps read. Bad values never throw: they fall back to the default and add a
 * warning the caller logs (the logger does not exist yet when config is read).
 * Allowlists stay raw strings: their parsing (and the exit-1 rule) is @aicr/recipe-engine's
 * `parseAllowlists`, so the rules live next to the criteria rules.
 */
import { RATE_LIMIT_DEFAULTS, TIMEOUTS } from '@aicr/contracts';

export type Env = Readonly<Record<string, string | undefined>>;

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const ALLOWLIST_ENV_VARS = [
  'AICR_ALLOWED_ACCELERATORS',
  'AICR_ALLOWED_SERVICES',
  'AICR_ALLOWED_INTENTS',
  'AICR_ALLOWED_OS',
] as const;
export type AllowlistEnv = Partial<Record<(typeof ALLOWLIST_ENV_VARS)[number], string>>;

export interface AppConfig {
  port: number;
  host: string;
  shutdownTimeoutSeconds: number;
  logLevel: LogLevel;
  /** Catalog directory; undefined → the engine's `defaultRecipesDir`. */
  recipesDir?: string;
  /** Raw allowlist strings, unset ones omitted; parse with `parseAllowlists`. */
  allowlistEnv: AllowlistEnv;
  /** Raw AICR_ALLOWED_SOURCES (§7.1), undefined when unset or blank. */
  allowedSources?: string;
  rateLimit: { perSecond: number; burst: number };
  trustProxy: boolean;
  redisUrl?: string;
  /** AICR_REDIS_PREFIX: prefix of every Redis key and BullMQ queue (deployments or tests sharing one Redis). */
  redisPrefix: string;
  recipeServiceUrl?: string;
  recipeTimeoutMs: number;
  bundleTimeoutMs: number;
  queueMaxDepth: number;
  embeddedWorker: boolean;
  workerConcurrency: number;
  stalledIntervalMs: number;
  bundleTtlSeconds: number;
  /** Worker metrics/health port; undefined → the worker opens no port. */
  metricsPort?: number;
  /** Unix seconds for zip entries; null → 1980-01-01. */
  sourceDateEpoch: number | null;
  /** Some OTEL_* variable is set: load the tracing SDK. */
  tracingRequested: boolean;
}

export interface LoadedConfig {
  config: AppConfig;
  /** Human-readable notes about values replaced by defaults. */
  warnings: string[];
}

/** Every variable the apps read (a test compares compose/k8s env against it). */
export const CONFIG_ENV_VARS: readonly string[] = [
  'PORT',
  'HOST',
  'SHUTDOWN_TIMEOUT_SECONDS',
  'LOG_LEVEL',
  'AICR_RECIPES_DIR',
  ...ALLOWLIST_ENV_VARS,
  'AICR_ALLOWED_SOURCES',
  'AICR_RATE_LIMIT',
  'AICR_RATE_LIMIT_BURST',
  'AICR_TRUST_PROXY',
  'REDIS_URL',
  'AICR_REDIS_PREFIX',
  'RECIPE_SERVICE_URL',
  'AICR_RECIPE_TIMEOUT_MS',
  'AICR_BUNDLE_TIMEOUT_MS',
  'AICR_QUEUE_MAX_DEPTH',
  'AICR_EMBEDDED_WORKER',
  'AICR_WORKER_CONCURRENCY',
  'AICR_STALLED_INTERVAL_MS',
  'AICR_BUNDLE_TTL_SECONDS',
  'AICR_METRICS_PORT',
  'SOURCE_DATE_EPOCH',
  // Build stamp read by @aicr/contracts serviceVersion().
  'AICR_VERSION',
  // The OTEL_* family is open-ended; these are the ones our docs name.
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_TRACES_EXPORTER',
  'OTEL_SERVICE_NAME',
];
/** Prefixes of variable families read as a whole (tracing SDK). */
export const CONFIG_ENV_PREFIXES: readonly string[] = ['OTEL_'];

const DIGITS = /^[0-9]+$/;

/** BullMQ's default-like prefix; the same one for queue names and rate-limit buckets. */
export const DEFAULT_REDIS_PREFIX = 'aicr';
// Key-safe: no spaces, braces (Redis Cluster hash tags) or control characters.
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

function redisPrefix(value: string | undefined, warnings: string[]): string {
  if (value === undefined) return DEFAULT_REDIS_PREFIX;
  if (PREFIX.test(value)) return value;
  warnings.push(`AICR_REDIS_PREFIX=${JSON.stringify(value)} is not 1–64 of [A-Za-z0-9._:-]; using ${DEFAULT_REDIS_PREFIX}`);
  return DEFAULT_REDIS_PREFIX;
}

export function loadConfig(env: Env = process.env): LoadedConfig {
  const warnings: string[] = [];
  const raw = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  /** Integer in [min, max]; unset → default silently, invalid → default with a warning. */
  const int = (name: string, def: number, min = 1, max = Number.MAX_SAFE_INTEGER): number => {
    const v = raw(name);
    if (v === undefined) return def;
    const n = DIGITS.test(v) ? Number(v) : NaN;
    if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
    warnings.push(`${name}=${JSON.stringify(v)} is not an integer in ${min}–${max}; using ${def}`);
    return def;
  };
  const optionalInt = (name: string, min: number, max: number): number | undefined => {
    const v = raw(name);
    if (v === undefined) return undefined;
    const n = DIGITS.test(v) ? Number(v) : NaN;
    if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
    warnings.push(`${name}=${JSON.stringify(v)} is not an integer in ${min}–${max}; ignored`);
    return undefined;
  };
  const bool = (name: string, def: boolean): boolean => {
    const v = raw(name)?.toLowerCase();
    if (v === undefined) return def;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    warnings.push(`${name}=${JSON.stringify(v)} is not true/false; using ${def}`);
    return def;
  };

  const levelRaw = raw('LOG_LEVEL')?.toLowerCase();
  let logLevel: LogLevel = 'info';
  if (levelRaw !== undefined) {
    if ((LOG_LEVELS as readonly string[]).includes(levelRaw)) logLevel = levelRaw as LogLevel;
    else warnings.push(`LOG_LEVEL=${JSON.stringify(levelRaw)} is not one of ${LOG_LEVELS.join('/')}; using info`);
  }

  const allowlistEnv: AllowlistEnv = {};
  for (const name of ALLOWLIST_ENV_VARS) {
    // Kept verbatim (not trimmed): parseAllowlists owns every rule about them.
    const v = env[name];
    if (v !== undefined && v !== '') allowlistEnv[name] = v;
  }

  const config: AppConfig = {
    port: int('PORT', 8080, 1, 65535),
    host: raw('HOST') ?? '0.0.0.0',
    shutdownTimeoutSeconds: int('SHUTDOWN_TIMEOUT_SECONDS', TIMEOUTS.shutdownSeconds),
    logLevel,
    recipesDir: raw('AICR_RECIPES_DIR'),
    allowlistEnv,
    allowedSources: raw('AICR_ALLOWED_SOURCES'),
    rateLimit: {
      perSecond: int('AICR_RATE_LIMIT', RATE_LIMIT_DEFAULTS.perSecond),
      burst: int('AICR_RATE_LIMIT_BURST', RATE_LIMIT_DEFAULTS.burst),
    },
    trustProxy: bool('AICR_TRUST_PROXY', false),
    redisUrl: raw('REDIS_URL'),
    redisPrefix: redisPrefix(raw('AICR_REDIS_PREFIX'), warnings),
    recipeServiceUrl: raw('RECIPE_SERVICE_URL'),
    recipeTimeoutMs: int('AICR_RECIPE_TIMEOUT_MS', TIMEOUTS.recipeMs),
    bundleTimeoutMs: int('AICR_BUNDLE_TIMEOUT_MS', TIMEOUTS.bundleMs),
    queueMaxDepth: int('AICR_QUEUE_MAX_DEPTH', 100),
    embeddedWorker: bool('AICR_EMBEDDED_WORKER', true),
    workerConcurrency: int('AICR_WORKER_CONCURRENCY', 4),
    stalledIntervalMs: int('AICR_STALLED_INTERVAL_MS', 30_000),
    bundleTtlSeconds: int('AICR_BUNDLE_TTL_SECONDS', 60),
    metricsPort: optionalInt('AICR_METRICS_PORT', 1, 65535),
    sourceDateEpoch: optionalInt('SOURCE_DATE_EPOCH', 0, Number.MAX_SAFE_INTEGER) ?? null,
    tracingRequested: Object.keys(env).some((k) => k.startsWith('OTEL_') && (env[k] ?? '').trim() !== ''),
  };
  return { config, warnings };
}

import { describe, expect, it } from 'vitest';
import { CONFIG_ENV_VARS, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives API.md §9 defaults for an empty environment, without warnings', () => {
    const { config, warnings } = loadConfig({});
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      shutdownTimeoutSeconds: 30,
      logLevel: 'info',
      allowlistEnv: {},
      rateLimit: { perSecond: 100, burst: 200 },
      trustProxy: false,
      recipeTimeoutMs: 30_000,
      bundleTimeoutMs: 60_000,
      queueMaxDepth: 100,
      embeddedWorker: true,
      workerConcurrency: 4,
      stalledIntervalMs: 30_000,
      bundleTtlSeconds: 60,
      sourceDateEpoch: null,
      tracingRequested: false,
    });
    expect(config.redisUrl).toBeUndefined();
    expect(config.recipeServiceUrl).toBeUndefined();
    expect(config.metricsPort).toBeUndefined();
    expect(config.recipesDir).toBeUndefined();
  });

  it('reads every variable', () => {
    const { config, warnings } = loadConfig({
      PORT: '9090',
      HOST: '::',
      SHUTDOWN_TIMEOUT_SECONDS: '5',
      LOG_LEVEL: 'DEBUG',
      AICR_RECIPES_DIR: '/data/recipes',
      AICR_ALLOWED_ACCELERATORS: 'h100, l40',
      AICR_ALLOWED_OS: 'al2',
      AICR_ALLOWED_SOURCES: 'ghcr.io',
      AICR_RATE_LIMIT: '5',
      AICR_RATE_LIMIT_BURST: '10',
      AICR_TRUST_PROXY: 'true',
      REDIS_URL: 'redis://localhost:6379',
      RECIPE_SERVICE_URL: 'http://recipe:8081',
      AICR_RECIPE_TIMEOUT_MS: '100',
      AICR_BUNDLE_TIMEOUT_MS: '200',
      AICR_QUEUE_MAX_DEPTH: '3',
      AICR_EMBEDDED_WORKER: 'false',
      AICR_WORKER_CONCURRENCY: '2',
      AICR_STALLED_INTERVAL_MS: '1000',
      AICR_BUNDLE_TTL_SECONDS: '7',
      AICR_METRICS_PORT: '9100',
      SOURCE_DATE_EPOCH: '1700000000',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318',
    });
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      port: 9090,
      host: '::',
      shutdownTimeoutSeconds: 5,
      logLevel: 'debug',
      recipesDir: '/data/recipes',
      allowlistEnv: { AICR_ALLOWED_ACCELERATORS: 'h100, l40', AICR_ALLOWED_OS: 'al2' },
      allowedSources: 'ghcr.io',
      rateLimit: { perSecond: 5, burst: 10 },
      trustProxy: true,
      redisUrl: 'redis://localhost:6379',
      redisPrefix: 'aicr',
      recipeServiceUrl: 'http://recipe:8081',
      recipeTimeoutMs: 100,
      bundleTimeoutMs: 200,
      queueMaxDepth: 3,
      embeddedWorker: false,
      workerConcurrency: 2,
      stalledIntervalMs: 1000,
      bundleTtlSeconds: 7,
      metricsPort: 9100,
      sourceDateEpoch: 1700000000,
      tracingRequested: true,
    });
  });

  it.each([
    ['PORT', 'abc', 'port', 8080],
    ['PORT', '70000', 'port', 8080],
    ['PORT', '0', 'port', 8080],
    ['PORT', '-1', 'port', 8080],
    ['SHUTDOWN_TIMEOUT_SECONDS', '0', 'shutdownTimeoutSeconds', 30],
    ['SHUTDOWN_TIMEOUT_SECONDS', '1.5', 'shutdownTimeoutSeconds', 30],
    ['LOG_LEVEL', 'verbose', 'logLevel', 'info'],
    ['AICR_RATE_LIMIT', 'x', 'rateLimit', { perSecond: 100, burst: 200 }],
    ['AICR_TRUST_PROXY', 'maybe', 'trustProxy', false],
    ['AICR_RECIPE_TIMEOUT_MS', '-5', 'recipeTimeoutMs', 30_000],
    ['AICR_METRICS_PORT', 'nope', 'metricsPort', undefined],
    ['SOURCE_DATE_EPOCH', 'yesterday', 'sourceDateEpoch', null],
  ])('%s=%s → warning and default', (name, value, key, expected) => {
    const { config, warnings } = loadConfig({ [name]: value });
    expect((config as unknown as Record<string, unknown>)[key]).toEqual(expected);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(name);
  });

  it('treats blank values as unset', () => {
    const { config, warnings } = loadConfig({ PORT: ' ', REDIS_URL: '', AICR_ALLOWED_OS: '' });
    expect(warnings).toEqual([]);
    expect(config.port).toBe(8080);
    expect(config.redisUrl).toBeUndefined();
    expect(config.allowlistEnv).toEqual({});
  });

  it('lists every variable it reads in CONFIG_ENV_VARS', () => {
    const read = new Set<string>();
    const spy = new Proxy({} as Record<string, string | undefined>, {
      get: (_t, k) => (typeof k === 'string' ? (read.add(k), undefined) : undefined),
      ownKeys: () => [],
    });
    loadConfig(spy);
    for (const name of read) expect(CONFIG_ENV_VARS).toContain(name);
    expect(read.size).toBeGreaterThan(20);
  });
});

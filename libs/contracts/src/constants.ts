/** Fixed values of the HTTP contract (API.md); one place so no app re-types them. */

export const API_VERSION = 'aicr.nvidia.com/v1alpha1';
/** Value of the X-API-Version header: only v1 exists (API.md §2). */
export const HTTP_API_VERSION = 'v1';
export const SERVICE_NAME = 'aicrd';
export const API_ROUTES = ['/v1/recipe', '/v1/query', '/v1/bundle'] as const;
export const CACHE_CONTROL_RECIPE = 'public, max-age=600';

/** The service's build version: stamped at build time through AICR_VERSION, `dev` otherwise. */
export function serviceVersion(): string {
  const v = process.env.AICR_VERSION?.trim();
  return v ? v.replace(/^v/, '') : 'dev';
}

export const HEADERS = {
  requestId: 'X-Request-Id',
  apiVersion: 'X-API-Version',
  rateLimitLimit: 'X-RateLimit-Limit',
  rateLimitRemaining: 'X-RateLimit-Remaining',
  rateLimitReset: 'X-RateLimit-Reset',
  retryAfter: 'Retry-After',
  bundleFiles: 'X-Bundle-Files',
  bundleSize: 'X-Bundle-Size',
  bundleDuration: 'X-Bundle-Duration',
  bundleSha256: 'X-Bundle-Sha256',
  bundleWarnings: 'X-Bundle-Warnings',
} as const;

export const LIMITS = {
  recipeBodyBytes: 1_048_576,
  queryBodyBytes: 1_048_576,
  bundleBodyBytes: 10_485_760,
  headerBytes: 65_536,
  archiveBytes: 20_971_520,
  maxComponentRefs: 100,
  maxNestingDepth: 64,
  maxYamlAliases: 100,
  criteriaValueMaxChars: 64,
  maxNodes: 2_147_483_647,
  maxSetParams: 200,
  setPathMaxChars: 256,
  setPathMaxSegments: 32,
  setValueMaxChars: 4096,
  maxBundlers: 50,
  bundlerNameMaxChars: 63,
  componentNameMaxChars: 53,
  repoMaxChars: 2048,
} as const;

export const TIMEOUTS = {
  headersMs: 5_000,
  requestMs: 10_000,
  keepAliveMs: 120_000,
  /** Node sweeps slow connections only this often; the default 30 s would defeat the two above (H30). */
  connectionsCheckingIntervalMs: 1_000,
  recipeMs: 30_000,
  bundleMs: 60_000,
  shutdownSeconds: 30,
} as const;

export const RATE_LIMIT_DEFAULTS = { perSecond: 100, burst: 200 } as const;

/** Placeholder GitOps URL written when `repo` is not given (BUNDLES.md §10.1). */
export const REPO_PLACEHOLDER = 'https://github.com/YOUR-ORG/YOUR-REPO.git';

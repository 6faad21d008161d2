/** Response headers of the OpenAPI document (API.md §2, §4, §8.6), as fastify-swagger header schemas. */
import { HEADERS } from '@aicr/contracts';

type HeaderSchemas = Record<string, Record<string, unknown>>;

const requestId = { [HEADERS.requestId]: { type: 'string', description: 'The request ID: the client’s valid UUID echoed, else a fresh UUID v4.' } };

/** On every response of the API chain, success and error (§2). */
export const CHAIN_HEADERS: HeaderSchemas = {
  ...requestId,
  [HEADERS.apiVersion]: { type: 'string', enum: ['v1'], description: 'Always v1.' },
  [HEADERS.rateLimitLimit]: { type: 'integer', description: 'Token refill rate per second (AICR_RATE_LIMIT, default 100).' },
  [HEADERS.rateLimitRemaining]: { type: 'integer', description: 'Whole tokens left in this client IP’s bucket after this request.' },
  [HEADERS.rateLimitReset]: { type: 'integer', description: 'Unix time in seconds, now + 1.' },
};

/** Health, readiness and metrics are outside the chain: only the request ID [extension]. */
export const PLAIN_HEADERS: HeaderSchemas = requestId;

export const RETRY_AFTER: HeaderSchemas = {
  [HEADERS.retryAfter]: { type: 'string', description: 'Seconds to wait before retrying.' },
};

export const CACHE_CONTROL: HeaderSchemas = {
  'Cache-Control': { type: 'string', enum: ['public, max-age=600'], description: 'Only on 200.' },
};

export const ALLOW: HeaderSchemas = { Allow: { type: 'string', description: 'The methods the path supports.' } };

export const BUNDLE_HEADERS: HeaderSchemas = {
  'Content-Disposition': { type: 'string', description: 'attachment; filename="bundles.zip"' },
  [HEADERS.bundleFiles]: { type: 'integer', description: 'Regular files in the archive.' },
  [HEADERS.bundleSize]: { type: 'integer', description: 'Uncompressed bytes of those files.' },
  [HEADERS.bundleDuration]: { type: 'string', description: 'Time to produce the zip, e.g. 45.2ms or 1.234s.' },
  [HEADERS.bundleSha256]: { type: 'string', description: 'Lowercase hex SHA-256 of the zip.' },
  ETag: { type: 'string', description: 'The SHA-256, double-quoted.' },
  [HEADERS.bundleWarnings]: { type: 'string', description: 'Only with warnings: URL-encoded messages joined by ;' },
};

import { AicrError, ErrorCode, HEADERS, LIMITS, serviceVersion, type BundleArtifact } from '@aicr/contracts';
import { createInProcessBundleRunner, parseAllowedSources, planBundle } from '@aicr/bundler';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { withDeadline } from '../deadline';

/**
 * X-Bundle-Duration (API.md §8.6): ASCII only, `<decimal>ms` below one second, `<decimal>s`
 * otherwise, at most three decimals [deviation: Go also prints µs/ns].
 */
export function formatDuration(ms: number): string {
  const rounded = Number(ms.toFixed(3));
  return rounded < 1000 ? `${rounded}ms` : `${Number((ms / 1000).toFixed(3))}s`;
}

/** The success headers of API.md §8.6 (plus §2's, added by the API plugins); no Cache-Control. */
export function bundleHeaders(artifact: BundleArtifact, durationMs: number): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/zip',
    'Content-Disposition': 'attachment; filename="bundles.zip"',
    'Content-Length': String(artifact.zip.length),
    [HEADERS.bundleFiles]: String(artifact.files),
    [HEADERS.bundleSize]: String(artifact.size),
    [HEADERS.bundleDuration]: formatDuration(durationMs),
    [HEADERS.bundleSha256]: artifact.sha256,
    ETag: `"${artifact.sha256}"`,
  };
  // Messages may hold any text; URL-encoding keeps the header ASCII and `;` unambiguous.
  if (artifact.warnings.length > 0) headers[HEADERS.bundleWarnings] = artifact.warnings.map(encodeURIComponent).join(';');
  return headers;
}

/** POST /v1/bundle (API.md §8.6): validate + plan synchronously, render, answer the finished zip. */
export const bundleRoutes: FastifyPluginAsync = async (app) => {
  const { deps } = app;
  // One-process mode needs no wiring: without an injected runner the bundle renders in-process.
  const runner = deps.bundleRunner ?? createInProcessBundleRunner();
  const allowedSources = parseAllowedSources(deps.config.allowedSources);
  // Acceptance time per request: the deadline and X-Bundle-Duration count from here (§5.3).
  const acceptedAt = new WeakMap<FastifyRequest, { wall: number; mono: number }>();

  app.post(
    '/v1/bundle',
    {
      bodyLimit: LIMITS.bundleBodyBytes,
      onRequest: async (request) => {
        acceptedAt.set(request, { wall: Date.now(), mono: performance.now() });
      },
    },
    async (request, reply) => {
      const accepted = acceptedAt.get(request) ?? { wall: Date.now(), mono: performance.now() };
      const catalog = deps.catalog;
      if (!catalog) {
        // Split mode before the catalog arrived: /ready says not ready; callers retry.
        throw new AicrError(ErrorCode.SERVICE_UNAVAILABLE, 'Service unavailable', { error: 'recipe catalog not loaded' }, { headers: { [HEADERS.retryAfter]: '1' } });
      }
      const body = request.body;
      const plan = planBundle({
        query: request.query as Record<string, string | string[] | undefined>,
        body: Buffer.isBuffer(body) ? body : typeof body === 'string' ? body : '',
        catalog,
        allowlists: deps.allowlists,
        allowedSources,
        version: serviceVersion(),
        sourceDateEpoch: deps.config.sourceDateEpoch,
      });
      const deadline = accepted.wall + deps.config.bundleTimeoutMs;
      const artifact = await withDeadline(Math.max(0, deadline - Date.now()), 'bundle', (signal) =>
        runner.run(plan, { deadline, requestId: request.id, signal }),
      );
      reply.code(200).headers(bundleHeaders(artifact, performance.now() - accepted.mono));
      return reply.send(artifact.zip);
    },
  );
};

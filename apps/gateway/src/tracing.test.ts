/**
 * Tracing (API.md §9 OTEL_*): one trace per request across the gateway, the recipe service call
 * (W3C traceparent from @aicr/recipe-client) and, for a bundle, the BullMQ flow and every job on
 * the workers. In-process, with an in-memory exporter in place of the OTEL_* one.
 */
import type { AddressInfo } from 'node:net';
import { bullmqTelemetry, startTracing, type Tracing } from '@aicr/platform';
import { createQueueBundleRunner, startBundleWorker, type BundleWorker, type QueueOptions } from '@aicr/queue';
import { createHttpRecipeSource } from '@aicr/recipe-client';
import { buildApp as buildRecipeService } from '@aicr/recipe-service';
import { RecipeEngine } from '@aicr/recipe-engine';
import { eventually, sharedRedisUrl, uniquePrefix } from '@aicr/testing';
import { tracing as sdk } from '@opentelemetry/sdk-node';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testCatalog } from './test-support/app-fixture';
import { buildObservedApp } from './test-support/observed-app';

type Span = InstanceType<typeof sdk.InMemorySpanExporter> extends { getFinishedSpans(): Array<infer S> } ? S : never;

const exporter = new sdk.InMemorySpanExporter();
let tracing: Tracing;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  // Before any fastify instance exists: @fastify/otel attaches to instances created afterwards.
  tracing = await startTracing({ serviceName: 'aicr-test', enabled: true, spanProcessors: [new sdk.SimpleSpanProcessor(exporter)] });
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await tracing.shutdown();
});

const traceOf = (span: Span) => span.spanContext().traceId;
const route = (span: Span) => span.attributes['http.route'];

it('is off without OTEL_* and loads nothing', async () => {
  const off = await startTracing({ serviceName: 'x', env: {} });
  expect(off.enabled).toBe(false);
});

it('a recipe request in split mode: gateway and recipe service spans share one trace', async () => {
  const service: FastifyInstance = await buildRecipeService({ engine: new RecipeEngine(await testCatalog()) });
  await service.listen({ port: 0, host: '127.0.0.1' });
  closers.push(() => service.close());
  const { port } = service.server.address() as AddressInfo;
  const recipeSource = createHttpRecipeSource({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 5_000 });
  const gateway = await buildObservedApp({ recipeSource });
  closers.push(() => gateway.close(), () => recipeSource.close());

  exporter.reset();
  const res = await gateway.inject({ url: '/v1/recipe?service=eks&accelerator=h100' });
  expect(res.statusCode).toBe(200);

  const spans = () => exporter.getFinishedSpans();
  expect(await eventually(() => spans().some((s) => route(s) === '/internal/v1/resolve') && spans().some((s) => route(s) === '/v1/recipe'), 10_000, 50)).toBe(true);
  const gatewaySpan = spans().find((s) => s.name === 'request' && route(s) === '/v1/recipe')!;
  const serviceSpan = spans().find((s) => s.name === 'request' && route(s) === '/internal/v1/resolve')!;
  expect(traceOf(serviceSpan)).toBe(traceOf(gatewaySpan));
  // The recipe service's request span is a child inside the gateway's request, not a new root.
  expect(serviceSpan.parentSpanContext?.spanId).toBeDefined();
  expect(spans().filter((s) => traceOf(s) === traceOf(gatewaySpan)).map((s) => s.parentSpanContext?.spanId === undefined).filter(Boolean)).toHaveLength(1);
});

it('a bundle request through the queue: gateway, queue and every worker job in one trace', async () => {
  const telemetry = bullmqTelemetry();
  expect(telemetry).toBeDefined();
  const options: QueueOptions = {
    redisUrl: sharedRedisUrl(),
    prefix: uniquePrefix('trace'),
    bundleTtlSeconds: 60,
    maxDepth: 100,
    stalledIntervalMs: 30_000,
    concurrency: 4,
    telemetry,
  };
  const runner = createQueueBundleRunner(options);
  const worker: BundleWorker = await startBundleWorker(options);
  const gateway = await buildObservedApp({ bundleRunner: runner });
  closers.push(() => gateway.close(), () => worker.close(), () => runner.close());

  const recipe = await gateway.inject({ url: '/v1/recipe?service=eks&accelerator=h100' });
  exporter.reset();
  const res = await gateway.inject({
    method: 'POST',
    url: '/v1/bundle?bundlers=cert-manager,gpu-operator',
    payload: recipe.body,
    headers: { 'content-type': 'application/json' },
  });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);

  const spans = () => exporter.getFinishedSpans();
  const gatewaySpan = () => spans().find((s) => s.name === 'request' && route(s) === '/v1/bundle');
  // Worker spans: one per render child (2) and the assemble parent, all in the request's trace.
  const workerSpans = () => spans().filter((s) => /^process /.test(s.name) && gatewaySpan() && traceOf(s) === traceOf(gatewaySpan()!));
  expect(await eventually(() => workerSpans().length >= 3, 10_000, 50), JSON.stringify(spans().map((s) => s.name))).toBe(true);
  const trace = traceOf(gatewaySpan()!);
  const inTrace = spans().filter((s) => traceOf(s) === trace).map((s) => s.name);
  expect(inTrace).toEqual(expect.arrayContaining(['request', 'process aicr-render', 'process aicr-bundle']));
  // The producer side: the flow added by the gateway.
  expect(inTrace.some((n) => /^(addFlow|add) /.test(n))).toBe(true);
});

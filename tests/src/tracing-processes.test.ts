/**
 * Tracing across real processes (API.md §9 OTEL_*): the exporter comes from the standard
 * variables (here the console exporter). A recipe request in split mode produces spans in the
 * gateway and in the recipe service with the same trace ID (W3C traceparent); a bundle request
 * produces the gateway's, the flow's and a worker process's job spans in one trace.
 */
import { freePort, sharedRedisUrl, uniquePrefix, startApp, type RunningProcess } from '@aicr/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { request, waitForStatus } from './raw-http';

const OTEL = { OTEL_TRACES_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_BSP_SCHEDULE_DELAY: '100' };
const procs: RunningProcess[] = [];
let gatewayPort: number;
let gateway: RunningProcess;
let service: RunningProcess;

beforeAll(async () => {
  const servicePort = await freePort();
  gatewayPort = await freePort();
  service = startApp('recipe-service', { PORT: String(servicePort), OTEL_SERVICE_NAME: 'aicr-recipe-service', ...OTEL });
  gateway = startApp('gateway', {
    PORT: String(gatewayPort),
    RECIPE_SERVICE_URL: `http://127.0.0.1:${servicePort}`,
    OTEL_SERVICE_NAME: 'aicr-gateway',
    ...OTEL,
  });
  procs.push(service, gateway);
  await waitForStatus(servicePort, '/ready', 200, 60_000, service);
  await waitForStatus(gatewayPort, '/ready', 200, 60_000, gateway);
});
afterAll(() => {
  for (const p of procs) p.kill();
});

interface PrintedSpan {
  name: string;
  traceId: string;
  route?: string;
}

/** The spans a console exporter printed (one object per span, each opening with `resource:`). */
function printedSpans(output: string): PrintedSpan[] {
  const spans: PrintedSpan[] = [];
  for (const block of output.split(/\n\{\s*\n\s*resource:/)) {
    const traceId = /traceId: '([0-9a-f]{32})'/.exec(block)?.[1];
    const name = /\n {2}name: '([^']*)'/.exec(block)?.[1];
    if (traceId && name) spans.push({ name, traceId, route: /'http\.route': '([^']*)'/.exec(block)?.[1] });
  }
  return spans;
}

/** Trace IDs of the spans printed for `route`. */
const traceIds = (output: string, route: string) => printedSpans(output).filter((s) => s.route === route).map((s) => s.traceId);

it('one recipe request: gateway and recipe-service spans share a trace ID', async () => {
  const res = await request({ port: gatewayPort, path: '/v1/recipe?service=eks&accelerator=h100&nodes=7' });
  expect(res.status).toBe(200);
  const end = Date.now() + 10_000;
  let gatewayIds: string[] = [];
  let serviceIds: string[] = [];
  while (Date.now() < end && !(gatewayIds.length && serviceIds.length)) {
    await new Promise((r) => setTimeout(r, 200));
    gatewayIds = traceIds(gateway.output(), '/v1/recipe');
    serviceIds = traceIds(service.output(), '/internal/v1/resolve');
  }
  expect(gatewayIds.length, gateway.output().slice(-3000)).toBeGreaterThan(0);
  expect(serviceIds.length, service.output().slice(-3000)).toBeGreaterThan(0);
  expect(serviceIds).toContain(gatewayIds[0]);
  // Probes are not traced.
  expect(traceIds(gateway.output(), '/ready')).toEqual([]);
});

it('one bundle request: the gateway, its flow and the jobs on a worker process share a trace ID', async () => {
  const prefix = uniquePrefix('trace-sys');
  const port = await freePort();
  const queued = { REDIS_URL: sharedRedisUrl(), AICR_REDIS_PREFIX: prefix, ...OTEL };
  const gw = startApp('gateway', { PORT: String(port), AICR_EMBEDDED_WORKER: 'false', OTEL_SERVICE_NAME: 'aicr-gateway', ...queued });
  const worker = startApp('bundle-worker', { OTEL_SERVICE_NAME: 'aicr-bundle-worker', ...queued });
  procs.push(gw, worker);
  await waitForStatus(port, '/ready', 200, 60_000, gw);
  const recipe = await request({ port, path: '/v1/recipe?service=eks&accelerator=h100' });
  const res = await request({
    port,
    path: '/v1/bundle?bundlers=cert-manager,gpu-operator',
    method: 'POST',
    body: recipe.body,
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status, res.body.toString().slice(0, 300)).toBe(200);

  const end = Date.now() + 15_000;
  let trace: string | undefined;
  let jobs: PrintedSpan[] = [];
  while (Date.now() < end) {
    trace = traceIds(gw.output(), '/v1/bundle')[0];
    jobs = printedSpans(worker.output()).filter((s) => s.traceId === trace && s.name.startsWith('process '));
    if (trace && jobs.length >= 3) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(trace, gw.output().slice(-3000)).toBeDefined();
  // Two render children and the assemble parent, run by the worker process.
  expect(jobs.map((s) => s.name).sort(), worker.output().slice(-3000)).toEqual(['process aicr-bundle', 'process aicr-render', 'process aicr-render']);
  // The producer side, in the gateway process.
  expect(printedSpans(gw.output()).some((s) => s.traceId === trace && s.name === 'addFlow aicr-bundle')).toBe(true);
});

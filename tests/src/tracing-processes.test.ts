/**
 * Tracing across real processes (API.md §9 OTEL_*): the exporter comes from the standard
 * variables (here the console exporter), and a recipe request in split mode produces spans in
 * the gateway and in the recipe service that carry the same trace ID (W3C traceparent).
 */
import { freePort } from '@aicr/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { request, startApp, waitForStatus, type AppProcess } from './app-process';

const OTEL = { OTEL_TRACES_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_BSP_SCHEDULE_DELAY: '100' };
const procs: AppProcess[] = [];
let gatewayPort: number;
let gateway: AppProcess;
let service: AppProcess;

beforeAll(async () => {
  const servicePort = await freePort();
  gatewayPort = await freePort();
  service = startApp('apps/recipe-service/src/main.ts', { PORT: String(servicePort), OTEL_SERVICE_NAME: 'aicr-recipe-service', ...OTEL });
  gateway = startApp('apps/gateway/src/main.ts', {
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

/** Trace IDs of the spans a console exporter printed for `route`. */
function traceIds(output: string, route: string): string[] {
  const ids: string[] = [];
  // ConsoleSpanExporter prints one object per span; split on its `resource:` opener.
  for (const block of output.split(/\n\{\s*\n\s*resource:/)) {
    if (!block.includes(`'http.route': '${route}'`)) continue;
    const m = /traceId: '([0-9a-f]{32})'/.exec(block);
    if (m) ids.push(m[1]);
  }
  return ids;
}

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

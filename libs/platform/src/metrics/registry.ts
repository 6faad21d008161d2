/**
 * One prom-client Registry per process part that serves /metrics (gateway app, worker), never
 * prom-client's global one: tests build several apps in one process, and a global registry
 * would make the second one fail on duplicate metric names.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export interface MetricsRegistryOptions {
  /** Node's process_* and nodejs_* series (API.md §8.8 MAY). Default true. */
  defaultMetrics?: boolean;
}

export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  // text/plain; version=0.0.4; charset=utf-8 (§8.8), prom-client's default content type.
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

export { Registry };

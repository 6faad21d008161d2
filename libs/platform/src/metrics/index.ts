export { createMetricsRegistry, Registry, type MetricsRegistryOptions } from './registry';
export * from './gateway-metrics';
export * from './queue-gauge';

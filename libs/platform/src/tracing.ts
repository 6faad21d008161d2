/**
 * OpenTelemetry start-up (API.md §9 OTEL_*): one trace per request across the gateway, the
 * recipe service and the bundle workers. Off unless an OTEL_* variable is set, and then the SDK
 * is not even loaded (dynamic imports below), so a default start pays nothing for it. The
 * exporter and everything else come from the standard OTEL_* variables (NodeSDK reads them).
 *
 * What produces spans:
 * - @fastify/otel, registered on every fastify instance created after start-up (it listens on
 *   fastify's initialization diagnostics channel, so the apps need no code for it); it also
 *   continues an incoming W3C traceparent, which @aicr/recipe-client sends;
 * - BullMQ, through the telemetry object `bullmqTelemetry()` returns, which the queue lib hands
 *   to its Queue, FlowProducer and Worker: a flow's jobs carry the request's context, and each
 *   worker's job span joins the request's trace.
 */
import type { Telemetry } from 'bullmq';

export interface TracingOptions {
  /** Resource service.name unless OTEL_SERVICE_NAME says otherwise. */
  serviceName: string;
  /** Load the SDK; default: some OTEL_* variable is set (config.tracingRequested). */
  enabled?: boolean;
  /**
   * Span processors to use instead of the OTEL_* exporter (tests: an in-memory exporter). The
   * type is sdk-trace-base's SpanProcessor, left open so this module imports none of the SDK.
   */
  spanProcessors?: unknown[];
  env?: Readonly<Record<string, string | undefined>>;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Flushes and stops the SDK (graceful shutdown); no-op when disabled. */
  shutdown(): Promise<void>;
}

/** Paths that would only add noise to every trace backend: probes and scrapes. */
const UNTRACED = new Set(['/health', '/ready', '/metrics']);

let telemetry: Telemetry | undefined;

const anyOtelVariable = (env: Readonly<Record<string, string | undefined>>) =>
  Object.keys(env).some((k) => k.startsWith('OTEL_') && (env[k] ?? '').trim() !== '');

export async function startTracing(options: TracingOptions): Promise<Tracing> {
  const env = options.env ?? process.env;
  if (!(options.enabled ?? anyOtelVariable(env))) return { enabled: false, shutdown: async () => {} };

  const [{ NodeSDK }, { FastifyOtelInstrumentation }, { BullMQOtel }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@fastify/otel'),
    import('bullmq-otel'),
  ]);
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName: options.serviceName }),
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors as never } : {}),
    instrumentations: [
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        ignorePaths: ({ url }) => UNTRACED.has(url),
      }),
    ],
  });
  sdk.start();
  telemetry = new BullMQOtel({ tracerName: 'aicr-bullmq' });
  return {
    enabled: true,
    async shutdown() {
      telemetry = undefined;
      await sdk.shutdown();
    },
  };
}

/** BullMQ's telemetry option while tracing runs, else undefined (BullMQ then traces nothing). */
export function bullmqTelemetry(): Telemetry | undefined {
  return telemetry;
}

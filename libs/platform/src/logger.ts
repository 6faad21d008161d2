/**
 * Logger options fastify hands to its bundled pino: JSON lines on stderr (API.md §9), level
 * from LOG_LEVEL. Options rather than an instance so fastify owns the logger's lifecycle.
 */
import pino from 'pino';
import type { LogLevel } from './config';

export interface PlatformLoggerOptions {
  level: LogLevel | 'silent';
  /** pino writes here; stderr keeps stdout free for tools that pipe the process. */
  stream: NodeJS.WritableStream | pino.DestinationStream;
  base: Record<string, unknown>;
}

/**
 * How stderr lines are buffered. One write syscall per log line cost the gateway more than
 * the line itself on a cached GET /v1/recipe (docs/benchmarks.md): lines are collected up to
 * `minLength` bytes and written with one synchronous write, at most `periodicFlushMs` late when
 * traffic is low, and on exit, so an orderly stop, process.exit or a crash loses nothing; only
 * a SIGKILL (or a signal with no handler) can lose the last chunk. Writes stay
 * synchronous, as with process.stderr: a stuck log reader slows the process down instead of
 * growing its memory, and no thread-pool hand-off is paid (sonic-boom's async mode measured
 * slower per line than this).
 */
export const LOG_BUFFER = { minLength: 4096, periodicFlushMs: 250 } as const;

let destination: pino.DestinationStream | undefined;

/** The process's one buffered stderr writer, shared by every logger and logLine. */
export function stderrDestination(): pino.DestinationStream {
  if (destination === undefined) {
    const stream = pino.destination({ dest: 2, sync: true, minLength: LOG_BUFFER.minLength, periodicFlush: LOG_BUFFER.periodicFlushMs });
    // pino only registers exit flushing for async destinations; 'exit' also follows an uncaught exception.
    process.once('exit', () => stream.flushSync());
    destination = stream;
  }
  return destination;
}

// No `redact`: the request serializer logs method, URL, host and peer address, never headers,
// so Authorization and Cookie cannot reach a line (request-log.test.ts checks it); pino's
// redaction cloned every request's log object to find them.
export function loggerOptions(level: LogLevel | 'silent' = 'info', service = 'aicrd'): PlatformLoggerOptions {
  return {
    level,
    stream: stderrDestination(),
    base: { service, pid: process.pid },
  };
}

const LEVEL_NUMBERS = { debug: 20, info: 30, warn: 40, error: 50 } as const;

/**
 * One pino-shaped JSON line on stderr, for messages before any fastify logger exists
 * (start-up failures): same format and same writer, so log pipelines need no second parser
 * and lines keep their order.
 */
export function logLine(threshold: LogLevel, level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  if (LEVEL_NUMBERS[level] < LEVEL_NUMBERS[threshold]) return;
  stderrDestination().write(`${JSON.stringify({ level: LEVEL_NUMBERS[level], time: Date.now(), pid: process.pid, service: 'aicrd', ...fields, msg })}\n`);
}

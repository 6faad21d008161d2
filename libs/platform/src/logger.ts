/**
 * Logger options fastify hands to its bundled pino: JSON lines on stderr (API.md §9), level
 * from LOG_LEVEL. Options rather than an instance so fastify owns the logger's lifecycle.
 */
import type { LogLevel } from './config';

export interface PlatformLoggerOptions {
  level: LogLevel | 'silent';
  /** pino writes here; stderr keeps stdout free for tools that pipe the process. */
  stream: NodeJS.WritableStream;
  /** Never log values that could carry secrets. */
  redact: string[];
  base: Record<string, unknown>;
}

export function loggerOptions(level: LogLevel | 'silent' = 'info', service = 'aicrd'): PlatformLoggerOptions {
  return {
    level,
    stream: process.stderr,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    base: { service, pid: process.pid },
  };
}

const LEVEL_NUMBERS = { debug: 20, info: 30, warn: 40, error: 50 } as const;

/**
 * One pino-shaped JSON line on stderr, for messages before any fastify logger exists
 * (start-up failures): same format, so log pipelines need no second parser.
 */
export function logLine(threshold: LogLevel, level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  if (LEVEL_NUMBERS[level] < LEVEL_NUMBERS[threshold]) return;
  process.stderr.write(`${JSON.stringify({ level: LEVEL_NUMBERS[level], time: Date.now(), pid: process.pid, service: 'aicrd', ...fields, msg })}\n`);
}

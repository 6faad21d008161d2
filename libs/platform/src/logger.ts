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

/**
 * JSON lines on stderr (API.md §9), the shape fastify's pino writes in the gateway, without
 * pulling pino in as a dependency of its own for a process that logs a handful of lines.
 * (Candidate for @aicr/platform if another non-fastify process needs it.)
 */
import type { LogLevel } from '@aicr/platform';
import type { QueueLogger } from '@aicr/queue';

const LEVELS: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };

export function jsonLogger(level: LogLevel, service: string): QueueLogger & { debug(obj: unknown, msg?: string): void } {
  const min = LEVELS[level];
  const write = (lvl: LogLevel) => (obj: unknown, msg?: string) => {
    if (LEVELS[lvl] < min) return;
    const fields = typeof obj === 'object' && obj !== null ? obj : { value: obj };
    process.stderr.write(`${JSON.stringify({ level: LEVELS[lvl], time: Date.now(), service, pid: process.pid, ...fields, msg })}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

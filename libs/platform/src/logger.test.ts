import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOG_BUFFER } from './logger';

const child = fileURLToPath(new URL('./fixtures/logger-child.ts', import.meta.url));

/** Runs the fixture; `lines` are the JSON lines on its stderr, `at` when each chunk arrived (ms after 'logged'). */
function run(mode: string): Promise<{ code: number | null; lines: Array<Record<string, unknown>>; firstChunkMs: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let loggedAt = 0;
    let firstChunkMs = -1;
    p.stdout.on('data', () => (loggedAt ||= performance.now()));
    p.stderr.on('data', (d: Buffer) => {
      if (firstChunkMs < 0 && loggedAt) firstChunkMs = performance.now() - loggedAt;
      stderr += d.toString();
    });
    p.on('error', reject);
    p.on('close', (code) => {
      const lines = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code, lines, firstChunkMs, stderr });
    });
  });
}

describe('buffered stderr logging', () => {
  it('writes every buffered line when the process exits', async () => {
    const r = await run('exit');
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.msg)).toEqual(['line', 'line', 'line', 'via logLine']);
    expect(r.lines[0]).toMatchObject({ level: 30, service: 'logger-test', i: 0 });
  });

  it('writes them when the process dies of an uncaught exception', async () => {
    const r = await run('throw');
    expect(r.code).toBe(1);
    expect(r.lines.filter((l) => l.msg === 'line')).toHaveLength(3);
    expect(r.stderr).toContain('boom');
  });

  it('writes lines of a quiet process within the periodic flush, without waiting for exit', async () => {
    const r = await run('idle');
    expect(r.lines).toHaveLength(4);
    // The child lives 2 s; its lines arrive after about one flush period.
    expect(r.firstChunkMs).toBeGreaterThanOrEqual(0);
    expect(r.firstChunkMs).toBeLessThan(LOG_BUFFER.periodicFlushMs + 750);
  });

  it('keeps the order of pino lines and logLine lines, and loses none past the buffer size', async () => {
    const r = await run('many');
    expect(r.lines).toHaveLength(201);
    expect(r.lines.slice(0, 200).map((l) => l.i)).toEqual([...Array(200).keys()]);
    expect(r.lines[200]!.msg).toBe('via logLine');
  });
});

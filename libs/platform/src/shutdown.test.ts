import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('./fixtures/shutdown-child.ts', import.meta.url));

function runUntilSignal(workMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, String(workMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n') && !out.includes('sent')) {
        out += 'sent\n';
        p.kill('SIGTERM');
      }
    });
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code, out }));
  });
}

describe('installGracefulShutdown', () => {
  it('exits 0 when the shutdown work finishes in time', async () => {
    const r = await runUntilSignal(50);
    expect(r.out).toContain('shutdown:SIGTERM');
    expect(r.code).toBe(0);
  });

  it('exits 1 when the deadline passes', async () => {
    const r = await runUntilSignal(5000);
    expect(r.out).toContain('shutdown:SIGTERM');
    expect(r.code).toBe(1);
  });
});

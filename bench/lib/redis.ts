/**
 * A private redis-server for the queue benchmarks: its own port, nothing on disk, killed at the
 * end. Private so the benchmark neither disturbs nor is disturbed by anyone else's Redis (the
 * test suite's included), and so we know its pid for the RSS table.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from '@aicr/testing';
import { procStatusMb } from './processes';

export interface BenchRedis {
  url: string;
  peakRssMb(): number;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<BenchRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'aicr-bench-redis-'));
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  process.on('exit', () => proc.kill('SIGKILL'));
  await waitForPort(port, '127.0.0.1', 10_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    peakRssMb: () => procStatusMb(proc.pid!, 'VmHWM'),
    async stop() {
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

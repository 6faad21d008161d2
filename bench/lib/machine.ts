/** The facts a reader needs to compare numbers across runs: machine, Node, date, command. */
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGb: number;
  node: string;
  date: string;
}

export function machine(): Machine {
  let cpu = 'unknown';
  try {
    cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: keep 'unknown'
  }
  return {
    nproc: availableParallelism(),
    cpu,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/** Share of all CPUs busy over `ms` (from /proc/stat), 0–1; NaN off Linux. */
export async function cpuBusy(ms = 2000): Promise<number> {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3]! + (f[4] ?? 0);
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = read();
    await new Promise((r) => setTimeout(r, ms));
    const b = read();
    return 1 - (b.idle - a.idle) / (b.total - a.total);
  } catch {
    return NaN;
  }
}

/**
 * Others' builds and tests on the same two cores would show up in our numbers as our own
 * slowness. Waits (bounded) until the machine is mostly idle; returns the last busy share so
 * the report can say how quiet it was.
 */
export async function waitForQuiet(maxWaitMs: number, threshold = 0.25, log: (m: string) => void = () => undefined): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const busy = await cpuBusy();
    if (!(busy > threshold) || Date.now() > deadline) return busy;
    log(`machine ${(busy * 100).toFixed(0)}% busy with other work; waiting for it to calm down`);
    await new Promise((r) => setTimeout(r, 5000));
  }
}

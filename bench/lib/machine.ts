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

/** Busy and total CPU time of all CPUs so far, in clock ticks (first line of /proc/stat). */
export function cpuTicks(): { busy: number; total: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - f[3]! - (f[4] ?? 0), total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** Share of all CPUs busy over `ms` (from /proc/stat), 0–1; NaN off Linux. */
export async function cpuBusy(ms = 2000): Promise<number> {
  const a = cpuTicks();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTicks();
  return (b.busy - a.busy) / (b.total - a.total);
}

/**
 * Others' builds and tests on the same two cores would show up in our numbers as our own
 * slowness. Waits (bounded) until the machine is mostly idle; returns the last busy share so
 * the report can say how quiet it was.
 */
export async function waitForQuiet(maxWaitMs: number, threshold = 0.25, log: (m: string) => void = () => undefined): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  let calm = 0;
  for (;;) {
    const busy = await cpuBusy();
    // Three calm samples in a row (6 s): test runs come in bursts with short pauses between them.
    calm = busy > threshold ? 0 : calm + 1;
    if (calm >= 3 || Date.now() > deadline) return busy;
    if (calm === 0) log(`machine ${(busy * 100).toFixed(0)}% busy with other work; waiting for it to calm down`);
  }
}

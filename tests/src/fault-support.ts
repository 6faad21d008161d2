/**
 * Shared by the fault suites: real processes (gateway, bundle workers, recipe service), a
 * request ledger that classifies every answer (succeeded / failed retryably / failed / lost),
 * and the one-line report each fault test prints.
 */
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { queueLeftovers } from '@aicr/queue';
import { freePort, startApp, waitForLogLine, type RunningProcess } from '@aicr/testing';
import { request, waitForStatus, type RawResponse } from './raw-http';

export const UPSTREAM_RECIPES = '/work/shared/reference/upstream-recipes';

export type Verdict = 'succeeded' | 'retryable' | 'failed' | 'lost';

/** Every request of one fault test and what became of it. */
export class FaultLedger {
  readonly verdicts: Array<{ verdict: Verdict; status: number; ms: number; note: string }> = [];
  constructor(readonly name: string) {}

  add(verdict: Verdict, status: number, ms: number, note = ''): void {
    this.verdicts.push({ verdict, status, ms, note });
  }
  count(v: Verdict): number {
    return this.verdicts.filter((x) => x.verdict === v).length;
  }
  /** `fault <name>: sent N, succeeded S, failed retryably R, failed F, lost L`. */
  line(): string {
    const text = `fault ${this.name}: sent ${this.verdicts.length}, succeeded ${this.count('succeeded')}, failed retryably ${this.count('retryable')}, failed ${this.count('failed')}, lost ${this.count('lost')}`;
    console.log(text);
    for (const x of this.verdicts.filter((v) => v.verdict === 'failed' || v.verdict === 'lost').slice(0, 5)) console.log(`  ${x.verdict} ${x.status}: ${x.note}`);
    const reasons = new Map<string, number>();
    for (const x of this.verdicts.filter((v) => v.verdict === 'retryable')) reasons.set(`${x.status} ${x.note}`, (reasons.get(`${x.status} ${x.note}`) ?? 0) + 1);
    for (const [reason, n] of reasons) console.log(`  retryable ×${n}: ${reason}`);
    return text;
  }
}

/**
 * Sends one request and classifies the answer: 200 → succeeded; 503/504/429 with an envelope
 * saying `retryable: true` (and Retry-After on 503/429) → failed retryably; any other answer →
 * failed; no answer within `timeoutMs` or a broken connection → lost.
 */
export async function classify(
  ledger: FaultLedger,
  send: () => Promise<RawResponse>,
  timeoutMs: number,
  onSuccess?: (r: RawResponse) => void,
): Promise<Verdict> {
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  let r: RawResponse | 'timeout';
  try {
    r = await Promise.race([send(), timeout]);
  } catch (e) {
    ledger.add('lost', 0, Date.now() - t0, (e as Error).message);
    return 'lost';
  } finally {
    clearTimeout(timer);
  }
  const ms = Date.now() - t0;
  if (r === 'timeout') {
    ledger.add('lost', 0, ms, `no answer within ${timeoutMs} ms`);
    return 'lost';
  }
  if (r.status === 200) {
    try {
      onSuccess?.(r);
    } catch (e) {
      ledger.add('failed', 200, ms, `bad 200: ${(e as Error).message}`);
      return 'failed';
    }
    ledger.add('succeeded', 200, ms);
    return 'succeeded';
  }
  let body: { retryable?: boolean; code?: string; message?: string } = {};
  try {
    body = JSON.parse(r.body.toString('utf8'));
  } catch {
    // not an envelope
  }
  const retryAfterOk = r.status === 504 || r.headers['retry-after'] !== undefined;
  if ([429, 503, 504].includes(r.status) && body.retryable === true && retryAfterOk) {
    ledger.add('retryable', r.status, ms, `${body.code} ${body.message}`);
    return 'retryable';
  }
  ledger.add('failed', r.status, ms, `${body.code} ${body.message} ${r.body.toString('utf8').slice(0, 200)}`);
  return 'failed';
}

export interface Gateway {
  proc: RunningProcess;
  port: number;
}

/** A gateway process; waits until /ready answers 200 (or `readyStatus`). */
export async function startGateway(env: Record<string, string>, readyStatus = 200): Promise<Gateway> {
  const port = await freePort();
  const proc = startApp('gateway', {
    PORT: String(port),
    AICR_RECIPES_DIR: UPSTREAM_RECIPES,
    // Rate limiting is not under test: every fault test sends bursts from one address.
    AICR_RATE_LIMIT: '100000',
    AICR_RATE_LIMIT_BURST: '100000',
    ...env,
  });
  await waitForStatus(port, '/ready', readyStatus, 60_000, proc);
  return { proc, port };
}

export interface WorkerProcess {
  proc: RunningProcess;
  /** The app's own process (node runs main.ts directly): the one to SIGKILL. */
  pid: number;
}

/** A bundle worker process; resolves when it logs that it is ready. */
export async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const proc = startApp('bundle-worker', { LOG_LEVEL: 'info', ...env });
  const ready = await waitForLogLine<{ msg?: string; pid?: number }>(proc, (entry) => entry.msg === 'bundle worker ready' && !!entry.pid);
  return { proc, pid: ready.pid! };
}

/** The recipe the gateway serves for these criteria, as a bundle request body. */
export async function recipeBody(port: number, query = 'service=eks&accelerator=h100&intent=training'): Promise<string> {
  const r = await request({ port, path: `/v1/recipe?${query}` });
  if (r.status !== 200) throw new Error(`GET /v1/recipe → ${r.status}`);
  return r.body.toString('utf8');
}

export const postBundle = (port: number, body: string | Buffer, query = '') => () =>
  request({ port, path: `/v1/bundle${query}`, method: 'POST', body, headers: { 'content-type': 'application/json' } });

export const getRecipe = (port: number, query: string) => () => request({ port, path: `/v1/recipe?${query}` });

/** Resident set size of a process in bytes (Linux). */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Jobs, zips and cancel keys still under `prefix` (BullMQ bookkeeping excluded) once the last
 * flows have had up to 10 s to clean up after themselves.
 */
export async function leftoversAfterDrain(redis: Redis, prefix: string): Promise<string[]> {
  let left: string[] = [];
  for (let i = 0; i < 50; i++) {
    left = await queueLeftovers(redis, prefix);
    if (left.length === 0) break;
    await sleep(200);
  }
  return left;
}

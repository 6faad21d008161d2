/**
 * A raw HTTP client for tests against app processes: it can bind a local address (a second
 * client IP on loopback) and polls until an endpoint answers a given status.
 */
import http from 'node:http';
import type { RunningProcess } from '@aicr/testing';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface RawRequest {
  port: number;
  path: string;
  method?: string;
  body?: string | Buffer;
  headers?: http.OutgoingHttpHeaders;
  /** Local address to bind: 127.0.0.2 is a second client on loopback. */
  localAddress?: string;
  agent?: http.Agent | false;
}

export function request(r: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: r.port, path: r.path, method: r.method ?? 'GET', headers: r.headers, localAddress: r.localAddress, agent: r.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Polls until `path` answers `status` (connection errors count as "not yet"). */
export async function waitForStatus(port: number, path: string, status: number, timeoutMs: number, proc?: RunningProcess): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    if (proc && proc.child.exitCode !== null) throw new Error(`process exited (${proc.child.exitCode}) before ${path} answered ${status}:\n${proc.output().slice(-4000)}`);
    last = await request({ port, path }).then((r) => r.status, (e: Error) => e.message);
    if (last === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`:${port}${path} did not answer ${status} within ${timeoutMs} ms (last: ${String(last)})\n${proc?.output().slice(-4000) ?? ''}`);
}

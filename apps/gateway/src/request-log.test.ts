import { Writable } from 'node:stream';
import { loggerOptions } from '@aicr/platform';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { OneLineRequestLog } from './request-log';

function appWithLines() {
  const lines: Array<Record<string, any>> = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  // The production options (level, base fields), written to our stream instead of stderr.
  const app = Fastify({ logger: { ...loggerOptions('info'), stream }, logController: new OneLineRequestLog() });
  app.get('/ok', async () => ({ ok: true }));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  return { app, lines, raw };
}

describe('OneLineRequestLog', () => {
  it('writes one line per request with what fastify spread over two', async () => {
    const { app, lines } = appWithLines();
    await app.inject({ method: 'GET', url: '/ok?x=1' });
    const requestLines = lines.filter((l) => l.reqId);
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'GET', url: '/ok?x=1' }, res: { statusCode: 200 } });
    expect(typeof requestLines[0]!.responseTime).toBe('number');
    await app.close();
  });

  it('still logs a 404 and a failed request once each, with their status', async () => {
    const { app, lines } = appWithLines();
    await app.inject({ method: 'GET', url: '/nope' });
    await app.inject({ method: 'GET', url: '/boom' });
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed.map((l) => [l.req.url, l.res.statusCode])).toEqual([
      ['/nope', 404],
      ['/boom', 500],
    ]);
    expect(lines.some((l) => l.msg === 'incoming request')).toBe(false);
    await app.close();
  });

  it('never writes credentials: no header reaches a line, so the logger needs no redaction', async () => {
    const { app, lines, raw } = appWithLines();
    const headers = { authorization: 'Bearer s3cret-token', cookie: 'session=s3cret-cookie', 'x-api-key': 's3cret-key' };
    await app.inject({ method: 'GET', url: '/ok', headers });
    await app.inject({ method: 'GET', url: '/boom', headers });
    await app.inject({ method: 'GET', url: '/nope', headers });
    expect(lines.filter((l) => l.msg === 'request completed')).toHaveLength(3);
    expect(raw.join('')).not.toMatch(/s3cret/);
    await app.close();
  });
});

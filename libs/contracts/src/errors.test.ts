import { describe, expect, it } from 'vitest';
import { AicrError, ERROR_RETRYABLE, ERROR_STATUS, ErrorCode } from './errors';

describe('AicrError', () => {
  it('takes status and retryable from its code, with an override for 413/431/408', () => {
    const e = new AicrError(ErrorCode.SERVICE_UNAVAILABLE, 'down', { stage: 'queue' }, { headers: { 'Retry-After': '1' } });
    expect([e.status, e.retryable, e.headers['Retry-After']]).toEqual([503, true, '1']);
    expect(new AicrError(ErrorCode.INVALID_REQUEST, 'Request body too large', undefined, { status: 413 }).status).toBe(413);
  });

  it('omits empty details and survives a JSON round trip (it crosses the queue)', () => {
    expect(new AicrError(ErrorCode.NOT_FOUND, 'x', {}).details).toBeUndefined();
    const e = AicrError.fromJSON(JSON.parse(JSON.stringify(new AicrError(ErrorCode.INVALID_REQUEST, 'm', { a: 1 }, { status: 413 }))));
    expect(e).toBeInstanceOf(AicrError);
    expect([e.code, e.message, e.details, e.status]).toEqual(['INVALID_REQUEST', 'm', { a: 1 }, 413]);
  });

  it('maps every code to a status and a retryable flag', () => {
    for (const c of Object.values(ErrorCode)) {
      expect(typeof ERROR_STATUS[c]).toBe('number');
      expect(typeof ERROR_RETRYABLE[c]).toBe('boolean');
    }
  });
});

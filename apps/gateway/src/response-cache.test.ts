import { ANY_CRITERIA, type Criteria } from '@aicr/contracts';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from './response-cache';

const eks: Criteria = { ...ANY_CRITERIA, service: 'eks' };
const b = (s: string) => Buffer.from(s);

describe('ResponseCache', () => {
  it('keys by catalog hash, criteria and selector, and caches nothing without a hash', () => {
    expect(ResponseCache.key(undefined, eks)).toBeUndefined();
    const keys = [ResponseCache.key('h1', eks), ResponseCache.key('h2', eks), ResponseCache.key('h1', ANY_CRITERIA), ResponseCache.key('h1', eks, 'components')];
    expect(new Set(keys).size).toBe(4);
    const cache = new ResponseCache();
    cache.set(undefined, b('x'));
    expect([cache.size, cache.get(undefined)]).toEqual([0, undefined]);
  });

  it('evicts the least recently used entry past the entry bound', () => {
    const cache = new ResponseCache({ entries: 2, bytes: 1000 });
    cache.set('a', b('1'));
    cache.set('b', b('2'));
    cache.get('a');
    cache.set('c', b('3'));
    expect([cache.get('a')?.toString(), cache.get('b'), cache.get('c')?.toString()]).toEqual(['1', undefined, '3']);
  });

  it('stays within the byte bound and skips a body larger than it', () => {
    const cache = new ResponseCache({ entries: 100, bytes: 10 });
    cache.set('a', b('123456'));
    cache.set('b', b('123456'));
    expect([cache.size, cache.get('a'), cache.get('b')?.length]).toEqual([1, undefined, 6]);
    cache.set('big', b('x'.repeat(11)));
    expect(cache.get('big')).toBeUndefined();
    cache.set('b', b('12'));
    cache.set('c', b('12345678'));
    expect([cache.get('b')?.toString(), cache.get('c')?.length]).toEqual(['12', 8]);
  });
});

import { ANY_CRITERIA, type Criteria } from '@aicr/contracts';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from './response-cache';

const eks: Criteria = { ...ANY_CRITERIA, service: 'eks' };
const b = (s: string) => Buffer.from(s);
/** Past admission: a key is cached from its second answer on. */
const put = (cache: ResponseCache, key: string, body: Buffer) => {
  cache.set(key, body);
  cache.set(key, body);
};

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
    put(cache, 'a', b('1'));
    put(cache, 'b', b('2'));
    cache.get('a');
    put(cache, 'c', b('3'));
    expect([cache.get('a')?.toString(), cache.get('b'), cache.get('c')?.toString()]).toEqual(['1', undefined, '3']);
  });

  it('stays within the byte bound and skips a body larger than it', () => {
    const cache = new ResponseCache({ entries: 100, bytes: 10 });
    put(cache, 'a', b('123456'));
    put(cache, 'b', b('123456'));
    expect([cache.size, cache.get('a'), cache.get('b')?.length]).toEqual([1, undefined, 6]);
    put(cache, 'big', b('x'.repeat(11)));
    expect(cache.get('big')).toBeUndefined();
    put(cache, 'b', b('12'));
    put(cache, 'c', b('12345678'));
    expect([cache.get('b')?.toString(), cache.get('c')?.length]).toEqual(['12', 8]);
  });

  it('caches a key from its second answer on, so one-off keys never take a place', () => {
    const cache = new ResponseCache({ entries: 2, bytes: 1000 });
    put(cache, 'hot', b('h'));
    for (let i = 0; i < 100; i++) cache.set(`once-${i}`, b('x'));
    expect([cache.size, cache.get('hot')?.toString(), cache.get('once-99')]).toEqual([1, 'h', undefined]);
    cache.set('once-99', b('y'));
    expect(cache.get('once-99')?.toString()).toBe('y');
  });
});

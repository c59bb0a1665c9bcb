import { describe, expect, it } from 'vitest';
import { createTtlCache } from '../src/ttl-cache.js';

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('createTtlCache', () => {
  it('loads once and serves the cached value until the TTL has passed', async () => {
    const c = clock();
    let loads = 0;
    const cache = createTtlCache(async () => `value-${++loads}`, { ttlMs: 300_000, now: c.now });
    expect(await cache.get()).toBe('value-1');
    c.advance(299_999);
    expect(await cache.get()).toBe('value-1');
    c.advance(1);
    expect(await cache.get()).toBe('value-2');
    expect(loads).toBe(2);
  });

  it('shares one in-flight load between concurrent callers', async () => {
    let loads = 0;
    let release!: (v: string) => void;
    const cache = createTtlCache(
      () => {
        loads++;
        return new Promise<string>((r) => (release = r));
      },
      { ttlMs: 1000 },
    );
    const both = Promise.all([cache.get(), cache.get()]);
    release('shared');
    expect(await both).toEqual(['shared', 'shared']);
    expect(loads).toBe(1);
  });

  it('does not cache a failed load', async () => {
    const c = clock();
    let calls = 0;
    const cache = createTtlCache(
      async () => {
        calls++;
        if (calls === 1) throw new Error('secrets manager unavailable');
        return 'second';
      },
      { ttlMs: 300_000, now: c.now },
    );
    await expect(cache.get()).rejects.toThrow('secrets manager unavailable');
    expect(await cache.get()).toBe('second');
  });

  it('reloads after clear()', async () => {
    let loads = 0;
    const cache = createTtlCache(async () => ++loads, { ttlMs: 300_000 });
    await cache.get();
    cache.clear();
    expect(await cache.get()).toBe(2);
  });

  it('rejects a negative TTL', () => {
    expect(() => createTtlCache(async () => 1, { ttlMs: -1 })).toThrow(/ttlMs/);
  });
});

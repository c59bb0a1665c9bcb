/**
 * A single cached value that is loaded on first use and reloaded once it is older than
 * `ttlMs`. Concurrent callers share one in-flight load; a failed load is not cached (the
 * next call tries again). The clock is injectable so tests can move time without waiting.
 *
 * Used by the Lambda functions for the secrets they read from Secrets Manager: a warm
 * container reuses the value for `ttlMs` (5 minutes by default), a cold one loads it.
 */
export interface TtlCache<T> {
  get(): Promise<T>;
  /** Forgets the value (and any load in flight), e.g. after the secret was rejected. */
  clear(): void;
}

export interface TtlCacheOptions {
  ttlMs: number;
  /** Milliseconds; defaults to Date.now. */
  now?: () => number;
}

export function createTtlCache<T>(load: () => Promise<T>, options: TtlCacheOptions): TtlCache<T> {
  if (!Number.isFinite(options.ttlMs) || options.ttlMs < 0) {
    throw new RangeError(`createTtlCache: ttlMs must be a non-negative number, got ${options.ttlMs}`);
  }
  const now = options.now ?? Date.now;
  let entry: { value: Promise<T>; loadedAt: number } | undefined;
  return {
    get() {
      const time = now();
      if (entry && time - entry.loadedAt < options.ttlMs) return entry.value;
      const value = load();
      const current = { value, loadedAt: time };
      entry = current;
      value.catch(() => {
        // Only drop the entry we created: a newer load may already have replaced it.
        if (entry === current) entry = undefined;
      });
      return value;
    },
    clear() {
      entry = undefined;
    },
  };
}

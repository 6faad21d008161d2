/**
 * Cache admission on the second sighting: a key is worth keeping only once it has come back.
 * Under a stream of keys that never repeat (new criteria or query strings on every request) a
 * plain bounded cache keeps each entry until 1,024 newer ones push it out, long enough for V8
 * to move it to old space, where it piles up as garbage until a full GC: ~35 MB of recipe
 * bodies and parsed queries in the cache-miss benchmark (docs/benchmarks.md). Remembering only
 * that a key was seen costs one short string per key.
 */
export class SecondSighting {
  // Insertion-ordered: the first key is the oldest, dropped first past the bound.
  private readonly seen = new Set<string>();

  constructor(private readonly limit = 1024) {}

  /** True when `key` was seen before (its entry may now be cached); otherwise remembers it. */
  admit(key: string): boolean {
    if (this.seen.delete(key)) return true;
    if (this.seen.size >= this.limit) this.seen.delete(this.seen.values().next().value!);
    this.seen.add(key);
    return false;
  }
}

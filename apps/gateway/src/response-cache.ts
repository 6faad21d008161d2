/**
 * Server-side cache of recipe and query response bodies (API.md §8.2 [extension]): the serialised
 * JSON of a 200 answer, keyed by the catalog's content hash, the normalised criteria and (for
 * query) the selector. Serialising a recipe was the largest cost of a cached GET /v1/recipe
 * (docs/benchmarks.md), and the engine's answers for one key never change within one catalog.
 *
 * Bounded by entries and by bytes (least recently used out first); a key is cached from its
 * second answer on, so one-off criteria never take a place (admission.ts). Only §8.2's bodies are cached;
 * the §2 headers (request id, rate-limit counters) stay per request.
 *
 * In split mode the key holds the hash of the gateway's own copy of the catalog, which the
 * deployment ships in the same image as the recipe service's (docker-compose.yml, deploy/).
 */
import { criteriaKey } from '@aicr/recipe-engine';
import { SecondSighting } from './admission';
import type { Criteria } from '@aicr/contracts';

export const RESPONSE_CACHE_LIMITS = { entries: 1024, bytes: 16 * 1024 * 1024 } as const;

export class ResponseCache {
  private readonly map = new Map<string, Buffer>();
  private bytes = 0;
  private readonly admission: SecondSighting;

  constructor(private readonly limits: { entries: number; bytes: number } = RESPONSE_CACHE_LIMITS) {
    this.admission = new SecondSighting(limits.entries);
  }

  /** The key of an answer; undefined (no caching) when no catalog hash is known. */
  static key(contentHash: string | undefined, criteria: Criteria, selector?: string): string | undefined {
    if (contentHash === undefined) return undefined;
    return selector === undefined ? `${contentHash}\n${criteriaKey(criteria)}` : `${contentHash}\n${criteriaKey(criteria)}\n${selector}`;
  }

  get(key: string | undefined): Buffer | undefined {
    if (key === undefined) return undefined;
    const v = this.map.get(key);
    if (v !== undefined) {
      // Re-insert: Map iteration order is insertion order, so the first key is the least recent.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  /** Keeps `body` from the key's second answer on (SecondSighting); the first is only noted. */
  set(key: string | undefined, body: Buffer): void {
    if (key === undefined || body.length > this.limits.bytes) return;
    if (!this.map.has(key) && !this.admission.admit(key)) return;
    const old = this.map.get(key);
    if (old !== undefined) {
      this.bytes -= old.length;
      this.map.delete(key);
    }
    this.map.set(key, body);
    this.bytes += body.length;
    while (this.map.size > this.limits.entries || this.bytes > this.limits.bytes) {
      const oldest = this.map.keys().next().value as string;
      this.bytes -= this.map.get(oldest)!.length;
      this.map.delete(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }
}

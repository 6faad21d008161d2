/**
 * Post-parse guard shared by the JSON and YAML body readers (API.md H5, H10, H11): nesting depth,
 * prototype-poisoning keys, and an expanded-size budget. The budget matters for YAML, where
 * aliases make a small document stand for a huge tree: the walk follows shared references like a
 * serializer would and stops as soon as the budget is spent.
 */
import { LIMITS } from '@aicr/contracts';

export interface SafeTreeLimits {
  maxDepth?: number;
  /**
   * Expanded size in bytes, counted so that it never exceeds the source text of an alias-free
   * document (string length + 1, 1 per other node, key length + 1): only aliases can pass it.
   */
  maxExpandedBytes?: number;
}

export class UnsafeTreeError extends Error {}

/** fastify's onProtoPoisoning / onConstructorPoisoning wording. */
export const FORBIDDEN_PROTOTYPE = 'object contains forbidden prototype property';

export function assertSafeTree(value: unknown, limits: SafeTreeLimits = {}): void {
  const maxDepth = limits.maxDepth ?? LIMITS.maxNestingDepth;
  let budget = limits.maxExpandedBytes ?? Number.POSITIVE_INFINITY;

  const spend = (n: number) => {
    budget -= n;
    if (budget < 0) throw new UnsafeTreeError('document expands beyond the size limit');
  };

  // depth counts containers: a flat object is depth 1. Recursion is bounded by maxDepth.
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string') return spend(v.length + 1);
    if (v === null || typeof v !== 'object') return spend(1);
    if (depth > maxDepth) throw new UnsafeTreeError(`nesting deeper than ${maxDepth} levels`);
    spend(1);
    if (Array.isArray(v)) {
      for (const item of v) walk(item, depth + 1);
      return;
    }
    for (const key of Object.keys(v)) {
      const child = (v as Record<string, unknown>)[key];
      if (key === '__proto__') throw new UnsafeTreeError(FORBIDDEN_PROTOTYPE);
      if (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype')) {
        throw new UnsafeTreeError(FORBIDDEN_PROTOTYPE);
      }
      spend(key.length + 1);
      walk(child, depth + 1);
    }
  };
  walk(value, 1);
}

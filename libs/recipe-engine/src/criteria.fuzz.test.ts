/**
 * Property pass over the criteria parsers (API.md §6, H25, H26): for any input the result is
 * either well-formed canonical criteria or an AicrError 400 carrying the caller's message —
 * never another exception — and nothing non-ASCII, over-long or control-laden is ever accepted.
 */
import { AicrError, ANY, CRITERIA_ALIASES, CRITERIA_FIELDS, CRITERIA_VALUES, LIMITS, type Criteria } from '@aicr/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeValue, isNormalizedCriteria, parseCriteriaQuery, parseCriteriaSpec } from './criteria';

const MESSAGE = 'Invalid test criteria';
const FIELDS = [...CRITERIA_FIELDS, 'nodes', 'gpu'] as const;

/** Known-good words, their aliases, and mutations that must not sneak through. */
const WORDS = [...new Set([...Object.values(CRITERIA_VALUES).flat(), ...Object.values(CRITERIA_ALIASES).flatMap((a) => Object.keys(a)), ANY])];
const LOOKALIKES: Record<string, string> = { k: '\u212A', e: 'е', a: 'а', o: 'о', s: 'ѕ', i: 'і', '1': '１', '0': '０' };

const word = fc.oneof(
  fc.constantFrom(...WORDS),
  // Case, ASCII padding (accepted) and Unicode padding / look-alike letters (refused).
  fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom('', ' ', '\t', '\r\n', '\u00a0', '\uFEFF', '\u2003', '\u000b', '\u0000'), fc.boolean()).map(([w, pad, upper]) => `${pad}${upper ? w.toUpperCase() : w}${pad}`),
  fc.tuple(fc.constantFrom(...WORDS), fc.nat()).map(([w, n]) => {
    const chars = [...w];
    const i = chars.length ? n % chars.length : 0;
    chars[i] = LOOKALIKES[chars[i]] ?? chars[i];
    return chars.join('');
  }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ maxLength: 200 }),
  fc.stringMatching(/^[0-9]{0,12}$/),
  fc.constantFrom('-1', '1e3', '0x10', '8abc', '+5', ' 5', '2147483647', '2147483648', '9'.repeat(400), '٣'),
);

/** The parse either succeeds with canonical criteria or throws AicrError(400, MESSAGE). */
function outcome(run: () => Criteria): { ok: Criteria } | { error: AicrError } {
  try {
    return { ok: run() };
  } catch (e) {
    if (!(e instanceof AicrError)) throw new Error(`not an AicrError: ${(e as Error)?.stack ?? String(e)}`);
    expect(e.status).toBe(400);
    expect(e.code).toBe('INVALID_REQUEST');
    expect(e.message).toBe(MESSAGE);
    expect(typeof e.details?.error).toBe('string');
    // H26: whatever was sent is echoed cut to 64 characters.
    expect(String(e.details?.error).length).toBeLessThan(64 + 40);
    return { error: e };
  }
}

/** Every accepted raw string was ASCII, at most 64 chars and free of inner control characters. */
function acceptable(raw: string): boolean {
  if (raw.length > LIMITS.criteriaValueMaxChars || /[^\x00-\x7f]/.test(raw)) return false;
  const trimmed = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  return !/[\x00-\x1f\x7f]/.test(trimmed);
}

describe('property: parseCriteriaQuery (GET query strings)', () => {
  it('any parameters, repeated or not: canonical criteria or a 400', () => {
    const query = fc.dictionary(fc.constantFrom(...FIELDS, '__proto__', 'constructor', 'other'), fc.oneof(word, fc.array(word, { minLength: 1, maxLength: 3 })), { maxKeys: 8 });
    fc.assert(
      fc.property(query, (q) => {
        const r = outcome(() => parseCriteriaQuery(q, MESSAGE));
        if ('ok' in r) {
          expect(isNormalizedCriteria(r.ok)).toBe(true);
          for (const f of CRITERIA_FIELDS) {
            const v = q[f];
            const first = Array.isArray(v) ? v[0] : v;
            if (typeof first === 'string') expect(acceptable(first), `${f}=${JSON.stringify(first)}`).toBe(true);
          }
          const nodes = Array.isArray(q.nodes) ? q.nodes[0] : q.nodes;
          if (nodes) expect(nodes).toMatch(/^[0-9]+$/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a canonical word with one Unicode look-alike letter is always refused', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CRITERIA_FIELDS), fc.nat(), (field, n) => {
        const values = CRITERIA_VALUES[field].filter((v) => [...v].some((c) => LOOKALIKES[c]));
        fc.pre(values.length > 0);
        const v = values[n % values.length];
        const j = [...v].findIndex((c) => LOOKALIKES[c]);
        const fake = [...v].map((c, i) => (i === j ? LOOKALIKES[c] : c)).join('');
        expect('error' in outcome(() => parseCriteriaQuery({ [field]: fake }, MESSAGE))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('property: parseCriteriaSpec (POST bodies)', () => {
  it('any JSON value as the criteria object, or as any field: canonical criteria or a 400', () => {
    const field = fc.oneof(word, fc.jsonValue({ maxDepth: 2 }), fc.integer(), fc.double(), fc.constant(null));
    const spec = fc.oneof(fc.dictionary(fc.constantFrom(...FIELDS, 'toString', 'valueOf'), field, { maxKeys: 7 }), fc.jsonValue({ maxDepth: 3 }));
    fc.assert(
      fc.property(spec, (s) => {
        const r = outcome(() => parseCriteriaSpec(s, MESSAGE));
        if ('ok' in r) {
          expect(isNormalizedCriteria(r.ok)).toBe(true);
          if (s && typeof s === 'object' && !Array.isArray(s)) {
            const o = s as Record<string, unknown>;
            for (const f of CRITERIA_FIELDS) if (typeof o[f] === 'string') expect(acceptable(o[f] as string)).toBe(true);
            if (o.nodes !== undefined && o.nodes !== null) expect(Number.isInteger(o.nodes)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: describeValue (error text for any body value)', () => {
  it('never throws, whatever the value holds', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const odd = fc.constantFrom<unknown>({ toString: 1 }, { toString: 1, valueOf: 1 }, Object.create(null), cyclic, 10n, Symbol('s'), () => 1);
    fc.assert(
      fc.property(fc.oneof(fc.anything(), odd), (v) => {
        expect(typeof describeValue(v)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});

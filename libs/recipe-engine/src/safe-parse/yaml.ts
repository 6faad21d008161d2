/**
 * Safe YAML body reader (API.md H4–H11, H25). yaml 2.x with the core (YAML 1.2) schema only, so
 * no `!!binary`, no `!!js/*`, no `<<` merges; any unresolved tag is reported by the library as a
 * warning, which we treat as an error. Mapping keys must be scalars (a collection key would be
 * stringified to "[object Object]"-like text, with a process warning per request). Aliases are
 * capped twice: the library's alias budget and our expanded-size budget (safe-tree), so a
 * "billion laughs" document fails fast with bounded memory.
 */
import { LIMITS } from '@aicr/contracts';
import { isCollection, isPair, parseAllDocuments, visit } from 'yaml';
import { BodyParseError, decodeUtf8, type BodyParseOptions } from './json';
import { markYamlLiterals } from './integer-literals';
import { assertSafeTree } from './safe-tree';

const fail = (why: string) => new BodyParseError(`failed to parse YAML: ${why}`);

export function parseYamlBody(body: Uint8Array | string, options: BodyParseOptions = {}): unknown {
  const text = decodeUtf8(body, 'YAML');
  let docs;
  try {
    docs = parseAllDocuments(text, {
      schema: 'core',
      // A %YAML 1.1 directive must not switch the schema back to 1.1's extra types.
      version: '1.2',
      uniqueKeys: true,
      strict: true,
      prettyErrors: false,
      customTags: [],
      merge: false,
      // yaml resolves explicit YAML 1.1 tags such as !!binary by default, even in core (H6).
      resolveKnownTags: false,
    });
  } catch (e) {
    throw fail((e as Error).message);
  }
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length > 1) throw fail('multiple documents are not allowed');
  const doc = list[0];
  if (!doc) return undefined;
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw fail(problem.message.split('\n')[0]);
  let complexKey = false;
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isCollection(pair.key)) {
        complexKey = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (complexKey) throw fail('mapping keys must be scalars');
  let value: unknown;
  try {
    // The library counts the anchor itself as one use: +1 allows exactly maxYamlAliases aliases.
    value = doc.toJS({ maxAliasCount: LIMITS.maxYamlAliases + 1 });
  } catch (e) {
    throw fail((e as Error).message);
  }
  try {
    assertSafeTree(value, { maxExpandedBytes: options.maxBytes ?? LIMITS.recipeBodyBytes });
  } catch (e) {
    throw fail((e as Error).message);
  }
  markYamlLiterals(doc, text, value, new Set(options.integerKeys ?? []));
  return value;
}

/**
 * Safe YAML body reader (API.md H4–H11). yaml 2.x with the core (YAML 1.2) schema only, so
 * no `!!binary`, no `!!js/*`, no `<<` merges; any unresolved tag is reported by the library as a
 * warning, which we treat as an error. Aliases are capped twice: the library's own
 * `maxAliasCount` and our expanded-size budget (the walk in safe-tree), so a "billion laughs"
 * document fails fast with bounded memory.
 */
import { LIMITS } from '@aicr/contracts';
import { parseAllDocuments } from 'yaml';
import { BodyParseError, decodeUtf8 } from './json';
import { assertSafeTree } from './safe-tree';

export function parseYamlBody(body: Buffer | string, maxBytes: number = LIMITS.recipeBodyBytes): unknown {
  const text = decodeUtf8(body);
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
    throw new BodyParseError(`failed to parse YAML: ${(e as Error).message}`);
  }
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length > 1) throw new BodyParseError('failed to parse YAML: multiple documents are not allowed');
  const doc = list[0];
  if (!doc) return undefined;
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw new BodyParseError(`failed to parse YAML: ${problem.message.split('\n')[0]}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.maxYamlAliases });
  } catch (e) {
    throw new BodyParseError(`failed to parse YAML: ${(e as Error).message}`);
  }
  try {
    assertSafeTree(value, { maxExpandedBytes: maxBytes });
  } catch (e) {
    throw new BodyParseError(`failed to parse YAML: ${(e as Error).message}`);
  }
  return value;
}

/**
 * Strict JSON body reader (API.md §5.1, H3, H9–H11, H25) for every endpoint: the gateway's
 * recipe/query bodies and the bundle planner's. JSON.parse already refuses NaN, Infinity,
 * comments and trailing garbage; on top of it: strict UTF-8 (invalid bytes would otherwise turn
 * into U+FFFD silently), a leading byte-order mark refused like Go's decoder does, the shared
 * tree guard, and the integer-literal record for the keys the caller names.
 * Throws BodyParseError whose message is the client-facing `details.error`.
 */
import { markJsonLiterals } from './integer-literals';
import { assertSafeTree } from './safe-tree';

export class BodyParseError extends Error {}

export interface BodyParseOptions {
  /** Keys whose numbers must have been written as decimal integers (see writtenAsInteger). */
  integerKeys?: readonly string[];
  /** YAML only: expanded-size budget in bytes (H5); default the recipe body limit. */
  maxBytes?: number;
}

// ignoreBOM keeps a leading BOM in the text: JSON.parse then refuses it (as Go does); YAML
// treats it as the byte-order mark it is.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Bytes → text; throws BodyParseError on invalid UTF-8. */
export function decodeUtf8(body: Uint8Array | string, format = 'JSON'): string {
  if (typeof body === 'string') return body;
  try {
    return utf8.decode(body);
  } catch {
    throw new BodyParseError(`invalid ${format}: body is not valid UTF-8`);
  }
}

export function parseJsonBody(body: Uint8Array | string, options: BodyParseOptions = {}): unknown {
  const text = decodeUtf8(body);
  // Go's decoder reports an empty (or blank) body as EOF; keep the familiar text.
  if (/^[ \t\r\n]*$/.test(text)) throw new BodyParseError('EOF');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BodyParseError(`invalid JSON: ${(e as Error).message}`);
  }
  try {
    // JSON has no aliases: its size is the body's, already capped by the route's body limit.
    assertSafeTree(value);
  } catch (e) {
    throw new BodyParseError(`invalid JSON: ${(e as Error).message}`);
  }
  markJsonLiterals(text, value, new Set(options.integerKeys ?? []));
  return value;
}

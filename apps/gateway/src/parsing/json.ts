/**
 * Strict JSON body reader (API.md §5.1, H3, H10, H11). JSON.parse already refuses NaN,
 * Infinity and trailing garbage; we add strict UTF-8 decoding (invalid bytes would otherwise
 * turn into U+FFFD silently) and the shared tree guard.
 */
import { assertSafeTree } from './safe-tree';

export class BodyParseError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Bytes → text; throws BodyParseError on invalid UTF-8. */
export function decodeUtf8(body: Buffer | string): string {
  if (typeof body === 'string') return body;
  try {
    return utf8.decode(body);
  } catch {
    throw new BodyParseError('body is not valid UTF-8');
  }
}

export function parseJsonBody(body: Buffer | string): unknown {
  const text = decodeUtf8(body);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BodyParseError(`failed to parse JSON: ${(e as Error).message}`);
  }
  try {
    // JSON has no aliases: its size is the body's, already capped by bodyLimit.
    assertSafeTree(value);
  } catch (e) {
    throw new BodyParseError((e as Error).message);
  }
  return value;
}

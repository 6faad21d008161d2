/** Reading a POST body in an endpoint's words (API.md §5.1): empty check, then JSON or YAML. */
import { invalidRequest, LIMITS } from '@aicr/contracts';
import { BodyParseError, CRITERIA_INTEGER_KEYS, parseJsonBody, parseYamlBody } from '@aicr/recipe-engine';
import { mediaType, YAML_MEDIA_TYPES } from '../parsing';

export type BodyFormat = 'json' | 'yaml';

export function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || (Buffer.isBuffer(body) && body.length === 0) || body === '';
}

/** POST /v1/recipe: YAML for the three YAML types, JSON for everything else. */
export function recipeBodyFormat(contentType: string | undefined): { format: BodyFormat; unsupported?: string } {
  const type = mediaType(contentType);
  if (YAML_MEDIA_TYPES.includes(type)) return { format: 'yaml' };
  if (type === '' || type === 'application/json') return { format: 'json' };
  return { format: 'json', unsupported: type };
}

/** POST /v1/query: JSON when the media type mentions json, YAML otherwise (JSON text parses as YAML too). */
export function queryBodyFormat(contentType: string | undefined): BodyFormat {
  return mediaType(contentType).includes('json') ? 'json' : 'yaml';
}

/**
 * Parses with the shared safe reader (recipe-engine safe-parse), or throws 400 `message` with the
 * reader's reason in details.error. `nodes` numbers are recorded for the strict-integer rule (H25).
 */
export function parseBody(body: unknown, format: BodyFormat, message: string, note = '', maxBytes: number = LIMITS.recipeBodyBytes): unknown {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(String(body));
  const options = { integerKeys: CRITERIA_INTEGER_KEYS, maxBytes };
  try {
    return format === 'yaml' ? parseYamlBody(bytes, options) : parseJsonBody(bytes, options);
  } catch (e) {
    if (e instanceof BodyParseError) throw invalidRequest(message, { error: note + e.message });
    throw e;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

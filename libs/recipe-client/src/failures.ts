import { AicrError, ErrorCode, HEADERS, type SerializedAicrError } from '@aicr/contracts';

/** Where a 504 says the time went (API.md §5.3 `details.stage`). */
export const STAGE = 'recipe-service';

export function unavailable(cause: unknown): AicrError {
  return new AicrError(
    ErrorCode.SERVICE_UNAVAILABLE,
    'Recipe service unavailable',
    { error: describe(cause) },
    // The service is usually back within a restart; a short hint keeps clients from hammering it.
    { headers: { [HEADERS.retryAfter]: '1' }, cause },
  );
}

export function timedOut(cause?: unknown): AicrError {
  return new AicrError(ErrorCode.TIMEOUT, 'Request timed out', { stage: STAGE }, { cause });
}

export function internal(error: string): AicrError {
  return new AicrError(ErrorCode.INTERNAL_ERROR, 'Internal server error', { error });
}

/**
 * A non-2xx answer. The recipe service sends `{ error: SerializedAicrError }`, which is rethrown
 * unchanged so the gateway's envelope says exactly what the engine said. Anything else (a proxy's
 * HTML 502, a truncated body) means we did not reach a working service.
 */
export function fromErrorResponse(status: number, body: string): AicrError {
  const serialized = parseSerialized(body);
  if (serialized) return AicrError.fromJSON(serialized);
  if (status === 502 || status === 503 || status === 504) return unavailable(`HTTP ${status} without an error body`);
  return internal(`recipe service answered HTTP ${status} without an error body`);
}

function parseSerialized(body: string): SerializedAicrError | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const e = (parsed as { error?: Partial<SerializedAicrError> } | null)?.error;
  if (!e || typeof e !== 'object') return undefined;
  if (typeof e.code !== 'string' || !(e.code in ErrorCode) || typeof e.message !== 'string') return undefined;
  return {
    code: e.code,
    message: e.message,
    details: e.details && typeof e.details === 'object' ? e.details : undefined,
    // Missing status → undefined, so AicrError falls back to the code's usual status.
    status: typeof e.status === 'number' ? e.status : undefined,
    headers: e.headers && typeof e.headers === 'object' ? e.headers : {},
  } as SerializedAicrError;
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}

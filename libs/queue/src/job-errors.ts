/**
 * Errors across the queue (API.md §8.6 "Who checks"): a render or assemble outcome that is an
 * AicrError (template execution → 400, template parse → 500, archive too big → 413) is a typed,
 * final job failure — BullMQ's UnrecoverableError, so it is not retried — whose reason carries the
 * serialized error; the gateway turns the reason back into the same AicrError. Anything else is
 * unexpected: retried a few times, then reported as 500 `Failed to generate bundle`.
 */
import { UnrecoverableError } from 'bullmq';
import { AICR_ERROR_REASON_PREFIX, AicrError, ErrorCode, type SerializedAicrError } from '@aicr/contracts';

export const GENERATION_FAILED = 'Failed to generate bundle';

/** Reason string that carries an AicrError. */
export function encodeReason(err: AicrError): string {
  return AICR_ERROR_REASON_PREFIX + JSON.stringify(err.toJSON());
}

/**
 * What a processor throws: AicrErrors become unrecoverable (deterministic outcomes: retrying a
 * template that does not parse gives the same result), everything else is rethrown for retry.
 */
export function toJobError(err: unknown): Error {
  if (AicrError.is(err)) return new UnrecoverableError(encodeReason(err));
  return err instanceof Error ? err : new Error(String(err));
}

export function isEncodedReason(reason: string | undefined): boolean {
  return typeof reason === 'string' && reason.startsWith(AICR_ERROR_REASON_PREFIX);
}

/** Gateway side: a failed job's reason → the AicrError to answer with. */
export function decodeReason(reason: string | undefined): AicrError {
  if (reason && isEncodedReason(reason)) {
    try {
      return AicrError.fromJSON(JSON.parse(reason.slice(AICR_ERROR_REASON_PREFIX.length)) as SerializedAicrError);
    } catch {
      // A reason we cannot parse is an unexpected failure like any other.
    }
  }
  return generationFailed(reason);
}

export function generationFailed(reason?: string): AicrError {
  return new AicrError(ErrorCode.INTERNAL_ERROR, GENERATION_FAILED, reason ? { error: reason } : undefined);
}

export function serviceUnavailable(message: string, details?: Record<string, unknown>): AicrError {
  return new AicrError(ErrorCode.SERVICE_UNAVAILABLE, message, details, { headers: { 'Retry-After': '1' } });
}

export function bundleTimeout(): AicrError {
  return new AicrError(ErrorCode.TIMEOUT, 'Request timed out', { stage: 'bundle' });
}

/**
 * Handler deadlines (API.md §5.3): the work gets an AbortSignal and loses the race against a
 * timer; past the deadline the request answers 504 TIMEOUT whatever the work is doing.
 */
import { AicrError, ErrorCode } from '@aicr/contracts';

export function timeoutError(stage: string): AicrError {
  return new AicrError(ErrorCode.TIMEOUT, 'Request timed out', { stage });
}

export async function withDeadline<T>(ms: number, stage: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = timeoutError(stage);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

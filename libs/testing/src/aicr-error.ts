import { AicrError } from '@aicr/contracts';
import { expect } from 'vitest';

/** The rejection of `p` as an AicrError (fails the test if it resolves or throws anything else). */
export async function aicrError(p: Promise<unknown>): Promise<AicrError> {
  const e = await p.then(
    () => new Error('expected a rejection'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AicrError);
  return e as AicrError;
}

/** The AicrError `fn` throws (rethrows anything else; fails the test if it returns). */
export function thrownAicrError(fn: () => unknown): AicrError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AicrError) return e;
    throw e;
  }
  throw new Error('expected an AicrError');
}

/**
 * Polls `check` every `every` ms until it holds (true) or `ms` have passed (false); always checks
 * at least once, and once more at the deadline.
 */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000, every = 100): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

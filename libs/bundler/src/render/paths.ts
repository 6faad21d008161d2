import { AicrError, ErrorCode } from '@aicr/contracts';

/** Root file names a component folder must never shadow (BUNDLES.md §15.2 item 1). */
export const ROOT_FILE_NAMES: ReadonlySet<string> = new Set([
  'README.md',
  'deploy.sh',
  'undeploy.sh',
  'recipe.yaml',
  'checksums.txt',
  'app-of-apps.yaml',
]);

/**
 * Entry names are built from validated names and fixed file names only; this re-checks the
 * result (§15.2 item 5). A failure is a planner defect, hence 500, never user-facing text.
 */
export function assertSafePath(path: string): void {
  const parts = path.split('/');
  const bad =
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.includes('\0') ||
    parts.some((p) => p === '' || p === '.' || p === '..') ||
    (parts.length > 1 && ROOT_FILE_NAMES.has(parts[0]));
  if (bad) {
    throw new AicrError(ErrorCode.INTERNAL_ERROR, 'Failed to generate bundle', { error: `unsafe archive path ${JSON.stringify(path)}` });
  }
}

import { createZip } from '@aicr/archive';
import { AicrError, ErrorCode, type BundleArtifact, type BundlePlan, type ComponentRenderResult } from '@aicr/contracts';
import { sha256Hex } from './checksums';
import { renderRoot } from './render-root';
import { sortFiles } from './render-component';

/** Archive cap of API.md §5.2 / BUNDLES.md §15.2 item 6. */
export const MAX_BUNDLE_BYTES = 20 * 1024 * 1024;

export const bundleTooLarge = () =>
  new AicrError(ErrorCode.INVALID_REQUEST, 'Bundle too large', { limit: MAX_BUNDLE_BYTES }, { status: 413 });

/**
 * Root files + component folders → deterministic zip (BUNDLES.md §11). Files are sorted by path
 * first so the result never depends on the order the component results arrived in.
 */
export async function assembleBundle(plan: BundlePlan, components: ComponentRenderResult[]): Promise<BundleArtifact> {
  const ordered = [...components].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files = sortFiles([...renderRoot(plan, ordered), ...ordered.flatMap((c) => c.files)]);
  const size = files.reduce((n, f) => n + Buffer.byteLength(f.content, 'utf8'), 0);
  // The cap is on the archive (what is sent), so deflate gets to shrink the text first.
  const zip = await createZip(files, { sourceDateEpoch: plan.sourceDateEpoch });
  if (zip.length > MAX_BUNDLE_BYTES) throw bundleTooLarge();
  return { zip, files: files.length, size, sha256: sha256Hex(zip), warnings: [...plan.warnings] };
}

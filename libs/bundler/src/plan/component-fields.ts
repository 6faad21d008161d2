import { LIMITS, invalidRequest } from '@aicr/contracts';
import { checkManifestUrl } from '@aicr/recipe-engine';
import { isDns1123Label } from './label-rules';
import type { BodyComponent } from './recipe-body';

/** What row 14 needs of the catalog: whether a recipe-data file exists. */
export interface CatalogFiles {
  hasFile(path: string): boolean;
}

// Root file names of both layouts; H17's label rule already excludes them (no `.`, no capitals),
// the explicit check keeps BUNDLES.md §15.2 item 1 true even if the rule is ever relaxed.
const ROOT_FILES = new Set(['README.md', 'deploy.sh', 'undeploy.sh', 'recipe.yaml', 'checksums.txt', 'app-of-apps.yaml']);
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/;
const CHART = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/;
// Characters a shell or YAML emitter could interpret (H21): whitespace, quotes, `, $, ;, |, &, <, >, \, ( ).
const URL_METACHARS = /[\s"'`$;|&<>\\()\u0000-\u001f\u007f]/;
const SOURCE_URL = /^(https|http|oci):\/\/[^/]+/;
const FILE_NAME = /^[A-Za-z0-9._-]+$/;

const fail = (error: string) => invalidRequest('Invalid request body', { error });

/**
 * Row 14 (H17–H21): count, names, duplicates, then each component's shell-interpolated fields
 * and file references, in body order. `source` is checked after a seed `repository` moved into it.
 */
export function checkComponentFields(components: readonly BodyComponent[], catalog: CatalogFiles): void {
  if (components.length > LIMITS.maxComponentRefs) {
    throw fail(`too many componentRefs: ${components.length} (limit ${LIMITS.maxComponentRefs})`);
  }
  const seen = new Set<string>();
  components.forEach(({ ref }, i) => {
    const name = ref.name;
    if (!isDns1123Label(name, LIMITS.componentNameMaxChars) || ROOT_FILES.has(name)) {
      throw fail(
        `componentRefs[${i}].name ${JSON.stringify(name.slice(0, 64))}: must be a DNS-1123 label (lower-case alphanumerics and '-') of at most ${LIMITS.componentNameMaxChars} characters`,
      );
    }
    if (seen.has(name)) throw fail(`componentRefs[${i}].name: duplicate component name ${JSON.stringify(name)}`);
    seen.add(name);
    const field = (f: string, why: string) => fail(`component ${JSON.stringify(name)}: ${f} ${why}`);
    if (ref.namespace && !isDns1123Label(ref.namespace)) {
      throw field('namespace', `${JSON.stringify(ref.namespace)} must be a DNS-1123 label`);
    }
    for (const f of ['version', 'tag'] as const) {
      const v = ref[f];
      if (v && !VERSION.test(v)) throw field(f, `${JSON.stringify(v)} must match ${VERSION.source}`);
    }
    if (ref.chart && (!CHART.test(ref.chart) || ref.chart.includes('..'))) {
      throw field('chart', `${JSON.stringify(ref.chart)} must match ${CHART.source} and not contain '..'`);
    }
    if (ref.source && (!SOURCE_URL.test(ref.source) || URL_METACHARS.test(ref.source))) {
      throw field('source', `${JSON.stringify(ref.source)} must be an https://, http:// or oci:// URL without whitespace, quotes or shell metacharacters`);
    }
    if (ref.path !== undefined && ref.path !== '' && !isRelativePath(ref.path)) {
      throw field('path', `${JSON.stringify(ref.path)} must be a relative path without '..' or shell metacharacters`);
    }
    if (ref.valuesFile) checkValuesFile(name, ref.valuesFile, catalog, field);
    for (const m of ref.manifestFiles ?? []) checkManifestFile(name, m, catalog, field);
    for (const u of ref.manifestUrls ?? []) {
      // The catalog's own rule (docs/catalog-format.md): https only, same metacharacter ban as source.
      const problem = checkManifestUrl(u);
      if (problem) throw field('manifestUrls', `entry ${JSON.stringify(u)} ${problem}`);
    }
  });
}

function isRelativePath(p: string): boolean {
  if (p.startsWith('/') || URL_METACHARS.test(p)) return false;
  return p.split('/').every((seg) => seg !== '..');
}

type FieldError = (f: string, why: string) => Error;

/** H20: `components/<own name>/values*.yaml`, present in the recipe data; never read elsewhere. */
function checkValuesFile(name: string, path: string, catalog: CatalogFiles, field: FieldError): void {
  const prefix = `components/${name}/`;
  const file = path.startsWith(prefix) ? path.slice(prefix.length) : '';
  if (!FILE_NAME.test(file) || !file.startsWith('values') || !file.endsWith('.yaml') || file.includes('..')) {
    throw field('valuesFile', `${JSON.stringify(path)} must be of the form ${prefix}values*.yaml`);
  }
  if (!catalog.hasFile(path)) throw field('valuesFile', `${JSON.stringify(path)} does not exist in the recipe data`);
}

/** H20: `components/<own name>/manifests/<file>.yaml`, present in the recipe data. */
function checkManifestFile(name: string, path: string, catalog: CatalogFiles, field: FieldError): void {
  const prefix = `components/${name}/manifests/`;
  const file = path.startsWith(prefix) ? path.slice(prefix.length) : '';
  if (!FILE_NAME.test(file) || !file.endsWith('.yaml') || file.includes('..') || file === '.yaml') {
    throw field('manifestFiles', `entry ${JSON.stringify(path)} must be of the form ${prefix}<file>.yaml`);
  }
  if (!catalog.hasFile(path)) throw field('manifestFiles', `entry ${JSON.stringify(path)} does not exist in the recipe data`);
}

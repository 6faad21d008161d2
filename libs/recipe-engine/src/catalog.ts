import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ComponentRegistry, RegistryEntry } from '@aicr/contracts';
import { CatalogDefect, checkCatalog } from './catalog-check';
import { deepFreeze } from './deep-freeze';
import { documentKind, readRecipeMetadata, type RecipeMetadata } from './recipe-metadata';
import { readRegistry } from './registry-reader';
import { parseValuesText } from './values';
import { parseCatalogYaml } from './yaml-options';

/** The recipe data, loaded and checked once per process (RECIPES.md §1). Deeply frozen. */
export interface Catalog {
  /** Absolute path of the catalog root. */
  dir: string;
  registry: ComponentRegistry;
  registryByName: ReadonlyMap<string, RegistryEntry>;
  base: RecipeMetadata;
  overlays: ReadonlyMap<string, RecipeMetadata>;
  /** Raw text of every components/** file by relative path ('components/gpu-operator/values.yaml'). */
  files: ReadonlyMap<string, string>;
  /** Parsed values files (components/<name>/values*.yaml and every valuesFile), parsed once at load. */
  values: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Each overlay's inheritance chain, topmost ancestor first. */
  chains: ReadonlyMap<string, readonly string[]>;
  /** sha256 over every catalog file (path and bytes), for cache keys. */
  contentHash: string;
}

/** The catalog cannot be used; the message names the file and the problem. */
export class CatalogError extends Error {
  constructor(message: string, readonly file?: string) {
    super(message);
    this.name = 'CatalogError';
  }
}

/** AICR_RECIPES_DIR, else the repository's own `recipes/` next to `libs/`. */
export function defaultRecipesDir(): string {
  const fromEnv = process.env.AICR_RECIPES_DIR?.trim();
  return fromEnv ? resolve(fromEnv) : fileURLToPath(new URL('../../../recipes', import.meta.url));
}

/** Catalog-relative paths of every regular file, `/`-separated, in lexical order; dot entries skipped. */
async function listFiles(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(root, path)));
    else if (entry.isFile() || (entry.isSymbolicLink() && (await stat(join(root, path))).isFile())) out.push(path);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const VALUES_FILE = /^components\/[^/]+\/values[^/]*\.yaml$/;

/** Loads and checks the catalog at `dir` (RECIPES.md §1.1); throws CatalogError on any defect. */
export async function loadCatalog(dir: string): Promise<Catalog> {
  const root = resolve(dir);
  const fail = (file: string, problem: string): never => {
    throw new CatalogError(`${join(root, file)}: ${problem}`, file);
  };
  let paths: string[];
  try {
    if (!(await stat(root)).isDirectory()) fail('', 'not a directory');
    paths = await listFiles(root);
  } catch (e) {
    if (e instanceof CatalogError) throw e;
    return fail('', `cannot read the recipe data: ${(e as Error).message}`);
  }

  const hash = createHash('sha256');
  const files = new Map<string, string>();
  const overlays = new Map<string, RecipeMetadata>();
  let base: RecipeMetadata | undefined;
  let registryText: string | undefined;
  const parse = (path: string, text: string) => {
    try {
      return parseCatalogYaml(text);
    } catch (e) {
      return fail(path, `invalid YAML: ${(e as Error).message}`);
    }
  };

  for (const path of paths) {
    const bytes = await readFile(join(root, path));
    hash.update(`${path}\0${bytes.length}\0`).update(bytes);
    // Classification of RECIPES.md §1.1, in its order.
    if (path.includes('checks/')) continue;
    if (path.includes('components/')) {
      files.set(path, bytes.toString('utf8'));
      continue;
    }
    if (path === 'registry.yaml') registryText = bytes.toString('utf8');
    const name = basename(path);
    if (!path.endsWith('.yaml') || name === 'registry.yaml' || name === 'data-v1.yaml') continue;
    const doc = parse(path, bytes.toString('utf8'));
    try {
      const kind = documentKind(doc);
      if (kind !== '' && kind !== 'RecipeMetadata') continue;
      const recipe = readRecipeMetadata(doc, path);
      if (path === 'overlays/base.yaml') base = recipe;
      else overlays.set(recipe.metadata.name, recipe);
    } catch (e) {
      fail(path, (e as Error).message);
    }
  }

  if (registryText === undefined) return fail('registry.yaml', 'file is missing');
  let registry: ComponentRegistry;
  try {
    registry = readRegistry(parse('registry.yaml', registryText));
  } catch (e) {
    if (e instanceof CatalogError) throw e;
    return fail('registry.yaml', (e as Error).message);
  }
  if (!base) return fail('overlays/base.yaml', 'file is missing (the base recipe is required)');

  const valuesPaths = new Set([...files.keys()].filter((p) => VALUES_FILE.test(p)));
  for (const doc of [base, ...overlays.values()]) {
    for (const ref of doc.spec.componentRefs) if (ref.valuesFile && files.has(ref.valuesFile)) valuesPaths.add(ref.valuesFile);
  }
  const values = new Map<string, Record<string, unknown>>();
  for (const path of valuesPaths) {
    try {
      values.set(path, parseValuesText(files.get(path)!));
    } catch (e) {
      fail(path, `invalid values file: ${(e as Error).message}`);
    }
  }

  const catalog: Catalog = {
    dir: root,
    registry,
    registryByName: new Map(registry.components.map((c) => [c.name, c])),
    base,
    overlays,
    files,
    values,
    chains: new Map(),
    contentHash: hash.digest('hex'),
  };
  try {
    catalog.chains = checkCatalog(catalog);
  } catch (e) {
    if (e instanceof CatalogDefect) fail(e.file, e.message);
    throw e;
  }
  deepFreeze(registry);
  deepFreeze(base);
  for (const doc of overlays.values()) deepFreeze(doc);
  for (const v of values.values()) deepFreeze(v);
  for (const chain of catalog.chains.values()) deepFreeze(chain);
  return Object.freeze(catalog);
}

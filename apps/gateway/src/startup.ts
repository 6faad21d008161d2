/**
 * Start-up checks that must pass before the gateway listens (API.md §7, §9): allowlists parse
 * and the catalog loads and checks. main.ts logs a StartupError and exits 1.
 */
import type { AppConfig } from '@aicr/platform';
import { defaultRecipesDir, loadCatalog, parseAllowlists, type Allowlists, type Catalog } from '@aicr/recipe-engine';

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export interface GatewayData {
  allowlists: Allowlists;
  catalog: Catalog;
}

export async function loadGatewayData(config: AppConfig): Promise<GatewayData> {
  let allowlists: Allowlists;
  try {
    allowlists = parseAllowlists(config.allowlistEnv);
  } catch (e) {
    throw new StartupError(`invalid criteria allowlist: ${(e as Error).message}`);
  }
  // Loaded even in split mode: the bundle checks need the registry and component files.
  const dir = config.recipesDir ?? defaultRecipesDir();
  try {
    return { allowlists, catalog: await loadCatalog(dir) };
  } catch (e) {
    throw new StartupError(`cannot load the recipe data from ${dir}: ${(e as Error).message}`);
  }
}

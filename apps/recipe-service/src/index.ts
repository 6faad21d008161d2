export { buildApp, type BuildAppOptions } from './app';
export type { RecipeEngineLike } from './engine';

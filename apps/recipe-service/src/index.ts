export { buildApp, type BuildAppOptions } from './app';
export type { RecipeEngineLike } from './engine';
// Test fixture, exported for @aicr/recipe-client's tests against a real service instance.
export { fakeEngine, fakeRecipe } from './fake-engine';

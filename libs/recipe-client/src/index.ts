export { createHttpRecipeSource, READY_CACHE_MS, READY_TIMEOUT_MS, type HttpRecipeSourceOptions } from './http-recipe-source';
export { POOL } from './transport';

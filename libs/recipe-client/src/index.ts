export { createHttpRecipeSource, type HttpRecipeSource, type HttpRecipeSourceOptions } from './http-recipe-source';
export { POOL } from './transport';

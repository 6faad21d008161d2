export * from './plan/index';
export * from './render/index';

export * from './constants';
export * from './errors';
export * from './criteria';
export * from './recipe';
export * from './registry';
export * from './bundle';
export * from './ports';
export * from './recipe-service';

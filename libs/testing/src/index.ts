export * from './redis-server';
export * from './app-process';
export * from './broken-catalog';
export * from './aicr-error';
export * from './bundle-plan';
export * from './eventually';

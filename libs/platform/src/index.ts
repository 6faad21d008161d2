export * from './config';
export * from './logger';
export * from './shutdown';
export * from './rate-limit';
export * from './metrics';
export * from './tracing';

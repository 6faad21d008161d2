// Public surface for system tests and the other apps' tests: build the gateway without main.ts.
export { buildApp, fastifyOptions, type BuildAppOptions } from './app';
export { Readiness, type GatewayDeps } from './deps';
export { loadGatewayData, StartupError, type GatewayData } from './startup';
export { createBundleWiring, createRateLimitStore, createRecipeSource } from './wiring';
export { rateLimitPlugin, clientKey, type RateLimitStore } from './plugins/rate-limit';
export { LocalRecipeSource } from './recipe-source/local';
export { sendError, sendJson, envelopeOf } from './plugins/envelope';
export { withDeadline } from './deadline';

export { planBundle, type PlanInput } from './plan';
export { parseSafeJson } from './safe-json';
export { typeSetValue, parseGoBool, type SetOverride } from './set-overrides';
export { allowedSourceHosts, parseAllowedSources } from './source-allowlist';

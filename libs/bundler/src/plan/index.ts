export { planBundle, type PlanInput } from './plan';
export { typeSetValue, parseGoBool, type SetOverride } from './set-overrides';
export { allowedSourceHosts, parseAllowedSources } from './source-allowlist';

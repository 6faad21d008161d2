// Safe body parsing for every endpoint (API.md §5.1, H3–H11, H25): the gateway's recipe and query
// bodies and the bundle planner's JSON. Pure: imports only @aicr/contracts and yaml.
export { BodyParseError, decodeUtf8, parseJsonBody, type BodyParseOptions } from './json';
export { parseYamlBody } from './yaml';
export { assertSafeTree, FORBIDDEN_PROTOTYPE, UnsafeTreeError, type SafeTreeLimits } from './safe-tree';
export { writtenAsInteger } from './integer-literals';

// HTTP-level readers of the gateway: query strings and media types. Body parsing (JSON/YAML,
// H3–H11) is the one safe reader in @aicr/recipe-engine, shared with the bundle planner.
export { mediaType, YAML_MEDIA_TYPES } from './media-type';
export { firstParam, INVALID_QUERY, memoizedQueryStringParser, parseQueryString, perQuery, QUERY_MEMO_LIMITS, type ParsedQuery } from './query-string';

// Body and query-string readers shared by every endpoint (the bundle route reuses them).
export { BodyParseError, decodeUtf8, parseJsonBody } from './json';
export { parseYamlBody } from './yaml';
export { assertSafeTree, UnsafeTreeError } from './safe-tree';
export { mediaType, YAML_MEDIA_TYPES } from './media-type';
export { firstParam, INVALID_QUERY, parseQueryString, type ParsedQuery } from './query-string';

/** Media type of a Content-Type header: lower-cased, parameters stripped (API.md §5.1). */
export function mediaType(contentType: string | undefined): string {
  if (!contentType) return '';
  return contentType.split(';', 1)[0].trim().toLowerCase();
}

export const YAML_MEDIA_TYPES: readonly string[] = ['application/x-yaml', 'application/yaml', 'text/yaml'];

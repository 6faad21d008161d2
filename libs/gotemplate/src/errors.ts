/**
 * The two failure classes callers map to different HTTP answers: a template that does not
 * parse is a defect of the catalog (500), a template that fails on the given data is caused
 * by request values (400).
 */
export class TemplateParseError extends Error {
  override name = 'TemplateParseError';
}

export class TemplateExecError extends Error {
  override name = 'TemplateExecError';
}

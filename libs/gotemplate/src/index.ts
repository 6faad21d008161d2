export { TemplateExecError, TemplateParseError } from './errors';
export { compileTemplate, renderTemplate, type CompiledTemplate } from './template';

/** Public entry points: parse once, execute many. */
import type { Node } from './ast';
import { renderSegments } from './escape';
import { execute } from './exec';
import { parse } from './parser';

export interface CompiledTemplate {
  readonly name: string;
  /** false when the text holds no action: callers may copy it byte for byte (BUNDLES.md §5). */
  readonly hasActions: boolean;
  execute(data: unknown): string;
}

class Compiled implements CompiledTemplate {
  constructor(
    readonly name: string,
    readonly hasActions: boolean,
    private readonly nodes: Node[],
    private readonly text: string,
  ) {}

  execute(data: unknown): string {
    // Text without actions renders to itself; skip scanning (CRD files are ~600 KB).
    if (!this.hasActions) return this.text;
    return renderSegments(execute(this.nodes, data, this.name), this.name);
  }
}

/** Throws TemplateParseError when the text does not parse. */
export function compileTemplate(text: string, name: string): CompiledTemplate {
  const nodes = parse(text, name);
  return new Compiled(name, text.includes('{{'), nodes, text);
}

/** Throws TemplateParseError (bad template) or TemplateExecError (bad data). */
export function renderTemplate(text: string, data: unknown, name: string): string {
  return compileTemplate(text, name).execute(data);
}

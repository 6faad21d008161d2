/** Public entry points: parse once, execute many. */
import type { Node } from './ast';
import { renderSegments } from './escape';
import { TemplateExecError } from './errors';
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
    try {
      return renderSegments(execute(this.nodes, data, this.name), this.name);
    } catch (e) {
      // Only data can be deep enough to exhaust the stack (toString/toYaml of nested values).
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        throw new TemplateExecError(`template: ${this.name}: value nested too deeply to print`);
      }
      throw e;
    }
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

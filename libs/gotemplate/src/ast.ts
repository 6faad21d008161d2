/** Syntax tree of a parsed template (the shapes of Go's text/template/parse, trimmed). */

export type Node = TextNode | ActionNode | IfNode | RangeNode | WithNode;

export interface TextNode {
  kind: 'text';
  text: string;
}

export interface ActionNode {
  kind: 'action';
  line: number;
  pipe: Pipeline;
}

/** `if` and `with` share a shape; `else if` / `else with` nest in `elseList`. */
export interface IfNode {
  kind: 'if';
  line: number;
  pipe: Pipeline;
  list: Node[];
  elseList: Node[] | null;
}

export interface WithNode {
  kind: 'with';
  line: number;
  pipe: Pipeline;
  list: Node[];
  elseList: Node[] | null;
}

export interface RangeNode {
  kind: 'range';
  line: number;
  pipe: Pipeline;
  list: Node[];
  elseList: Node[] | null;
}

export interface Pipeline {
  line: number;
  /** Variables declared (`:=`) or assigned (`=`) by this pipeline. */
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
}

export interface Command {
  line: number;
  args: Arg[];
}

export type Arg =
  | { kind: 'field'; fields: string[] }
  | { kind: 'variable'; name: string; fields: string[] }
  | { kind: 'dot' }
  | { kind: 'nil' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'function'; name: string }
  | { kind: 'pipe'; pipe: Pipeline }
  | { kind: 'chain'; node: Arg; fields: string[] };

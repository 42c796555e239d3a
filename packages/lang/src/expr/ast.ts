/** Syntax tree of an expr-lang expression. */
export type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'id'; name: string }
  /** `#` (name ''), `#index`, `#acc`, or `.field` inside a predicate (wrapped in member). */
  | { k: 'ptr'; name: string }
  | { k: 'member'; obj: Node; prop: Node; optional: boolean }
  | { k: 'slice'; obj: Node; from?: Node; to?: Node }
  | { k: 'call'; callee: Node; args: Node[] }
  | { k: 'unary'; op: string; x: Node }
  | { k: 'binary'; op: string; l: Node; r: Node }
  | { k: 'cond'; c: Node; t: Node; f: Node }
  | { k: 'array'; items: Node[] }
  | { k: 'map'; entries: Array<[Node, Node]> }
  | { k: 'closure'; body: Node }
  | { k: 'let'; name: string; value: Node; body: Node };

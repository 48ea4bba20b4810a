import type { Tree } from "web-tree-sitter";

/**
 * A plain-JavaScript copy of a tree-sitter tree, made in one cursor pass. Every property read on a
 * web-tree-sitter Node crosses into WebAssembly and allocates; the walk reads each node many
 * times, so it reads this copy instead, and the WebAssembly tree is freed before the walk starts.
 * Offsets are in UTF-16 code units, as JavaScript strings count (web-tree-sitter parses strings
 * as UTF-16).
 */
export class PyNode {
  declare parent: PyNode | null;
  /** The field this node fills in its parent (`condition`, `body`, …), if any. */
  declare field: string | null;
  declare private namedMemo: PyNode[] | undefined;
  /** On the root only: every `global` statement in the file (so module names they free are known before the walk). */
  declare globals?: PyNode[];
  readonly children: PyNode[] = [];
  hasError = false;
  constructor(
    readonly id: number,
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    private readonly source: string,
  ) {
    this.parent = null;
    this.field = null;
  }
  get isError(): boolean {
    return this.type === "ERROR";
  }
  /** The node's source text (tokens, whose offsets are not copied, give their type: their text). */
  get text(): string {
    return this.startIndex < 0 ? this.type : this.source.slice(this.startIndex, this.endIndex);
  }
  get namedChildren(): PyNode[] {
    return (this.namedMemo ??= this.children.filter((c) => c.isNamed));
  }
  childForFieldName(name: string): PyNode | null {
    for (const c of this.children) if (c.field === name) return c;
    return null;
  }
  childrenForFieldName(name: string): PyNode[] {
    return this.children.filter((c) => c.field === name);
  }
}

/** A Python name (the grammar's identifier), matched at a given offset. */
const IDENT = /[_\p{ID_Start}][_\p{ID_Continue}]*/uy;

/** Named nodes whose children, if any, the walk never reads. */
const LEAVES = new Set(["identifier", "string_start", "string_content", "string_end", "integer", "float", "true", "false", "none", "comment", "ellipsis", "escape_sequence"]);

/** Nodes whose operator tokens the walk reads by field (`operator`, `operators`). */
const OPERATOR_PARENTS = new Set(["binary_operator", "boolean_operator", "comparison_operator", "unary_operator", "augmented_assignment", "not_operator"]);

/** Nodes whose children the walk reads by field name (childForFieldName); no other field is copied. */
const FIELD_PARENTS = new Set([
  "call", "attribute", "assignment", "augmented_assignment", "keyword_argument", "subscript", "function_definition", "class_definition", "decorated_definition",
  "binary_operator", "boolean_operator", "unary_operator", "comparison_operator", "not_operator", "for_statement", "while_statement", "if_statement", "elif_clause",
  "with_statement", "with_item", "as_pattern", "import_statement", "import_from_statement", "aliased_import", "pair", "interpolation", "default_parameter",
  "typed_default_parameter", "lambda", "named_expression", "except_clause", "match_statement", "case_clause",
]);

/** Per grammar: node type names, which are named, and field names, by id (read once, not per node). */
const tables = new WeakMap<object, { types: string[]; named: boolean[]; fields: (string | null)[] }>();

function tablesOf(tree: Tree): { types: string[]; named: boolean[]; fields: (string | null)[] } {
  const lang = tree.language;
  let t = tables.get(lang);
  if (!t) {
    const types = lang.types.map((x) => x ?? "");
    t = { types, named: types.map((_, i) => lang.nodeTypeIsNamed(i)), fields: lang.fields };
    tables.set(lang, t);
  }
  return t;
}

/**
 * Copy a tree into PyNodes (the caller frees the tree). Each cursor read is a call into
 * WebAssembly, so a node costs as few as it can: its type id and field id, and, for named nodes
 * only, its offsets (tokens' offsets are never asked for); "missing" only when the tree has errors.
 */
export function mirror(tree: Tree, source: string): PyNode {
  const { types, named, fields } = tablesOf(tree);
  const withErrors = tree.rootNode.hasError;
  const cursor = tree.walk();
  let ids = 0;
  const make = (): PyNode => {
    const typeId = cursor.nodeTypeId;
    const isNamed = named[typeId] ?? true;
    const type = types[typeId] ?? "";
    const missing = withErrors && cursor.nodeIsMissing;
    if (missing || type === "ERROR") return new PyNode(ids++, type, cursor.startIndex, cursor.endIndex, isNamed, missing, source);
    if (type === "identifier") {
      // An identifier's end is where its name ends: read from the source, not asked of the tree.
      const start = cursor.startIndex;
      IDENT.lastIndex = start;
      return IDENT.test(source) ? new PyNode(ids++, type, start, IDENT.lastIndex, true, false, source) : new PyNode(ids++, type, start, cursor.endIndex, true, false, source);
    }
    if (isNamed) return new PyNode(ids++, type, cursor.startIndex, cursor.endIndex, true, false, source);
    return new PyNode(ids++, type, -1, -1, false, false, source);
  };
  try {
    const root = make();
    // An explicit stack: deeply nested code must not exhaust the JavaScript stack.
    let parent = root;
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const n = make();
      n.parent = parent;
      // Tokens fill a field the walk reads only as operators; skipping the rest saves a call per token.
      if (n.isNamed ? FIELD_PARENTS.has(parent.type) : OPERATOR_PARENTS.has(parent.type)) {
        const fieldId = cursor.currentFieldId;
        n.field = fieldId ? fields[fieldId] ?? null : null;
      }
      parent.children.push(n);
      if (n.type === "global_statement") (root.globals ??= []).push(n);
      if (n.isMissing || n.type === "ERROR") for (let p: PyNode | null = n; p && !p.hasError; p = p.parent) p.hasError = true;
      // Tokens and identifiers have no children, and a string's content is read as text (`not in` and `is not` are the two tokens that do).
      const leaf = n.isNamed ? LEAVES.has(n.type) : n.type !== "not in" && n.type !== "is not";
      if (!leaf && cursor.gotoFirstChild()) {
        parent = n;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || parent === root) return root;
        parent = parent.parent!;
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * tree-sitter's concrete syntax tree as plain JavaScript objects, read in one pass with a tree
 * cursor. Every property of a web-tree-sitter node is a call into wasm that marshals the node
 * through a transfer buffer and allocates; the syntax model (src/hcl/build.ts) and the layout
 * check (src/hcl/validity.ts) read each node several times, so they read these objects instead,
 * and a node's text is sliced from the source string by its offsets.
 * The cursor is driven through the binding's own exports when they are there (the cursor then
 * stays in the transfer buffer between calls instead of being copied in and out on each one);
 * otherwise, through the public TreeCursor. Both read the same tree (cst.test.ts).
 */
import type { Tree, TreeCursor } from 'web-tree-sitter';
import { remembered } from '../lib/maps.js';
import { treeSitterExports } from './tree-sitter.js';

export interface CstNode {
  /** The grammar's node type; `ERROR` for a span tree-sitter recovered from. */
  readonly type: string;
  readonly named: boolean;
  /** UTF-16 offsets into the parsed text. */
  readonly startIndex: number;
  readonly endIndex: number;
  readonly parent: CstNode | undefined;
  /** The field this node fills in its parent, read only where a consumer asks for fields (FIELD_PARENTS). */
  readonly field: string | undefined;
  /** Every child, anonymous tokens and comments included, in order. */
  children: readonly CstNode[];
  namedChildren: readonly CstNode[];
}

/** Parents whose children's field names are read (`key` and `val` of an object element). */
const FIELD_PARENTS = new Set(['object_elem']);

const NONE: readonly CstNode[] = Object.freeze([]);

/** The moves and reads of a cursor on the current node. */
interface CursorCalls {
  typeId(): number;
  isNamed(): boolean;
  fieldId(): number;
  startIndex(): number;
  endIndex(): number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete(): void;
}

export interface PlainTreeOptions {
  /** Forces the public TreeCursor (for the test that compares both). */
  publicApi?: boolean;
  /**
   * Nodes of these types that end past offset 0 are put in `into`, in document order, during the
   * same read (what the layout check looks at, found without walking the tree again).
   */
  collect?: { types: ReadonlySet<string>; into: CstNode[] };
}

/** The whole tree, read once. */
export function plainTree(tree: Tree, options: PlainTreeOptions = {}): CstNode {
  const cursor = tree.walk();
  const exports = options.publicApi ? undefined : cursorExports();
  const handle = (tree as unknown as Record<number, unknown>)[0];
  const calls =
    exports && typeof handle === 'number' ? new ExportCursor(exports, handle, cursor) : new PublicCursor(cursor);
  try {
    return new TreeReader(tree, calls, options.collect).all();
  } finally {
    calls.delete();
  }
}

/**
 * Whether each node type of a language is named, filled in as types are met: named-ness belongs
 * to the type (the grammar's symbol), so it is asked of wasm once per type and process, not per file.
 */
const namedTypes = new WeakMap<object, boolean[]>();

/** Reads the cursor's nodes into plain objects (a class: no function is made per file or node). */
class TreeReader {
  private readonly named: boolean[];
  private readonly types: readonly string[];
  private readonly fields: readonly (string | null)[];

  constructor(
    tree: Tree,
    private readonly calls: CursorCalls,
    private readonly collect: PlainTreeOptions['collect'],
  ) {
    const { language } = tree;
    ({ types: this.types, fields: this.fields } = language);
    this.named = remembered(namedTypes, language, () => []);
  }

  all(): CstNode {
    const { calls } = this;
    const root = this.read(undefined);
    if (!calls.gotoFirstChild()) return root;
    let current = root;
    for (;;) {
      const node = this.read(current);
      // The grammar's anonymous nodes are its tokens, which have no children (cst.test.ts checks
      // its node types): a call into wasm fewer for every bracket, quote and operator.
      if (node.named && calls.gotoFirstChild()) {
        current = node;
        continue;
      }
      while (!calls.gotoNextSibling()) {
        calls.gotoParent();
        const up = current.parent;
        if (!up) return root;
        current = up;
      }
    }
  }

  private read(parent: CstNode | undefined): CstNode {
    const { calls } = this;
    const id = calls.typeId();
    const isNamed = (this.named[id] ??= calls.isNamed());
    const node: CstNode = {
      type: this.types[id] ?? 'ERROR',
      named: isNamed,
      startIndex: calls.startIndex(),
      endIndex: calls.endIndex(),
      parent,
      field: parent && FIELD_PARENTS.has(parent.type) ? (this.fields[calls.fieldId()] ?? undefined) : undefined,
      children: NONE,
      namedChildren: NONE,
    };
    if (this.collect?.types.has(node.type) && node.endIndex > 0) this.collect.into.push(node);
    if (parent) {
      // While every child is named, both lists are one array (most parents never get a token).
      const { children } = parent;
      if (children === NONE) {
        parent.children = [node];
        parent.namedChildren = isNamed ? parent.children : [];
      } else {
        if (!isNamed && parent.namedChildren === children) parent.namedChildren = children.slice();
        (children as CstNode[]).push(node);
        if (isNamed && parent.namedChildren !== children) (parent.namedChildren as CstNode[]).push(node);
      }
    }
    return node;
  }
}

/** The binding's exports that read and move a cursor kept in the transfer buffer. */
const EXPORTS = {
  typeId: '_ts_tree_cursor_current_node_type_id_wasm',
  isNamed: '_ts_tree_cursor_current_node_is_named_wasm',
  fieldId: '_ts_tree_cursor_current_field_id_wasm',
  startIndex: '_ts_tree_cursor_start_index_wasm',
  endIndex: '_ts_tree_cursor_end_index_wasm',
  gotoFirstChild: '_ts_tree_cursor_goto_first_child_wasm',
  gotoNextSibling: '_ts_tree_cursor_goto_next_sibling_wasm',
  gotoParent: '_ts_tree_cursor_goto_parent_wasm',
  delete: '_ts_tree_cursor_delete_wasm',
} as const;

type Export = (tree: number) => number;
type Exports = Record<keyof typeof EXPORTS, Export>;

/** The binding's cursor functions, or undefined when this binding does not have them all. */
function cursorExports(): Exports | undefined {
  if (cached !== undefined) return cached ?? undefined;
  const exports = treeSitterExports();
  // Before the parser is loaded there is no tree to walk: nothing to remember yet.
  if (!exports) return undefined;
  const found: Partial<Exports> = {};
  cached = null;
  for (const [name, symbol] of Object.entries(EXPORTS) as [keyof typeof EXPORTS, string][]) {
    const fn = exports[symbol];
    if (typeof fn !== 'function') return undefined;
    found[name] = fn as Export;
  }
  cached = found as Exports;
  return cached;
}

/** The cursor functions once looked up; null: this binding does not have them. */
let cached: Exports | null | undefined;

/**
 * The cursor through the binding's exports. A public read copies the cursor into the transfer
 * buffer; nothing else runs in the binding until the walk ends, so each call finds it there, and
 * each move writes it back there.
 */
class ExportCursor implements CursorCalls {
  constructor(
    private readonly f: Exports,
    private readonly handle: number,
    cursor: TreeCursor,
  ) {
    void cursor.nodeTypeId;
  }

  typeId(): number {
    return this.f.typeId(this.handle);
  }
  isNamed(): boolean {
    return this.f.isNamed(this.handle) === 1;
  }
  fieldId(): number {
    return this.f.fieldId(this.handle);
  }
  startIndex(): number {
    return this.f.startIndex(this.handle);
  }
  endIndex(): number {
    return this.f.endIndex(this.handle);
  }
  gotoFirstChild(): boolean {
    return this.f.gotoFirstChild(this.handle) === 1;
  }
  gotoNextSibling(): boolean {
    return this.f.gotoNextSibling(this.handle) === 1;
  }
  gotoParent(): boolean {
    return this.f.gotoParent(this.handle) === 1;
  }
  /** The TreeCursor object's copy of the cursor may be stale (its stack can grow): the buffer's is freed. */
  delete(): void {
    this.f.delete(this.handle);
  }
}

class PublicCursor implements CursorCalls {
  constructor(private readonly cursor: TreeCursor) {}

  typeId(): number {
    return this.cursor.nodeTypeId;
  }
  isNamed(): boolean {
    return this.cursor.nodeIsNamed;
  }
  fieldId(): number {
    return this.cursor.currentFieldId;
  }
  startIndex(): number {
    return this.cursor.startIndex;
  }
  endIndex(): number {
    return this.cursor.endIndex;
  }
  gotoFirstChild(): boolean {
    return this.cursor.gotoFirstChild();
  }
  gotoNextSibling(): boolean {
    return this.cursor.gotoNextSibling();
  }
  gotoParent(): boolean {
    return this.cursor.gotoParent();
  }
  delete(): void {
    this.cursor.delete();
  }
}

/** The node's text, sliced from the text it was parsed from. */
export const nodeText = (text: string, node: CstNode): string => text.slice(node.startIndex, node.endIndex);

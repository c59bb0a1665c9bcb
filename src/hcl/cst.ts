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

/** The whole tree, read once. `publicApi` forces the public TreeCursor (for the test that compares both). */
export function plainTree(tree: Tree, options: { publicApi?: boolean } = {}): CstNode {
  const cursor = tree.walk();
  const calls = (!options.publicApi && exportCalls(tree, cursor)) || publicCalls(cursor);
  try {
    return readAll(tree, calls);
  } finally {
    calls.delete();
  }
}

function readAll(tree: Tree, calls: CursorCalls): CstNode {
  const { types, fields } = tree.language;
  const named: boolean[] = [];
  const read = (parent: CstNode | undefined): CstNode => {
    const id = calls.typeId();
    const isNamed = (named[id] ??= calls.isNamed());
    const node: CstNode = {
      type: types[id] ?? 'ERROR',
      named: isNamed,
      startIndex: calls.startIndex(),
      endIndex: calls.endIndex(),
      parent,
      field: parent && FIELD_PARENTS.has(parent.type) ? (fields[calls.fieldId()] ?? undefined) : undefined,
      children: NONE,
      namedChildren: NONE,
    };
    if (parent) {
      if (parent.children === NONE) [parent.children, parent.namedChildren] = [[], []];
      (parent.children as CstNode[]).push(node);
      if (isNamed) (parent.namedChildren as CstNode[]).push(node);
    }
    return node;
  };
  const root = read(undefined);
  if (!calls.gotoFirstChild()) return root;
  let current = root;
  for (;;) {
    const node = read(current);
    if (calls.gotoFirstChild()) {
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

function exportCalls(tree: Tree, cursor: TreeCursor): CursorCalls | undefined {
  const exports = treeSitterExports();
  const handle = (tree as unknown as Record<number, unknown>)[0];
  if (!exports || typeof handle !== 'number') return undefined;
  const f: Partial<Record<keyof typeof EXPORTS, Export>> = {};
  for (const [name, symbol] of Object.entries(EXPORTS) as [keyof typeof EXPORTS, string][]) {
    const fn = exports[symbol];
    if (typeof fn !== 'function') return undefined;
    f[name] = fn as Export;
  }
  const { typeId, isNamed, fieldId, startIndex, endIndex, gotoFirstChild, gotoNextSibling, gotoParent } = f as Record<
    keyof typeof EXPORTS,
    Export
  >;
  // A public read copies the cursor into the transfer buffer; nothing else runs in the binding
  // until the walk ends, so the calls below find it there, and each move writes it back there.
  void cursor.nodeTypeId;
  return {
    typeId: () => typeId(handle),
    isNamed: () => isNamed(handle) === 1,
    fieldId: () => fieldId(handle),
    startIndex: () => startIndex(handle),
    endIndex: () => endIndex(handle),
    gotoFirstChild: () => gotoFirstChild(handle) === 1,
    gotoNextSibling: () => gotoNextSibling(handle) === 1,
    gotoParent: () => gotoParent(handle) === 1,
    // The TreeCursor object's copy of the handle may be stale (its stack can grow): free the buffer's.
    delete: () => void (f.delete as Export)(handle),
  };
}

function publicCalls(cursor: TreeCursor): CursorCalls {
  return {
    typeId: () => cursor.nodeTypeId,
    isNamed: () => cursor.nodeIsNamed,
    fieldId: () => cursor.currentFieldId,
    startIndex: () => cursor.startIndex,
    endIndex: () => cursor.endIndex,
    gotoFirstChild: () => cursor.gotoFirstChild(),
    gotoNextSibling: () => cursor.gotoNextSibling(),
    gotoParent: () => cursor.gotoParent(),
    delete: () => cursor.delete(),
  };
}

/** The node's text, sliced from the text it was parsed from. */
export const nodeText = (text: string, node: CstNode): string => text.slice(node.startIndex, node.endIndex);

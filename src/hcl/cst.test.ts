/**
 * The plain tree (src/hcl/cst.ts) is tree-sitter's tree: for every configuration file of the
 * repository and its fixtures, and for broken variants of them (error and missing nodes), the
 * walk through the binding's exports, the walk through the public TreeCursor and web-tree-sitter's
 * own Node API give the same types, named-ness, offsets, fields and children.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { nativeConfigurationFiles } from '../../test/helpers/configuration-files.js';
import { plainTree, type CstNode } from './cst.js';
import { treeSitterExports, treeSitterParser } from './tree-sitter.js';

const TEXTS = nativeConfigurationFiles().map((file) => file.text);

/** A file cut short and one with a stray token: trees with ERROR and MISSING nodes. */
const broken = (text: string): string[] => [text.slice(0, Math.floor(text.length / 2)), `${text}\n= {\n`];

interface Shape {
  type: string;
  named: boolean;
  start: number;
  end: number;
  field?: string;
  children: Shape[];
}

const FIELD_PARENTS = new Set(['object_elem']);

function fromPlain(node: CstNode): Shape {
  return {
    type: node.type,
    named: node.named,
    start: node.startIndex,
    end: node.endIndex,
    ...(node.field ? { field: node.field } : {}),
    children: node.children.map(fromPlain),
  };
}

function fromNodeApi(node: Node): Shape {
  const children = node.children.filter((c): c is Node => c !== null);
  const fieldOf = (index: number) =>
    FIELD_PARENTS.has(node.type) ? (node.fieldNameForChild(index) ?? undefined) : undefined;
  return {
    type: node.type,
    named: node.isNamed,
    start: node.startIndex,
    end: node.endIndex,
    children: children.map((child, index) => {
      const field = fieldOf(index);
      return { ...fromNodeApi(child), ...(field ? { field } : {}) };
    }),
  };
}

describe('plainTree', () => {
  it('drives the cursor through the binding’s exports (the fast path is the one that runs)', async () => {
    await treeSitterParser();
    expect(treeSitterExports()).toBeDefined();
  });

  it('reads the same tree as the Node API and the public TreeCursor', { timeout: 60_000 }, async () => {
    const parser = await treeSitterParser();
    expect(TEXTS.length).toBeGreaterThan(20);
    let withErrors = 0;
    for (const text of TEXTS.flatMap((t) => [t, ...broken(t)])) {
      const tree = parser.parse(text);
      if (!tree) throw new Error('tree-sitter returned no tree');
      try {
        const expected = fromNodeApi(tree.rootNode);
        if (tree.rootNode.hasError) withErrors += 1;
        expect(fromPlain(plainTree(tree))).toEqual(expected);
        expect(fromPlain(plainTree(tree, { publicApi: true }))).toEqual(expected);
      } finally {
        tree.delete();
      }
    }
    expect(withErrors).toBeGreaterThan(20);
  });

  it('links each node to its parent and lists its named children', async () => {
    const parser = await treeSitterParser();
    const tree = parser.parse('x = { a = 1 }\n');
    if (!tree) throw new Error('tree-sitter returned no tree');
    try {
      const root = plainTree(tree);
      const walk = (node: CstNode): void => {
        expect(node.namedChildren).toEqual(node.children.filter((c) => c.named));
        for (const child of node.children) {
          expect(child.parent).toBe(node);
          walk(child);
        }
      };
      walk(root);
      expect(root.parent).toBeUndefined();
    } finally {
      tree.delete();
    }
  });

  it('collects the nodes of the types asked for during the read, in document order, past offset 0', async () => {
    const parser = await treeSitterParser();
    const types = new Set(['identifier', 'numeric_lit', 'object']);
    for (const text of [...TEXTS.slice(0, 10), 'x = { a = 1, b = [2, { c = d }] }\n']) {
      const tree = parser.parse(text);
      if (!tree) throw new Error('tree-sitter returned no tree');
      try {
        const into: CstNode[] = [];
        const root = plainTree(tree, { collect: { types, into } });
        const expected: CstNode[] = [];
        const walk = (node: CstNode): void => {
          if (types.has(node.type) && node.endIndex > 0) expected.push(node);
          node.children.forEach(walk);
        };
        walk(root);
        expect(into.length).toBeGreaterThan(0);
        expect(into.length).toBe(expected.length);
        into.forEach((node, i) => expect(node).toBe(expected[i]));
      } finally {
        tree.delete();
      }
    }
  });

  it('has only tokens as anonymous nodes, which the read does not look into', async () => {
    const require = createRequire(import.meta.url);
    const types = JSON.parse(
      readFileSync(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/src/node-types.json'), 'utf8'),
    ) as { type: string; named: boolean; children?: unknown; fields?: unknown }[];
    const anonymous = types.filter((t) => !t.named);
    expect(anonymous.length).toBeGreaterThan(10);
    expect(anonymous.filter((t) => t.children !== undefined || t.fields !== undefined)).toEqual([]);
  });
});

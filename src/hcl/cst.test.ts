/**
 * The plain tree (src/hcl/cst.ts) is tree-sitter's tree: for every configuration file of the
 * repository and its fixtures, and for broken variants of them (error and missing nodes), the
 * walk through the binding's exports, the walk through the public TreeCursor and web-tree-sitter's
 * own Node API give the same types, named-ness, offsets, fields and children.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { plainTree, type CstNode } from './cst.js';
import { treeSitterExports, treeSitterParser } from './tree-sitter.js';

const REPO = resolve(import.meta.dirname, '../..');
const SKIP = new Set(['node_modules', '.git', '.tools', '.terraform', 'dist']);
const NATIVE = /\.(tf|tfvars|hcl|tfbackend)$/;

function configurationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return configurationFiles(path);
    return entry.isFile() && NATIVE.test(entry.name) ? [relative(REPO, path)] : [];
  });
}

const TEXTS = ['modules', 'environments', 'test/fixtures']
  .flatMap((dir) => configurationFiles(join(REPO, dir)))
  .sort()
  .map((path) => readFileSync(join(REPO, path), 'utf8'));

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
});

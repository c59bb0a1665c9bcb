import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { writeTree } from './write-tree.js';

/**
 * Creates a throw-away repository tree for a test: optionally a copy of the directory `from`,
 * then `files` (relative path → contents) and `links` (relative link path → target as written
 * into the link). Removed after the test.
 */
const created: string[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempRepo(
  files: Record<string, string | Buffer>,
  links: Record<string, string> = {},
  options: { from?: string; prefix?: string } = {},
): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), options.prefix ?? 'phenom-repo-'));
  created.push(root);
  if (options.from) await cp(options.from, root, { recursive: true });
  await writeTree(root, files, links);
  return root;
}

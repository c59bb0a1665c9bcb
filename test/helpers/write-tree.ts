import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes a file tree under `root`: `files` maps relative paths to contents, `links` maps a
 * relative link path to its target (as written into the link). Parent directories are created.
 * Shared by the test helpers and the benchmarks (no vitest import here).
 */
export async function writeTree(
  root: string,
  files: Record<string, string | Buffer>,
  links: Record<string, string> = {},
): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  for (const [path, target] of Object.entries(links)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await symlink(target, join(root, path));
  }
}

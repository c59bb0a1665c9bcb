/** The native-syntax configuration files of the repository and its fixtures, for tests that run over all of them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');
const SKIP = new Set(['node_modules', '.git', '.tools', '.terraform', 'dist']);
const NATIVE = /\.(tf|tfvars|hcl|tfbackend)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() && NATIVE.test(entry.name) ? [relative(REPO, path)] : [];
  });
}

/** Every `.tf`, `.tfvars`, `.hcl` and `.tfbackend` file under modules/, environments/ and test/fixtures/, sorted. */
export function nativeConfigurationFiles(): { path: string; text: string }[] {
  return ['modules', 'environments', 'test/fixtures']
    .flatMap((dir) => filesUnder(join(REPO, dir)))
    .sort()
    .map((path) => ({ path, text: readFileSync(join(REPO, path), 'utf8') }));
}

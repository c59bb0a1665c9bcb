import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { ConfigurationError } from '../../src/lib/errors.js';

export const repoRoot = resolve(import.meta.dirname, '../..');
const toolsDir = join(repoRoot, '.tools');

/** Where bootstrap.sh installs each external tool (relative to .tools/). */
const installed: Record<string, string> = {
  moto_server: 'moto/bin/moto_server',
  checkov: 'checkov/bin/checkov',
  zizmor: 'zizmor/bin/zizmor',
  hclfmt: 'bin/hclfmt',
  tflint: 'bin/tflint',
  actionlint: 'bin/actionlint',
};

/**
 * Absolute path of an external tool: the copy bootstrap.sh installed under .tools/, else the
 * first one on PATH. Throws a one-line ConfigurationError that says how to install it.
 */
export function toolPath(name: string): string {
  const local = installed[name];
  if (local && existsSync(join(toolsDir, local))) return join(toolsDir, local);
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new ConfigurationError(`'${name}' is not installed. Run 'npm run setup' (scripts/setup/bootstrap.sh) first.`);
}

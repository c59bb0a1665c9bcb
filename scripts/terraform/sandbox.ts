/**
 * A throw-away copy of a repository in which real Terraform can run a root offline: the roots'
 * backends replaced by a local state file (an override file, so the HCL stays as committed),
 * the CI variables written where CI writes them (`<root>/ci.auto.tfvars.json`), and no lock
 * file or `.terraform/` from the working tree (the provider double's checksums differ from the
 * real providers').
 */
import { copyFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';

/** Top-level entries never copied: tooling, history, test data, earlier runs. */
const SKIP_TOP = new Set(['node_modules', '.git', '.tools', '.infra', 'test', 'coverage', 'test-results']);
const SKIP_NAME = /^(\.terraform|\.terraform\.lock\.hcl|ci\.auto\.tfvars\.json|.*\.tfstate(\..*)?|.*\.tfplan)$/;

export interface Sandbox {
  dir: string;
  remove(): Promise<void>;
}

export async function createSandbox(source: string, prefix = 'phenom-terraform-'): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await cp(source, dir, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (path) => {
      const rel = relative(source, path);
      if (rel === '') return true;
      if (SKIP_TOP.has(rel.split(sep)[0]!)) return false;
      return !SKIP_NAME.test(basename(path));
    },
  });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The override file that replaces a root's backend with a local state file. */
export const BACKEND_OVERRIDE = 'local_backend_override.tf';

export function localBackend(statePath: string): string {
  return `terraform {\n  backend "local" {\n    path = ${JSON.stringify(statePath)}\n  }\n}\n`;
}

/** Points `root` (relative to the sandbox) at `statePath` and gives it the CI variables file, if any. */
export async function prepareRoot(
  sandbox: string,
  root: string,
  options: { statePath: string; varsFile?: string },
): Promise<void> {
  await writeFile(join(sandbox, root, BACKEND_OVERRIDE), localBackend(options.statePath));
  if (options.varsFile) await copyFile(options.varsFile, join(sandbox, root, 'ci.auto.tfvars.json'));
}

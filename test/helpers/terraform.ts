/** Real Terraform in a test: a throw-away copy of a fixture root, run with the provider double's CLI config. */
import { join, resolve } from 'node:path';
import { doubleEnv, runTerraform, type TerraformRun } from '../../scripts/lib/terraform.js';
import { tempRepo } from './temp-repo.js';

export const terraformFixtures = resolve(import.meta.dirname, '../fixtures/terraform');

/** A copy of test/fixtures/terraform/<name> (removed after the test). */
export function terraformFixture(name: string, files: Record<string, string> = {}): Promise<string> {
  return tempRepo(
    files,
    {},
    { from: join(terraformFixtures, name), prefix: `phenom-tf-${name.replace(/\W+/g, '-')}-` },
  );
}

export function terraform(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<TerraformRun> {
  return runTerraform(args, { cwd, env: doubleEnv(env) });
}

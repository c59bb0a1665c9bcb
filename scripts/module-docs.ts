/**
 * Regenerates the input/output tables of every module README (modules/<m>/README.md, between
 * <!-- BEGIN_TF_DOCS --> and <!-- END_TF_DOCS -->) from its versions.tf, variables.tf and
 * outputs.tf. With --check it writes nothing and exits 1 when a README is stale.
 *
 *   tsx scripts/module-docs.ts [--check] [--root DIR]
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseCliArgs, runCli } from '../io/cli.js';
import { ConfigurationError } from '../src/lib/errors.js';
import { openRepository } from '../io/environments.js';
import { moduleReadmes } from './lib/module-docs.js';
import { repoRoot } from './lib/tools.js';

const HELP = `Usage: tsx scripts/module-docs.ts [--check] [--root DIR]

Writes the Requirements/Inputs/Outputs tables of every modules/<name>/README.md between
<!-- BEGIN_TF_DOCS --> and <!-- END_TF_DOCS --> from the module's .tf files.
--check   write nothing; exit 1 and name every stale README.
Exit 0 ok, 1 stale (with --check), 2 error, 70 internal error (a bug; the line names the file holding the stack trace).
`;

await runCli('module-docs', async () => {
  const { values } = parseCliArgs({
    options: { check: { type: 'boolean' }, root: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const root = resolve(values.root ?? repoRoot);
  if (!existsSync(join(root, 'modules'))) throw new ConfigurationError(`${join(root, 'modules')}: no such directory`);
  const statuses = await moduleReadmes(await openRepository(root));
  const stale = statuses.filter((s) => s.current !== s.expected);
  if (values.check) {
    for (const s of stale) process.stdout.write(`${s.readme}: stale tables (run: npx tsx scripts/module-docs.ts)\n`);
    process.stdout.write(`module-docs: ${statuses.length} README(s), ${stale.length} stale\n`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const s of stale) {
    await writeFile(join(root, s.readme), s.expected);
    process.stdout.write(`updated ${s.readme}\n`);
  }
  process.stdout.write(`module-docs: ${statuses.length} README(s), ${stale.length} updated\n`);
  return 0;
});

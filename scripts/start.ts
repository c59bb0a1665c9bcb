/**
 * `npm start`: the local pull-request check of this repository, offline — the same checks the
 * pull-request workflow runs, without cloud access:
 *   1. env-guard: boundary violations and pending follow-ups (exit 1 on a violation);
 *   2. the roots a change against `main` affects (your commits since the merge base plus the
 *      working tree, untracked files included);
 *   3. a preview of the sticky plan comment, rendered from the example plans in examples/plans/.
 * One repository model serves all three, so every file is parsed once.
 *
 *   npm start [-- --base REF] [--plans DIR]
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { guardExitCode, readGuardConfig, runGuard } from '../src/guard/index.js';
import { parseCliArgs, runCli } from '../src/lib/cli.js';
import { errorMessage } from '../src/lib/errors.js';
import { createConsoleLogger } from '../src/lib/logger.js';
import { affectedRootsOf, renderAffectedText } from '../src/orchestrate/index.js';
import { loadPlans } from '../src/plan/index.js';
import { renderGuardText } from '../src/render/guard/index.js';
import { renderMarkdown } from '../src/render/plan/index.js';
import { DEFAULT_EXCLUDE, loadRepository } from '../src/repo/index.js';
import { loadContext } from './infra/context.js';
import { changedFiles, isCommit } from '../actions/shared/git.js';
import { repoRoot } from './lib/tools.js';

const HELP = `Usage: npm start [-- --base REF] [--plans DIR]

The local pull-request check: env-guard report, the roots a change against REF (default: main)
affects, and a preview of the plan comment from DIR (default: examples/plans).
Exit 0 when the guard finds no boundary violation, 1 otherwise, 2 when the check cannot run.
`;

const section = (title: string) => process.stdout.write(`\n━━ ${title} ━━\n\n`);

/** The first of `candidates` that git knows, for repositories cloned without a local main. */
async function pickBase(candidates: string[]): Promise<string | undefined> {
  for (const ref of candidates) if (await isCommit(repoRoot, ref)) return ref;
  return undefined;
}

await runCli('start', async (argv) => {
  const { values } = parseCliArgs({
    args: argv,
    options: { base: { type: 'string' }, plans: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const logger = createConsoleLogger();
  const repo = await loadRepository(repoRoot, { exclude: DEFAULT_EXCLUDE });

  section('1. env-guard: the production/staging boundary and pending follow-ups');
  const { config, ledger, configFile } = await readGuardConfig(repoRoot);
  const report = await runGuard(repo, config, { ledger, configFile, logger });
  const guardCode = guardExitCode(report);
  process.stdout.write(renderGuardText(report, guardCode));

  section('2. affected roots');
  const base = values.base ?? (await pickBase(['main', 'origin/main']));
  if (!base) {
    process.stdout.write('Skipped: no `main` (or `origin/main`) branch in this clone; pass --base REF.\n');
  } else {
    const ctx = await loadContext(repoRoot);
    const changes = await changedFiles(repoRoot, base, undefined);
    const affected = await affectedRootsOf(repo, changes, ctx.config);
    process.stdout.write(`Against the merge base with ${base} (commits, working tree and untracked files):\n`);
    process.stdout.write(renderAffectedText(affected, changes.length));
  }

  section('3. plan comment preview (illustrative plans)');
  const plansDir = values.plans ?? join(repoRoot, 'examples/plans');
  if (!existsSync(plansDir)) {
    process.stdout.write(`Skipped: ${plansDir} does not exist.\n`);
  } else {
    const files = (await readdir(plansDir)).filter((f) => f.endsWith('.json')).sort();
    try {
      const summaries = await loadPlans(
        files.map((f) => ({ name: basename(f, '.json'), file: join(plansDir, f) })),
        (file) => readFile(file, 'utf8'),
      );
      process.stdout.write(
        renderMarkdown(summaries, {
          header: 'Terraform plan (preview from examples/plans — illustrative, not a real plan)',
        }).markdown,
      );
      process.stdout.write('\n');
    } catch (error) {
      process.stdout.write(`Plan preview failed: ${errorMessage(error)}\n`);
      return 1;
    }
  }

  section('result');
  process.stdout.write(
    guardCode === 0
      ? 'PASS: no boundary violation (follow-ups above are warnings).\n'
      : 'FAIL: env-guard found boundary violations (see section 1).\n',
  );
  return guardCode;
});

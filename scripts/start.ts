/**
 * `npm start`: the local pull-request check of this repository, offline — the same checks the
 * pull-request workflow runs, without cloud access:
 *   1. env-guard: boundary violations and pending follow-ups (exit 1 on a violation);
 *   2. the roots a change against `main` affects (your commits since the merge base plus the
 *      working tree, untracked files included);
 *   3. a preview of the sticky plan comment from real Terraform plans of the affected roots: the
 *      working tree against the state applying the merge base produces, with the provider double
 *      (scripts/start/preview.ts); with --plans DIR, rendered from the plan JSON files in DIR instead
 *      (examples/plans shows what the double cannot: replacements).
 * One repository model serves all three, so every file is parsed once.
 *
 *   npm start [-- --base REF] [--plans DIR]
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { guardExitCode, runGuard } from '../src/guard/index.js';
import { readGuardConfig } from '../io/guard.js';
import { loadRepositoryWith } from '../io/environments.js';
import { parseCliArgs, runCli } from '../io/cli.js';
import { errorMessage } from '../src/lib/errors.js';
import { createConsoleLogger } from '../src/lib/logger.js';
import { affectedRootsOf, renderAffectedText, rootNames, type AffectedRoot } from '../src/orchestrate/index.js';
import { loadPlans } from '../src/plan/index.js';
import { renderGuardText } from '../src/render/guard/index.js';
import { renderMarkdown } from '../src/render/plan/index.js';
import { loadContext } from './infra/context.js';
import { changedFiles, isCommit } from '../io/git.js';
import { repoRoot } from './lib/tools.js';
import { previewPlans } from './start/preview.js';

const HELP = `Usage: npm start [-- --base REF] [--plans DIR]

The local pull-request check: env-guard report, the roots a change against REF (default: main)
affects, and a preview of the plan comment: real Terraform plans of those roots (your working
tree against the state applying the merge base produces), run offline with the provider double;
with --plans DIR, the plan JSON files in DIR instead (examples/plans: illustrative plans with
replacements, which the double never plans).
Exit 0 when the guard finds no boundary violation, 1 otherwise, 2 when the check cannot run
(also when the plan preview could not cover every root), 70 internal error (a bug; the line names
the file holding the stack trace).
`;

const section = (title: string) => process.stdout.write(`\n━━ ${title} ━━\n\n`);

/** The first of `candidates` that git knows, for repositories cloned without a local main. */
async function pickBase(candidates: string[]): Promise<string | undefined> {
  for (const ref of candidates) if (await isCommit(repoRoot, ref)) return ref;
  return undefined;
}

const NOTE = [
  '> **Preview, not the real provider.** These are real `terraform plan` runs of your working tree against the',
  '> state that applying the merge base produces, both with the provider double: every computed value (ids,',
  '> ARNs, hashes) is a placeholder, nothing was read from AWS or Cloudflare, and the double never forces a',
  '> replacement, so which changes replace a resource (ForceNew) is decided by the real provider in the pull',
  "> request's plan.",
  '',
  '',
].join('\n');

async function renderPreview(
  base: string,
  affected: readonly AffectedRoot[],
  names: ReadonlyMap<string, string>,
): Promise<number> {
  try {
    const { mergeBase, results } = await previewPlans({
      repoRoot,
      base,
      roots: affected.map(({ root }) => ({ root, name: names.get(root) ?? root })),
      varsDir: join(repoRoot, 'scripts/terraform/ci-vars'),
      progress: (line) => process.stderr.write(`start: ${line}\n`),
    });
    const planned = results.flatMap((r) => (r.ok ? [r] : []));
    const lines = [NOTE];
    for (const r of results) {
      if (!r.ok) lines.push(`- **${r.name}** (\`${r.root}\`): could not be planned — ${r.error}\n`);
      else if (r.base !== 'applied')
        lines.push(`- **${r.name}** (\`${r.root}\`): planned from an empty state: ${r.base}\n`);
    }
    process.stdout.write(lines.join(''));
    if (planned.length > 0)
      process.stdout.write(
        `${
          renderMarkdown(
            planned.map((r) => r.summary),
            { header: `Terraform plan preview (working tree against ${base} at ${mergeBase.slice(0, 12)})` },
          ).markdown
        }\n`,
      );
    return planned.length === results.length ? 0 : 2;
  } catch (error) {
    process.stdout.write(`Plan preview could not run: ${errorMessage(error)}\n`);
    return 2;
  }
}

async function renderPlanFiles(plansDir: string): Promise<number> {
  if (!existsSync(plansDir)) {
    process.stdout.write(`Plan preview could not run: ${plansDir} does not exist.\n`);
    return 2;
  }
  const files = (await readdir(plansDir)).filter((f) => f.endsWith('.json')).sort();
  try {
    const summaries = await loadPlans(
      files.map((f) => ({ name: basename(f, '.json'), file: join(plansDir, f) })),
      (file) => readFile(file, 'utf8'),
    );
    process.stdout.write(
      renderMarkdown(summaries, { header: `Terraform plan (preview from ${plansDir} — not a plan of this tree)` })
        .markdown,
    );
    process.stdout.write('\n');
    return 0;
  } catch (error) {
    process.stdout.write(`Plan preview failed: ${errorMessage(error)}\n`);
    return 1;
  }
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
  // One environment model (environments.yaml) and one repository model serve every section.
  const { config, ledger } = await readGuardConfig(repoRoot);
  const repo = await loadRepositoryWith(repoRoot, config.model);

  section('1. env-guard: the production/staging boundary and pending follow-ups');
  const report = await runGuard(repo, config, { ledger, logger });
  const guardCode = guardExitCode(report);
  process.stdout.write(renderGuardText(report, guardCode));

  section('2. affected roots');
  const base = values.base ?? (await pickBase(['main', 'origin/main']));
  let affected: AffectedRoot[] | undefined;
  if (!base) {
    process.stdout.write('Skipped: no `main` (or `origin/main`) branch in this clone; pass --base REF.\n');
  } else {
    const ctx = await loadContext(repoRoot);
    const changes = await changedFiles(repoRoot, base, undefined);
    affected = await affectedRootsOf(repo, changes, ctx.config);
    process.stdout.write(`Against the merge base with ${base} (commits, working tree and untracked files):\n`);
    process.stdout.write(renderAffectedText(affected, changes.length));
  }

  let previewCode = 0;
  if (values.plans !== undefined) {
    section('3. plan comment preview (plan JSON files)');
    previewCode = await renderPlanFiles(values.plans);
  } else {
    section('3. plan comment preview (real Terraform, provider double)');
    if (!base || !affected) {
      process.stdout.write('Skipped: no base to compare with (see section 2).\n');
    } else if (affected.length === 0) {
      process.stdout.write('No root is affected by this change: nothing to plan.\n');
    } else {
      previewCode = await renderPreview(base, affected, rootNames(repo.roots.map((r) => r.dir)));
    }
  }

  section('result');
  process.stdout.write(
    guardCode === 0
      ? 'PASS: no boundary violation (follow-ups above are warnings).\n'
      : 'FAIL: env-guard found boundary violations (see section 1).\n',
  );
  if (previewCode !== 0)
    process.stdout.write('INCOMPLETE: the plan preview did not cover every root (see section 3).\n');
  return guardCode !== 0 ? guardCode : previewCode;
});

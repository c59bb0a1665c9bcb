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
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { guardExitCode, runGuard } from '../src/guard/index.js';
import { readGuardConfig } from '../io/guard.js';
import { loadRepositoryWith } from '../io/environments.js';
import { parseCliArgs, runCli } from '../io/cli.js';
import { errorMessage, UserError } from '../src/lib/errors.js';
import { createConsoleLogger } from '../src/lib/logger.js';
import { affectedRootsOf, renderAffectedText, rootNames, type AffectedRoot } from '../src/orchestrate/index.js';
import { loadPlans, type RootSummary } from '../src/plan/index.js';
import { renderGuardText } from '../src/render/guard/index.js';
import { renderMarkdown } from '../src/render/plan/index.js';
import { renderTerminalMarkdown } from '../src/render/terminal.js';
import { loadContext } from './infra/context.js';
import { changedFiles, isCommit } from '../io/git.js';
import { readPlanFile } from '../io/plan-file.js';
import { repoRoot } from './lib/tools.js';
import { nextSteps } from './start/next-steps.js';
import { previewPlans } from './start/preview.js';

const HELP = `Usage: npm start [-- --base REF] [--plans DIR]

The local pull-request check: env-guard report, the roots a change against REF (default: main)
affects, and a preview of the plan comment: real Terraform plans of those roots (your working
tree against the state applying the merge base produces), run offline with the provider double;
with --plans DIR, the plan JSON files in DIR instead (examples/plans: illustrative plans with
replacements, which the double never plans). It ends with a verdict and the commands to run next.
The Markdown of the preview is laid out for a terminal, in colour on a TTY unless NO_COLOR is set.

Exit 0 when the guard finds no boundary violation, 1 otherwise, 2 when the check cannot run (a bad
flag, a --plans DIR that does not exist or holds no plan JSON, an invalid plan; also when the plan
preview could not cover every root), one line on stderr; 70 internal error (a bug; the line names
the file holding the stack trace).
`;

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const markdown = (text: string) => process.stdout.write(renderTerminalMarkdown(text, { color }));

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
): Promise<{ root: string; error: string }[]> {
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
    if (planned.length > 0)
      lines.push(
        '\n',
        renderMarkdown(
          planned.map((r) => r.summary),
          { header: `Terraform plan preview (working tree against ${base} at ${mergeBase.slice(0, 12)})` },
        ).markdown,
      );
    markdown(lines.join(''));
    return results.flatMap((r) => (r.ok ? [] : [{ root: r.root, error: r.error }]));
  } catch (error) {
    process.stdout.write(`Plan preview could not run: ${errorMessage(error)}\n`);
    return affected.map(({ root }) => ({ root, error: `the preview could not run: ${errorMessage(error)}` }));
  }
}

/** The plans of --plans DIR, read before anything runs: a DIR that does not exist, holds no plan JSON or an invalid one is the user's mistake. */
async function loadPlanDir(plansDir: string): Promise<RootSummary[]> {
  const kind = await stat(plansDir).then(
    (s) => (s.isDirectory() ? 'directory' : 'file'),
    () => 'missing',
  );
  if (kind !== 'directory')
    throw new UserError(
      `--plans '${plansDir}' ${kind === 'missing' ? 'does not exist' : 'is not a directory'}; expected a directory of plan JSON files (e.g. examples/plans).`,
    );
  const files = (await readdir(plansDir)).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new UserError(`--plans '${plansDir}' holds no .json plan files (e.g. examples/plans).`);
  return loadPlans(
    files.map((f) => ({ name: basename(f, '.json'), file: join(plansDir, f) })),
    readPlanFile,
  );
}

void runCli('start', async (argv) => {
  const { values } = parseCliArgs({
    args: argv,
    options: { base: { type: 'string' }, plans: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  // Flags are checked before anything runs: a mistyped --plans fails at once, in one line.
  const planSummaries = values.plans !== undefined ? await loadPlanDir(values.plans) : undefined;
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

  let previewFailures: { root: string; error: string }[] = [];
  if (values.plans !== undefined && planSummaries) {
    section('3. plan comment preview (plan JSON files)');
    markdown(
      renderMarkdown(planSummaries, {
        header: `Terraform plan (preview from ${values.plans} — not a plan of this tree)`,
      }).markdown,
    );
  } else {
    section('3. plan comment preview (real Terraform, provider double)');
    if (!base || !affected) {
      process.stdout.write('Skipped: no base to compare with (see section 2).\n');
    } else if (affected.length === 0) {
      process.stdout.write('No root is affected by this change: nothing to plan.\n');
    } else {
      previewFailures = await renderPreview(base, affected, rootNames(repo.roots.map((r) => r.dir)));
    }
  }

  section('result');
  const { verdict, next } = nextSteps({
    violations: report.violations.filter((v) => v.severity === 'error'),
    followups: report.followups,
    ...(base ? { base } : {}),
    ...(affected ? { affected } : {}),
    previewFailures,
  });
  process.stdout.write(`${verdict}\n\nNext:\n${next.map((line) => `  ${line}`).join('\n')}\n`);
  return guardCode !== 0 ? guardCode : previewFailures.length > 0 ? 2 : 0;
});

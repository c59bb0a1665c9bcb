/**
 * The orchestration CLI: which roots a change affects, and fmt/validate/plan/apply/drift per root.
 *
 *   npm run --silent infra -- <command> [options]      (see HELP below)
 *
 * Thin shell: the logic is in src/orchestrate (pure) and src/repo (the repository model);
 * scripts/infra/ holds the I/O (git, child processes, output, GitHub).
 */
import { resolve } from 'node:path';
import { ConfigurationError } from '../src/lib/errors.js';
import { EXIT_OK, EXIT_USAGE, exitWhenIdle, oneOf, parseCliArgs, runCli } from '../io/cli.js';
import { loadContext, loadRepo, resolveRoots, type InfraContext } from './infra/context.js';
import { affectedCommand, affectedRoots, rootsCommand } from './infra/graph-commands.js';
import type { RootRef } from './infra/terraform-commands.js';

// plan/apply/drift (plan core) and drift-issues (Octokit) are loaded on demand, so that
// `roots` and `affected` start fast.
const terraformCommands = () => import('./infra/terraform-commands.js');

interface Command {
  /** The command line after the command name, as `--help` shows it. */
  usage: string;
  /** What it does and its exit codes (`--help`). */
  help: string;
  run(ctx: InfraContext, args: string[]): Promise<number>;
}

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new ConfigurationError(`Invalid ${flag} '${value}'. Expected a whole number from 1 to 64.`);
  return n;
}

async function refsFor(ctx: InfraContext, roots: readonly string[] | undefined): Promise<RootRef[]> {
  const loaded = await loadRepo(ctx);
  const dirs = roots && roots.length > 0 ? resolveRoots(ctx, loaded, roots) : loaded.repo.roots.map((r) => r.dir);
  return dirs.map((root) => ({ root, name: loaded.names.get(root) ?? root }));
}

const write = (text: string) => {
  process.stdout.write(text);
};

const FORMATS = ['text', 'json', 'matrix'] as const;

/** Every command, in `--help` order. */
export const COMMANDS: Record<string, Command> = {
  roots: {
    usage: 'roots [--format text|json|matrix]',
    help: `Every root (a directory with a backend block, or a Terragrunt unit) and the local modules it
uses, transitively. json: {"roots":[{"dir","modules":[…]}]} ("missing" lists called modules
without .tf files); matrix: every root as {"include":[{"root","name","environment",
"github_environment","apply_order","plan_role_var","apply_role_var","tfvars_var","production"}]}
from environments.yaml (drift fan-out).
Exit 0.`,
    async run(ctx, args) {
      const { values } = parseCliArgs({ args, options: { format: { type: 'string' } } });
      return rootsCommand(ctx, oneOf('--format', values.format, FORMATS, 'text'), write);
    },
  },
  affected: {
    usage: 'affected --base REF [--head REF] [--format text|json|matrix]',
    help: `The roots a change affects (files under the root or a module it uses, files it reads through
file()/templatefile()/fileset()/archive sources/symlinks, Terragrunt includes, reads and
dependencies, or an infra.yaml all-roots glob). With --head: git diff BASE...HEAD. Without:
merge base of BASE and HEAD → working tree, plus untracked files. json: {"roots":[…]};
matrix: as for roots.
Exit 0.`,
    async run(ctx, args) {
      const { values } = parseCliArgs({
        args,
        options: { base: { type: 'string' }, head: { type: 'string' }, format: { type: 'string' } },
      });
      if (!values.base) throw new ConfigurationError('affected needs --base REF (e.g. --base origin/main).');
      const format = oneOf('--format', values.format, FORMATS, 'text');
      return affectedCommand(ctx, { base: values.base, ...(values.head ? { head: values.head } : {}), format }, write);
    },
  },
  plan: {
    usage: 'plan [--root DIR … | --affected --base REF [--head REF]] [--out DIR] [--parallel N] [--no-lock]',
    help: `fmt -check, init, validate, plan -out, show -json per root (all roots when neither --root
nor --affected is given). Writes <out>/<name>/{plan.tfplan,plan.json,plan.log,result.json},
<out>/plans.json and the combined Markdown <out>/comment.md. Default --out .infra/plan.
--no-lock plans without the state lock (terraform plan -lock=false): pull-request plans, whose
role may not write to the state backend. Exit 0 all planned, 1 any root failed (all roots are
still reported).`,
    async run(ctx, args) {
      const { values } = parseCliArgs({
        args,
        options: {
          root: { type: 'string', multiple: true },
          affected: { type: 'boolean' },
          base: { type: 'string' },
          head: { type: 'string' },
          out: { type: 'string' },
          parallel: { type: 'string' },
          'no-lock': { type: 'boolean' },
        },
      });
      if (values.affected && values.root)
        throw new ConfigurationError('plan takes either --root DIR … or --affected --base REF, not both.');
      if (values.affected && !values.base) throw new ConfigurationError('plan --affected needs --base REF.');
      if (!values.affected && (values.base || values.head))
        throw new ConfigurationError('--base/--head only apply with plan --affected.');
      let refs: RootRef[];
      if (values.affected && values.base) {
        const { affected, names } = await affectedRoots(ctx, {
          base: values.base,
          ...(values.head ? { head: values.head } : {}),
        });
        const known = await names();
        refs = affected.map(({ root }) => ({ root, name: known.get(root) ?? root }));
      } else {
        refs = await refsFor(ctx, values.root);
      }
      return (await terraformCommands()).planCommand(
        ctx,
        refs,
        {
          out: values.out ?? '.infra/plan',
          parallel: positiveInt('--parallel', values.parallel, ctx.config.parallel),
          lock: !values['no-lock'],
        },
        write,
      );
    },
  },
  apply: {
    usage: 'apply --root DIR --expect-digest SHA [--reviewed-plan FILE] [--out DIR]',
    help: `Re-plans, refuses when the new plan's digest differs from the reviewed one, otherwise
applies exactly that plan file and writes <out>/<name>/outputs.json. A refusal writes
<out>/<name>/refusal.json (both digests, the counts now and — with --reviewed-plan, the reviewed
plan's redacted JSON — then) and the new plan's redacted JSON, plan.redacted.json, for
refusal-comment. Default --out .infra/apply. Exit 0 applied, 1 refused or failed.`,
    async run(ctx, args) {
      const { values } = parseCliArgs({
        args,
        options: {
          root: { type: 'string', multiple: true },
          'expect-digest': { type: 'string' },
          'reviewed-plan': { type: 'string' },
          out: { type: 'string' },
        },
      });
      if (values.root?.length !== 1) throw new ConfigurationError('apply needs exactly one --root DIR.');
      const expectDigest = values['expect-digest'];
      if (!expectDigest?.trim())
        throw new ConfigurationError('apply needs --expect-digest SHA (the digest of the reviewed plan).');
      const [ref] = await refsFor(ctx, values.root);
      if (!ref) throw new Error('refsFor returned no root for one --root');
      return (await terraformCommands()).applyCommand(
        ctx,
        ref,
        {
          out: values.out ?? '.infra/apply',
          expectDigest,
          ...(values['reviewed-plan'] ? { reviewedPlan: values['reviewed-plan'] } : {}),
        },
        write,
      );
    },
  },
  'refusal-comment': {
    usage: 'refusal-comment --pr N [--refusals DIR] [--repo OWNER/NAME]',
    help: `Posts (or updates) one comment per refused root on the merged pull request N: the new
plan from <DIR>/**/plan.redacted.json, its digest, the counts reviewed vs now, and the
workflow_dispatch command that applies exactly that plan. Reads every refusal.json under DIR
(default .infra/apply); none is not an error. Needs GITHUB_TOKEN; GITHUB_API_URL, GITHUB_SERVER_URL,
GITHUB_RUN_ID are honoured. Exit 0.`,
    async run(ctx, args) {
      const { values } = parseCliArgs({
        args,
        options: {
          pr: { type: 'string' },
          refusals: { type: 'string' },
          repo: { type: 'string' },
        },
      });
      const pr = Number(values.pr);
      if (!values.pr || !Number.isSafeInteger(pr) || pr < 1)
        throw new ConfigurationError(
          `refusal-comment needs --pr N (the merged pull request's number); got '${values.pr ?? ''}'.`,
        );
      return (await import('./infra/github.js')).refusalCommentCommand(
        ctx,
        {
          pr,
          refusals: values.refusals ?? '.infra/apply',
          ...(values.repo ? { repo: values.repo } : {}),
        },
        write,
      );
    },
  },
  drift: {
    usage: 'drift [--root DIR …] [--out DIR] [--parallel N] [--no-lock]',
    help: `plan -detailed-exitcode per root (all roots by default), report on stdout and in
<out>/<name>/drift.json. Default --out .infra/drift. --no-lock: as for plan (the drift
workflow plans with the read-only plan role). Exit 0 no drift, 3 drift in at least one root,
1 a root could not be planned (wins over drift; every root is reported).`,
    async run(ctx, args) {
      const { values } = parseCliArgs({
        args,
        options: {
          root: { type: 'string', multiple: true },
          out: { type: 'string' },
          parallel: { type: 'string' },
          'no-lock': { type: 'boolean' },
        },
      });
      const parallel = positiveInt('--parallel', values.parallel, ctx.config.parallel);
      const refs = await refsFor(ctx, values.root);
      return (await terraformCommands()).driftCommand(
        ctx,
        refs,
        { out: values.out ?? '.infra/drift', parallel, lock: !values['no-lock'] },
        write,
      );
    },
  },
  'drift-issues': {
    usage: 'drift-issues [--reports DIR] [--repo OWNER/NAME] [--dry-run]',
    help: `Opens, updates or closes one GitHub issue (label "drift") per root from the drift.json
files under DIR (default .infra/drift). Needs GITHUB_TOKEN; GITHUB_API_URL is honoured.
Exit 0.`,
    async run(ctx, args) {
      const { values } = parseCliArgs({
        args,
        options: { reports: { type: 'string' }, repo: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      });
      return (await import('./infra/github.js')).driftIssuesCommand(
        ctx,
        {
          reports: values.reports ?? '.infra/drift',
          ...(values.repo ? { repo: values.repo } : {}),
          dryRun: values['dry-run'] ?? false,
        },
        write,
      );
    },
  },
  'review-run': {
    usage: 'review-run --sha SHA [--workflow FILE] [--repo OWNER/NAME]',
    help: `The pull-request run whose plans were reviewed for a commit on main (its merged pull
request's newest successful run of --workflow, default pr.yml, on the final head):
{"pr","headSha","runId","runUrl"}. Needs GITHUB_TOKEN. Exit 0; 2 when there is none.`,
    async run(_ctx, args) {
      const { values } = parseCliArgs({
        args,
        options: { sha: { type: 'string' }, workflow: { type: 'string' }, repo: { type: 'string' } },
      });
      if (!values.sha) throw new ConfigurationError('review-run needs --sha SHA (the commit on main being applied).');
      return (await import('./infra/github.js')).reviewRunCommand(
        { sha: values.sha, workflow: values.workflow ?? 'pr.yml', ...(values.repo ? { repo: values.repo } : {}) },
        write,
      );
    },
  },
};

const indent = (text: string, by: string) => text.replace(/^/gm, by);

const HELP = `Usage: npm run --silent infra -- <command> [options]

Commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}\n${indent(c.help, '      ')}`)
  .join('\n')}

Exit codes of every command, besides the ones above: 2 could not run (bad flag, unknown root,
invalid infra.yaml or environments.yaml, a matrix root in no environment, unknown git ref, git
or the GitHub API failed), one line on stderr;
70 internal error (a bug; the line names the file holding the stack trace).

Environment: TF_BIN (default terraform; tofu works the same), GITHUB_ACTIONS (grouped CI output).
Settings: infra.yaml at the repository root (all-roots, ignore, lock-timeout, parallel); the
environments (which root belongs where, its roles, apply order and backend-config files) and
what is never read: environments.yaml.
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    throw new ConfigurationError(
      `Unknown command '${name}'. Expected one of: ${Object.keys(COMMANDS).join(', ')} (see --help).`,
    );
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  return command.run(await loadContext(process.cwd()), args);
}

if (process.argv[1] && import.meta.filename === resolve(process.argv[1])) void runCli('infra', main).then(exitWhenIdle);

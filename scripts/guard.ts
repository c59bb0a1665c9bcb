/**
 * `npm run --silent guard -- [--root DIR] [--format text|json|sarif|github] [--strict]
 *   [--max-file-size SIZE] [--repository-url URL]…`
 * env-guard over the repository: prod/staging boundary violations (exit 1) and pending
 * follow-ups (exit 1 only with --strict). Exit 2 when the guard cannot run.
 */
import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pullRequestFiles } from '../io/changed-files.js';
import { guardExitCode } from '../src/guard/index.js';
import { guardRoot, parseByteSize } from '../io/guard.js';
import { EXIT_OK, oneOf, parseCliArgs, runCli } from '../io/cli.js';
import { createConsoleLogger } from '../src/lib/logger.js';
import {
  renderGuardJson,
  renderGuardMarkdown,
  renderGuardText,
  renderRuleHelp,
  renderSarif,
  selectAnnotations,
  annotationCommand,
  workspacePrefix,
} from '../src/render/guard/index.js';
import { repoRoot } from './lib/tools.js';
import { guardDocsUri, README_PATH } from '../io/guard-docs.js';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

export const HELP = `Usage: npm run --silent guard -- [--root DIR] [--format text|json|sarif|github] [--strict]
                                [--environments FILE] [--config FILE] [--max-file-size SIZE]
                                [--repository-url URL]… [--debug]

Checks that production and staging stay apart and lists pending follow-ups. Rules (default
severity; details in actions/env-guard/README.md):
${renderRuleHelp()}

  --root DIR      repository to guard (default: this repository)
  --format F      text (default) | json (one JSON document) | sarif (SARIF 2.1.0 for code
                  scanning) | github (workflow-command annotations, changed files first, at
                  most 10 per level, plus a Markdown report appended to $GITHUB_STEP_SUMMARY)
  --strict        open follow-ups fail the run too (also: strict: true in the config)
  --environments FILE
                  the environment model (default: DIR/environments.yaml): environments, their
                  roots and identifiers, who may read whom, per-environment rule severities
  --config FILE   env-guard's settings (default: DIR/env-guard.yaml when it exists): the
                  allow-list, snapshots, parity, followups.ledger, strict
  --max-file-size SIZE
                  files larger than this are not read (default 8MiB): a configuration file
                  over it is a parse-error, any other file a warning; e.g. 16MiB, 512KiB
  --repository-url URL
                  a URL of this repository (repeatable; default: the URLs of \`git remote -v\`
                  in DIR): a git module source naming it is checked like a local path
  --debug         log skipped files and unresolved paths on stderr

With --format github and GITHUB_BASE_REF set, files changed against origin/$GITHUB_BASE_REF
(git diff, needs the base branch fetched) are annotated first.

Exit codes: 0 no error-severity violation; 1 at least one (or, with --strict, an open
follow-up); 2 the guard could not run (unreadable root, invalid or missing environments.yaml,
invalid config), one line on stderr;
70 internal error (a bug; the line names the file holding the stack trace).
`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      root: { type: 'string' },
      format: { type: 'string' },
      strict: { type: 'boolean' },
      config: { type: 'string' },
      environments: { type: 'string' },
      'max-file-size': { type: 'string' },
      'repository-url': { type: 'string', multiple: true },
      debug: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  const format = oneOf('--format', values.format, FORMATS, 'text');
  const rootArg = values.root ?? repoRoot;
  const root = resolve(rootArg);
  const logger = createConsoleLogger({ debug: Boolean(values.debug) });
  const maxFileSize = values['max-file-size'];
  const repositoryUrls = values['repository-url'];
  const { report } = await guardRoot(rootArg, {
    config: values.config,
    environments: values.environments,
    strict: Boolean(values.strict),
    logger,
    load: {
      ...(maxFileSize === undefined ? {} : { maxFileBytes: parseByteSize('--max-file-size', maxFileSize) }),
      ...(repositoryUrls === undefined ? {} : { repositoryUrls }),
    },
  });
  const exitCode = guardExitCode(report);
  const pathPrefix = workspacePrefix(resolve(process.env.GITHUB_WORKSPACE ?? process.cwd()), root);

  switch (format) {
    case 'text':
      process.stdout.write(renderGuardText(report, exitCode));
      break;
    case 'json':
      process.stdout.write(renderGuardJson(report, exitCode));
      break;
    case 'sarif':
      process.stdout.write(
        `${JSON.stringify(renderSarif(report, { pathPrefix, docsUri: guardDocsUri(resolve(repoRoot, README_PATH)) }), null, 2)}\n`,
      );
      break;
    case 'github': {
      const changed = await pullRequestFiles(root, process.env.GITHUB_BASE_REF, logger);
      const selection = selectAnnotations(report, { changedFiles: changed, pathPrefix });
      for (const annotation of selection.annotations) process.stdout.write(`${annotationCommand(annotation)}\n`);
      process.stdout.write(renderGuardText(report, exitCode));
      const summaryFile = process.env.GITHUB_STEP_SUMMARY;
      if (summaryFile) {
        await appendFile(
          summaryFile,
          renderGuardMarkdown(report, exitCode, {
            changedFiles: changed,
            annotated: { shown: selection.annotations.length, omitted: selection.omitted },
          }),
        );
      }
      break;
    }
  }
  return exitCode;
}

if (process.argv[1] && import.meta.filename === resolve(process.argv[1])) {
  // HashiCorp's parser is Go compiled to wasm; its runtime can keep a timer pending for a
  // second or more after the work is done. Exit once stdout has been flushed.
  void runCli('guard', main).then(() => process.stdout.write('', () => process.exit()));
}

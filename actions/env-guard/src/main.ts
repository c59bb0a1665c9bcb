/**
 * The env-guard action: a thin shell over the core (src/guard) and its renderers
 * (src/render/guard). Reads inputs once, runs the guard, writes the JSON report and the
 * SARIF file, annotates (changed files first, 10 per level), writes the job summary, sets
 * outputs, and fails the step on boundary violations (or open follow-ups when strict).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { guardExitCode } from '../../../src/guard/index.js';
import { guardRoot } from '../../../io/guard.js';
import {
  counts,
  renderGuardJson,
  renderGuardMarkdown,
  renderGuardText,
  renderSarif,
  selectAnnotations,
  workspacePrefix,
} from '../../../src/render/guard/index.js';
import { pullRequestFiles } from '../../../io/changed-files.js';
import { INPUTS, OUTPUTS, REPORT_FILE, SARIF_FILE } from './constants.js';
import { getInputs } from './inputs.js';
import { failAction } from '../../../io/action-failure.js';
import { createActionsLogger } from '../../../io/actions-logger.js';
import { appendStepSummary } from '../../../io/step-summary.js';
import { guardDocsUri } from '../../../io/guard-docs.js';

/** The action's README (next to src/ and dist/), for rule links when not on GitHub. */
const README = resolve(import.meta.dirname, '../README.md');

const logger = createActionsLogger();

export async function run(): Promise<void> {
  try {
    const inputs = getInputs();
    const { report } = await guardRoot(inputs.root, {
      config: inputs.config,
      configSource: `input '${INPUTS.config}'`,
      environments: inputs.environments,
      environmentsSource: `input '${INPUTS.environments}'`,
      strict: inputs.strict,
      logger,
      load: {
        ...(inputs.maxFileBytes === undefined ? {} : { maxFileBytes: inputs.maxFileBytes }),
        ...(inputs.repositoryUrls === undefined ? {} : { repositoryUrls: inputs.repositoryUrls }),
      },
    });
    const exitCode = guardExitCode(report);
    const pathPrefix = workspacePrefix(inputs.workspace, inputs.root);

    await mkdir(inputs.outputDir, { recursive: true });
    const reportPath = join(inputs.outputDir, REPORT_FILE);
    const sarifPath = join(inputs.outputDir, SARIF_FILE);
    await writeFile(reportPath, renderGuardJson(report, exitCode));
    await writeFile(
      sarifPath,
      `${JSON.stringify(renderSarif(report, { pathPrefix, docsUri: guardDocsUri(README) }), null, 2)}\n`,
    );

    const changed = await pullRequestFiles(inputs.root, inputs.baseRef, logger);
    const selection = selectAnnotations(report, { changedFiles: changed, pathPrefix });
    for (const a of selection.annotations) {
      const properties = { file: a.file, startLine: a.line, startColumn: a.column, title: a.title };
      if (a.level === 'error') core.error(a.message, properties);
      else if (a.level === 'warning') core.warning(a.message, properties);
      else core.notice(a.message, properties);
    }
    core.info(renderGuardText(report, exitCode));
    await appendStepSummary(
      () =>
        renderGuardMarkdown(report, exitCode, {
          changedFiles: changed,
          annotated: { shown: selection.annotations.length, omitted: selection.omitted },
        }),
      logger,
    );

    const { errors, open } = counts(report);
    core.setOutput(OUTPUTS.violations, String(errors));
    core.setOutput(OUTPUTS.followups, String(open));
    core.setOutput(OUTPUTS.report, reportPath);
    core.setOutput(OUTPUTS.sarif, sarifPath);
    if (exitCode !== 0) {
      core.setFailed(
        errors > 0
          ? `env-guard: ${errors} boundary violation(s); see the annotations and the job summary`
          : `env-guard: ${open} open follow-up(s) in strict mode`,
      );
    }
  } catch (error) {
    failAction('env-guard: ', error);
  }
}

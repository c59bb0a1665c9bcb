/**
 * Stage `checkov`: runs checkov over modules/ and environments/ (JSON output), compares the
 * failed checks with `.checkov.baseline.yaml`, fails on any finding the baseline does not
 * accept and on any baseline entry that no longer matches (so the file stays short).
 * Exit 0 clean, 1 findings or stale entries, 2 the stage could not run.
 *
 *   npm run checkov [-- --root DIR] [--baseline FILE]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseCliArgs, runCli } from '../io/cli.js';
import { ConfigurationError } from '../src/lib/errors.js';
import {
  compareWithBaseline,
  parseBaseline,
  parseCheckovReport,
  renderComparison,
  type CheckovFinding,
} from './lib/checkov.js';
import { execFailure, toolJson } from '../io/tool-failure.js';
import { repoRoot, toolPath } from './lib/tools.js';

const run = promisify(execFile);

export const SCANNED_DIRS = ['modules', 'environments'] as const;

const HELP = `Usage: npm run checkov [-- --root DIR] [--baseline FILE]

Runs checkov (terraform framework, offline) over DIR/modules and DIR/environments and compares
the failed checks with the baseline (default DIR/.checkov.baseline.yaml): a finding the
baseline does not accept fails the stage, and so does a baseline entry that matches nothing.
Baseline format: {version: 1, accepted: [{check, resource, file, reason}]}; resource and file
may use '*' as a wildcard. Exit 0 clean, 1 findings or stale entries, 2 error (checkov failed,
invalid baseline), 70 internal error (a bug; the line names the file holding the stack trace).
`;

async function scan(dir: string, root: string): Promise<CheckovFinding[]> {
  const args = [
    '--directory',
    dir,
    '--framework',
    'terraform',
    '--output',
    'json',
    '--quiet',
    '--compact',
    '--skip-download',
    '--download-external-modules',
    'false',
  ];
  let stdout: string;
  try {
    stdout = (
      await run(toolPath('checkov'), args, {
        cwd: root,
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, BC_SKIP_MAPPING: 'TRUE' },
      })
    ).stdout;
  } catch (error) {
    // checkov exits 1 when a check fails; the report is still on stdout.
    stdout = (error as { stdout?: string }).stdout ?? '';
    if (!stdout.trim()) throw execFailure('checkov', error, dir);
  }
  return parseCheckovReport(toolJson('checkov', stdout, dir), root, `checkov output for ${dir}`);
}

await runCli('checkov', async () => {
  const { values } = parseCliArgs({
    options: { root: { type: 'string' }, baseline: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const root = resolve(values.root ?? repoRoot);
  if (!existsSync(root)) throw new ConfigurationError(`--root ${values.root}: no such directory`);
  const baselinePath = resolve(values.baseline ?? join(root, '.checkov.baseline.yaml'));
  let baselineText: string;
  try {
    baselineText = await readFile(baselinePath, 'utf8');
  } catch {
    throw new ConfigurationError(`baseline ${baselinePath} cannot be read (create it with: version: 1, accepted: [])`);
  }
  const baseline = parseBaseline(baselineText, values.baseline ?? '.checkov.baseline.yaml');
  const dirs = SCANNED_DIRS.filter((d) => existsSync(join(root, d)));
  if (dirs.length === 0) throw new ConfigurationError(`${root} has neither ${SCANNED_DIRS.join(' nor ')}`);
  const findings: CheckovFinding[] = [];
  for (const dir of dirs) findings.push(...(await scan(dir, root)));
  const result = compareWithBaseline(findings, baseline);
  process.stdout.write(renderComparison(result, values.baseline ?? '.checkov.baseline.yaml'));
  return result.unaccepted.length > 0 || result.stale.length > 0 ? 1 : 0;
});

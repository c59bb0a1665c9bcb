/**
 * Stage `hcl`: checks every Terraform file of the repository without a provider.
 *   1. parse   — every .tf file parses as Terraform's parser reads it (src/hcl/parse.ts: the tree, and
 *                HashiCorp's parser for a file the tree cannot vouch for);
 *   2. fmt     — every .tf/.tfvars file is formatted as hclfmt (the formatter `terraform fmt` is built on) prints it;
 *   3. tflint  — tflint with its bundled terraform ruleset, per Terraform directory (.tflint.hcl at the root);
 *   4. structure — src/checks/structure.ts (module files, typed/described variables, module inputs/outputs);
 *   5. resources — src/checks/resources.ts: fixed names with create_before_destroy (every resource type
 *                  whose provider schema has <attr> and <attr>_prefix; the schemas the provider double
 *                  serves, .tools/provider-double/schemas), IAM policies on identities the configuration
 *                  does not create, ALB access logs (CKV_AWS_91) and read-only container root
 *                  filesystems (CKV_AWS_336) as checkov cannot evaluate them, S3 lifecycle filters.
 * Prints `file:line:col: [check] message` per finding; exit 1 on any finding, 2 if the stage cannot run.
 *
 *   npm run hcl [-- --root DIR]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { validate } from '../modules/shared-functions/src/zod-issues.js';
import { checkResources, prefixPairsFromSchemas } from '../src/checks/resources.js';
import { checkStructure } from '../src/checks/structure.js';
import { parseCliArgs, runCli } from '../io/cli.js';
import { ConfigurationError, errorMessage, ToolError } from '../src/lib/errors.js';
import { mapPool } from '../src/lib/pool.js';
import type { Repository } from '../src/repo/index.js';
import { openRepository } from '../io/environments.js';
import { execFailure, toolJson } from '../io/tool-failure.js';
import { repoRoot, toolPath } from './lib/tools.js';

const run = promisify(execFile);

interface Finding {
  step: 'parse' | 'fmt' | 'tflint' | 'structure' | 'resources';
  check: string;
  file: string;
  line: number;
  column: number;
  message: string;
  /** Accepted in the code with this reason (printed, not counted). */
  accepted?: string;
}

const HELP = `Usage: npm run hcl [-- --root DIR]

Checks every Terraform file under DIR (default: the repository): HashiCorp parser, hclfmt
formatting, tflint (terraform ruleset), structural checks, resource checks (fixed names with
create_before_destroy, IAM policies on identities the configuration does not create, ALB access
logs, read-only container root filesystems, S3 lifecycle filters; needs the provider schemas
that 'npm run setup' installs). Exit 0 clean, 1 findings, 2 error (a tool failed, bad --root,
no provider schemas), 70 internal error (a bug; the line names the file holding the stack trace).
`;

const SCHEMA_DIR = join(repoRoot, '.tools/provider-double/schemas');

/** The provider schemas (`providers schema -json` format) setup generated for the provider double. */
async function providerSchemas(): Promise<unknown[]> {
  const files = existsSync(SCHEMA_DIR) ? (await readdir(SCHEMA_DIR)).filter((f) => f.endsWith('.json')) : [];
  if (files.length === 0)
    throw new ConfigurationError(
      `no provider schemas in ${relative(repoRoot, SCHEMA_DIR)} (the resource checks need them): run 'npm run setup'`,
    );
  return Promise.all(
    files.sort().map(async (file) => {
      const path = join(SCHEMA_DIR, file);
      try {
        return JSON.parse(await readFile(path, 'utf8')) as unknown;
      } catch (error) {
        throw new ConfigurationError(`provider schema ${relative(repoRoot, path)} is not JSON: ${errorMessage(error)}`);
      }
    }),
  );
}

async function parseStep(repo: Repository): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const dir of repo.dirs.values()) {
    for (const file of dir.files) {
      const result = await file.validity();
      if (!result.ok)
        findings.push({
          step: 'parse',
          check: 'hcl-parse',
          file: file.path,
          line: result.error.line,
          column: result.error.column,
          message: result.error.message,
        });
    }
  }
  return findings;
}

async function fmtStep(repo: Repository): Promise<Finding[]> {
  const hclfmt = toolPath('hclfmt');
  const paths = repo.files.filter((f) => !f.symlink && /\.(tf|tfvars)$/.test(f.path)).map((f) => f.path);
  const findings: Finding[] = [];
  await mapPool(paths, 4, async (path) => {
    const original = await repo.readText(path);
    let formatted: string;
    try {
      formatted = (await run(hclfmt, [join(repo.rootDir, path)], { maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? errorMessage(error);
      const match = /:(\d+),(\d+)/.exec(stderr);
      findings.push({
        step: 'fmt',
        check: 'hclfmt',
        file: path,
        line: Number(match?.[1] ?? 1),
        column: Number(match?.[2] ?? 1),
        message: `hclfmt cannot format this file: ${stderr.trim().split('\n')[0]}`,
      });
      return;
    }
    if (formatted !== original) {
      const a = original.split('\n');
      const b = formatted.split('\n');
      let line = 0;
      while (line < a.length && a[line] === b[line]) line += 1;
      findings.push({
        step: 'fmt',
        check: 'hclfmt',
        file: path,
        line: line + 1,
        column: 1,
        message: `not formatted as terraform fmt / hclfmt would (fix: .tools/bin/hclfmt -w ${path})`,
      });
    }
  });
  return findings;
}

const TflintOutput = z.object({
  issues: z.array(
    z.object({
      rule: z.object({ name: z.string(), severity: z.string() }),
      message: z.string(),
      range: z.object({ filename: z.string(), start: z.object({ line: z.number(), column: z.number() }) }),
    }),
  ),
  errors: z.array(
    z.object({
      message: z.string(),
      range: z.object({ filename: z.string(), start: z.object({ line: z.number(), column: z.number() }) }).optional(),
    }),
  ),
});

async function tflintStep(repo: Repository): Promise<Finding[]> {
  const tflint = toolPath('tflint');
  const config = join(repo.rootDir, '.tflint.hcl');
  const findings: Finding[] = [];
  await mapPool([...repo.dirs.keys()], 2, async (dir) => {
    const args = [`--chdir=${join(repo.rootDir, dir)}`, '--format=json', '--force'];
    if (existsSync(config)) args.push(`--config=${config}`);
    let stdout: string;
    try {
      stdout = (await run(tflint, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TFLINT_LOG: '' } }))
        .stdout;
    } catch (error) {
      // tflint exits 2 when it found issues; the report is still on stdout.
      stdout = (error as { stdout?: string }).stdout ?? '';
      if (!stdout) throw execFailure('tflint', error, dir);
    }
    const parsed = validate(TflintOutput, toolJson('tflint', stdout, dir));
    if (!parsed.ok)
      throw new ToolError({ tool: 'tflint', cwd: dir, detail: `printed unexpected JSON: ${parsed.message}` });
    // tflint names files relative to our working directory, whatever --chdir says.
    const repoPath = (filename: string) => relative(repo.rootDir, resolve(filename)).split('\\').join('/');
    for (const issue of parsed.value.issues) {
      findings.push({
        step: 'tflint',
        check: issue.rule.name,
        file: repoPath(issue.range.filename),
        line: issue.range.start.line,
        column: issue.range.start.column,
        message: `${issue.message} (${issue.rule.severity})`,
      });
    }
    for (const error of parsed.value.errors) {
      findings.push({
        step: 'tflint',
        check: 'tflint-error',
        file: error.range ? repoPath(error.range.filename) : dir,
        line: error.range?.start.line ?? 1,
        column: error.range?.start.column ?? 1,
        message: error.message.split('\n')[0] ?? '',
      });
    }
  });
  return findings;
}

await runCli('hcl', async () => {
  const { values } = parseCliArgs({ options: { root: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const root = resolve(values.root ?? repoRoot);
  if (!existsSync(root)) throw new ConfigurationError(`--root ${values.root}: no such directory`);
  const repo = await openRepository(root);
  const fileCount = [...repo.dirs.values()].reduce((n, d) => n + d.files.length, 0);
  const steps: [string, () => Promise<Finding[]>][] = [
    ['parse', () => parseStep(repo)],
    ['fmt', () => fmtStep(repo)],
    // A file HashiCorp's parser rejects is reported once, by the parse step.
    [
      'tflint',
      async () => (await tflintStep(repo)).filter((f) => !(f.check === 'tflint-error' && unparsable.has(f.file))),
    ],
    ['structure', async () => checkStructure(repo).map((f) => ({ step: 'structure' as const, ...f }))],
    [
      'resources',
      async () =>
        (await checkResources(repo, { prefixPairs: prefixPairsFromSchemas(await providerSchemas()) })).map((f) => ({
          step: 'resources' as const,
          ...f,
        })),
    ],
  ];
  let total = 0;
  const unparsable = new Set<string>();
  for (const [name, step] of steps) {
    const all = (await step()).sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
    const findings = all.filter((f) => f.accepted === undefined);
    const accepted = all.filter((f) => f.accepted !== undefined);
    total += findings.length;
    if (name === 'parse') for (const f of findings) unparsable.add(f.file);
    process.stdout.write(
      `${findings.length === 0 ? 'ok  ' : 'FAIL'} ${name} (${findings.length} finding${findings.length === 1 ? '' : 's'}${accepted.length > 0 ? `, ${accepted.length} accepted in the code` : ''})\n`,
    );
    for (const f of findings) process.stdout.write(`  ${f.file}:${f.line}:${f.column}: [${f.check}] ${f.message}\n`);
    for (const f of accepted)
      process.stdout.write(`  accepted ${f.file}:${f.line}:${f.column}: [${f.check}] ${f.accepted ?? ''}\n`);
  }
  process.stdout.write(`hcl: ${fileCount} .tf files in ${repo.dirs.size} directories, ${total} finding(s)\n`);
  return total === 0 ? 0 : 1;
});

/**
 * env-guard end to end: the CLI (`scripts/guard.ts`) on fixtures and on this repository, and
 * the bundled action (esbuild, as `npm run build` makes it) under the runner's file-based
 * contract (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY).
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/build.js';

const exec = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');
const fixtures = join(repo, 'test/fixtures/guard');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function guard(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'scripts/guard.ts', ...args], {
      cwd: repo,
      env: { ...process.env, GITHUB_BASE_REF: '', GITHUB_STEP_SUMMARY: '', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let temp = '';
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'env-guard-int-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

describe('guard CLI on fixtures', () => {
  it('exits 1 on a violation and prints file:line:column with the rule', async () => {
    const { code, stdout, stderr } = await guard(['--root', 'test/fixtures/guard/remote-state']);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain(
      "environments/development/main.tf:5:5: error [remote-state-cross-env] (development) data.terraform_remote_state.prod_network in environments/development reads production's state",
    );
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('FAILED: 4 boundary violation(s)');
  });

  it('prints one JSON document in the documented shape and exits 0 on a clean repository', async () => {
    const { code, stdout } = await guard(['--root', 'test/fixtures/guard/clean', '--format', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      violations: unknown[];
      followups: { id: string; status: string }[];
      environments: { name: string; dirs: string[]; roots: { dir: string; backend: { state: string } }[] }[];
    };
    expect(json.violations).toEqual([]);
    expect(json.environments.map((e) => [e.name, e.dirs, e.roots.map((r) => [r.dir, r.backend.state])])).toEqual([
      [
        'production',
        ['environments/production'],
        [['environments/production', 's3://phenom-tfstate/production/terraform.tfstate']],
      ],
      [
        'development',
        ['environments/development'],
        [['environments/development', 's3://phenom-tfstate/development/terraform.tfstate']],
      ],
    ]);
    expect(Object.keys(json.followups[0] ?? {})).toEqual(['id', 'env', 'status', 'file', 'line', 'message']);
  });

  it('fails on open follow-ups only with --strict', async () => {
    expect((await guard(['--root', 'test/fixtures/guard/followups'])).code).toBe(0);
    const strict = await guard(['--root', 'test/fixtures/guard/followups', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout.trimEnd().split('\n').at(-1)).toBe('FAILED (strict): 4 open follow-up(s)');
  });

  it('prints SARIF 2.1.0 with repository-relative paths', async () => {
    const { code, stdout } = await guard(['--root', 'test/fixtures/guard/path-escape', '--format', 'sarif']);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout) as {
      version: string;
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'test/fixtures/guard/path-escape/environments/production/main.tf',
    );
  });

  it('SARIF: allow-listed findings are suppressed results with the reason, every result has a whole region, rules link to their README section', async () => {
    const withGithub = {
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_SHA: 'abc123',
      GITHUB_ACTION_REPOSITORY: '',
    };
    const { stdout } = await guard(['--root', 'test/fixtures/guard/clean', '--format', 'sarif'], withGithub);
    const run = (
      JSON.parse(stdout) as {
        runs: {
          tool: { driver: { rules: { id: string; helpUri: string }[] } };
          results: {
            ruleId: string;
            suppressions?: { kind: string; justification: string }[];
            locations: { physicalLocation: { region: Record<string, number> } }[];
          }[];
        }[];
      }
    ).runs[0]!;
    expect(run.tool.driver.rules.find((r) => r.id === 'path-escape')?.helpUri).toBe(
      'https://github.example/acme/infra/blob/abc123/actions/env-guard/README.md#path-escape',
    );
    const suppressed = run.results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => [r.ruleId, r.suppressions?.[0]?.kind, r.suppressions?.[0]?.justification])).toEqual([
      ['foreign-identifier', 'external', 'staging was restored from this production snapshot on 2026-06-20'],
    ]);
    for (const result of run.results) {
      const region = result.locations[0]?.physicalLocation.region ?? {};
      expect(region.endLine).toBeGreaterThanOrEqual(region.startLine ?? 0);
      expect(region.endColumn).toBeGreaterThan(0);
    }
    // Outside Actions (this suite also runs in Actions: clear what the runner sets).
    const local = await guard(['--root', 'test/fixtures/guard/clean', '--format', 'sarif'], {
      GITHUB_SERVER_URL: '',
      GITHUB_REPOSITORY: '',
      GITHUB_SHA: '',
      GITHUB_ACTION_REPOSITORY: '',
    });
    expect(local.stdout).toContain(`"helpUri": "file://${repo}/actions/env-guard/README.md#path-escape"`);
  });

  it('--format github writes workflow commands and appends the Markdown report to $GITHUB_STEP_SUMMARY', async () => {
    const summary = join(temp, 'summary.md');
    await writeFile(summary, 'before\n');
    const { code, stdout } = await guard(['--root', 'test/fixtures/guard/backends', '--format', 'github'], {
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(code).toBe(1);
    const commands = stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(commands).toHaveLength(6);
    expect(commands[0]).toBe(
      '::error file=test/fixtures/guard/backends/environments/development/backend.tf,line=5,col=5,title=env-guard shared-backend (development)::environments/development shares its state s3://phenom-tfstate/shared/terraform.tfstate with environments/production (environments/production/backend.tf:2); every root needs its own backend key',
    );
    const md = await readFile(summary, 'utf8');
    expect(md.startsWith('before\n## env-guard: ❌ 5 boundary violations\n')).toBe(true);
    expect(md).toContain('| ❌ error | `missing-backend` | qa | `environments/qa/versions.tf:1:1` |');
  });

  it('annotates the files changed against $GITHUB_BASE_REF first', async () => {
    const work = join(temp, 'git-repo');
    await cp(join(fixtures, 'foreign-identifier'), work, { recursive: true });
    const git = (...args: string[]) =>
      exec('git', ['-C', work, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);
    await git('init', '-q', '-b', 'main');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'base');
    await git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    await git('checkout', '-q', '-b', 'feature');
    await writeFile(
      join(work, 'environments/production/values.yaml'),
      'cluster: phenom-prod-cluster\nreplicaOf: phenom-dev-postgres\nextra: phenom-dev-extra\n',
    );
    await git('commit', '-q', '-am', 'change');
    const { stdout } = await guard(['--root', work, '--format', 'github'], {
      GITHUB_BASE_REF: 'main',
      GITHUB_WORKSPACE: work,
    });
    const errors = stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(10);
    expect(errors.slice(0, 2).map((l) => /file=([^,]+),line=(\d+)/.exec(l)?.slice(1).join(':'))).toEqual([
      'environments/production/values.yaml:2',
      'environments/production/values.yaml:3',
    ]);
  });

  it('exits 2 with one line on stderr when it cannot run', async () => {
    const missing = await guard(['--root', 'no/such/dir']);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([
      2,
      '',
      "guard: root 'no/such/dir' is not a readable directory\n",
    ]);

    const bad = join(temp, 'bad-config');
    await cp(join(fixtures, 'clean'), bad, { recursive: true });
    const text = await readFile(join(bad, 'environments.yaml'), 'utf8');
    const broken = text.replace('      prefixes: [phenom-dev]', '      prefixes: phenom-dev');
    await writeFile(join(bad, 'environments.yaml'), broken);
    const invalid = await guard(['--root', bad]);
    expect([invalid.code, invalid.stdout, invalid.stderr]).toEqual([
      2,
      '',
      `guard: environments.yaml: environments[1].identifiers.prefixes: expected array, got string (line ${broken.split('\n').indexOf('      prefixes: phenom-dev') + 1})\n`,
    ]);

    const flag = await guard(['--format', 'xml']);
    expect([flag.code, flag.stderr]).toEqual([
      2,
      "guard: Invalid --format 'xml'. Expected one of: text, json, sarif, github.\n",
    ]);
    const help = await guard(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: npm run --silent guard -- \[--root DIR\] \[--format text\|json\|sarif\|github\] \[--strict\]/,
    );
    const unknownFlag = await guard(['--nope']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('guard on this repository', () => {
  it('exits 0 and reports the three development snapshot follow-ups as open', async () => {
    const { code, stdout, stderr } = await guard(['--format', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      violations: { severity: string }[];
      followups: { id: string; env: string; status: string; file: string }[];
      allowlisted: { literal: string; env: string; references: { file: string }[] }[];
    };
    expect(json.violations.filter((v) => v.severity === 'error')).toEqual([]);
    const snapshot = json.followups.filter((f) => f.id.startsWith('snapshot-'));
    expect(snapshot.map((f) => [f.id, f.env, f.status])).toEqual([
      ['snapshot-ignore-changes', 'development', 'open'],
      // The restored instance keeps the production snapshot's key, but staging passes its own.
      ['snapshot-kms-key', 'development', 'open'],
      ['snapshot-username-mismatch', 'development', 'open'],
    ]);
    expect(snapshot.map((f) => f.file)).toEqual([
      'modules/rds/main.tf',
      'environments/development/main.tf',
      'environments/development/locals.tf',
    ]);
    expect(json.allowlisted.map((a) => [a.literal, a.env, a.references.map((r) => r.file)])).toEqual([
      ['phenom-prod-postgres-clone-20260620', 'development', ['environments/development/locals.tf']],
    ]);
  });
});

describe('bundled action', () => {
  it('runs from its esbuild bundle under the runner contract', async () => {
    // Inside node_modules/.cache so the bundle's external wasm packages resolve as they do from actions/env-guard/dist.
    const dir = join(repo, 'node_modules/.cache', `env-guard-bundle-${process.pid}`);
    await mkdir(dir, { recursive: true });
    try {
      await bundle({
        entry: join(repo, 'actions/env-guard/src/index.ts'),
        outfile: join(dir, 'index.js'),
        kind: 'action',
      });
      const output = join(temp, 'github-output');
      const summary = join(temp, 'action-summary.md');
      await writeFile(output, '');
      await writeFile(summary, '');
      let code = 0;
      try {
        await exec(process.execPath, [join(dir, 'index.js')], {
          cwd: repo,
          env: {
            ...process.env,
            INPUT_ROOT: 'test/fixtures/guard/path-escape',
            INPUT_STRICT: 'false',
            INPUT_CONFIG: '',
            GITHUB_WORKSPACE: repo,
            GITHUB_OUTPUT: output,
            GITHUB_STEP_SUMMARY: summary,
            RUNNER_TEMP: temp,
            GITHUB_BASE_REF: '',
          },
          maxBuffer: 16 * 1024 * 1024,
        });
      } catch (error) {
        code = (error as { code: number }).code;
      }
      expect(code).toBe(1);
      const outputs = Object.fromEntries(
        [...(await readFile(output, 'utf8')).matchAll(/^(\w+)<<(\S+)\n([\s\S]*?)\n\2$/gm)].map((m) => [m[1], m[3]]),
      );
      expect(outputs).toEqual({
        violations: '7',
        followups: '0',
        report: join(temp, 'env-guard-report.json'),
        sarif: join(temp, 'env-guard.sarif'),
      });
      expect(await readFile(summary, 'utf8')).toContain('## env-guard: ❌ 7 boundary violations');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

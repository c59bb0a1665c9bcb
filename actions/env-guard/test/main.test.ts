import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixtureCopy } from '../../../test/helpers/guard-fixtures.js';

// The runner contract through a mocked @actions/core: inputs in, outputs/annotations/summary/failure out.
const state = vi.hoisted(() => ({
  inputs: {} as Record<string, string>,
  outputs: {} as Record<string, string>,
  failed: [] as string[],
  annotations: [] as { level: string; message: string; properties: Record<string, unknown> }[],
  info: [] as string[],
  /** Makes setOutput throw a TypeError, as a bug would. */
  brokenOutputs: false,
}));

vi.mock('@actions/core', () => {
  const annotate =
    (level: string) =>
    (message: string, properties: Record<string, unknown> = {}) =>
      state.annotations.push({ level, message, properties });
  return {
    getInput: (name: string) => state.inputs[name] ?? '',
    setOutput: (name: string, value: string) => {
      if (state.brokenOutputs) throw new TypeError("Cannot read properties of undefined (reading 'set')");
      state.outputs[name] = value;
    },
    setFailed: (message: string) => state.failed.push(message),
    error: annotate('error'),
    warning: annotate('warning'),
    notice: annotate('notice'),
    info: (message: string) => state.info.push(message),
    debug: () => undefined,
  };
});

const { run } = await import('../src/main.js');

let temp = '';
beforeEach(async () => {
  state.inputs = {};
  state.outputs = {};
  state.failed = [];
  state.annotations = [];
  state.info = [];
  state.brokenOutputs = false;
  temp = await mkdtemp(join(tmpdir(), 'env-guard-action-'));
  vi.stubEnv('RUNNER_TEMP', temp);
  vi.stubEnv('GITHUB_BASE_REF', '');
  vi.stubEnv('GITHUB_STEP_SUMMARY', join(temp, 'summary.md'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(temp, { recursive: true, force: true });
});

async function inWorkspace(fixture: string): Promise<string> {
  const root = await fixtureCopy(fixture);
  vi.stubEnv('GITHUB_WORKSPACE', dirname(root));
  return basename(root);
}

describe('env-guard action', () => {
  it('annotates violations, writes the report, SARIF and summary, sets outputs and fails the step', async () => {
    const rootName = await inWorkspace('remote-state');
    state.inputs = { root: rootName };
    await run();
    expect(state.failed).toEqual(['env-guard: 4 boundary violation(s); see the annotations and the job summary']);
    expect(state.outputs).toEqual({
      violations: '4',
      followups: '0',
      report: join(temp, 'env-guard-report.json'),
      sarif: join(temp, 'env-guard.sarif'),
    });
    const report = JSON.parse(await readFile(state.outputs.report!, 'utf8')) as {
      violations: { rule: string; file: string }[];
    };
    expect(report.violations).toHaveLength(5);
    const sarif = JSON.parse(await readFile(state.outputs.sarif!, 'utf8')) as {
      version: string;
      runs: { results: unknown[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toHaveLength(5);
    expect(state.annotations.map((a) => a.level)).toEqual(['error', 'error', 'error', 'error', 'warning']);
    // Annotation paths are relative to the workspace, not to the guarded root.
    expect(state.annotations[0]?.properties).toEqual({
      file: `${rootName}/environments/development/main.tf`,
      startLine: 5,
      startColumn: 5,
      title: 'env-guard remote-state-cross-env (development)',
    });
    expect(await readFile(join(temp, 'summary.md'), 'utf8')).toContain('## env-guard: ❌ 4 boundary violations');
  });

  it('goes on without a job summary when GITHUB_STEP_SUMMARY is not set, with one warning', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    state.inputs = { root: await inWorkspace('remote-state') };
    await run();
    expect(state.failed).toEqual(['env-guard: 4 boundary violation(s); see the annotations and the job summary']);
    expect(state.outputs.violations).toBe('4');
    expect(state.annotations.filter((a) => a.message.includes('GITHUB_STEP_SUMMARY'))).toEqual([
      { level: 'warning', message: 'GITHUB_STEP_SUMMARY is not set: no job summary written.', properties: {} },
    ]);
  });

  it('passes with open follow-ups, and fails on them when strict', async () => {
    state.inputs = { root: await inWorkspace('followups') };
    await run();
    expect(state.failed).toEqual([]);
    expect(state.outputs.violations).toBe('0');
    expect(state.outputs.followups).toBe('4');
    expect(state.annotations.filter((a) => a.level === 'warning')).toHaveLength(4);

    state.inputs = { ...state.inputs, strict: 'true' };
    state.annotations = [];
    await run();
    expect(state.failed).toEqual(['env-guard: 4 open follow-up(s) in strict mode']);
    expect(state.annotations.filter((a) => a.level === 'error')).toHaveLength(4);
  });

  it('fails with one line on bad inputs or an unreadable root', async () => {
    state.inputs = { root: await inWorkspace('clean'), strict: 'yes' };
    await run();
    expect(state.failed).toEqual(['env-guard: Invalid input \'strict\': \'yes\'. Expected "true" or "false".']);

    state.failed = [];
    state.inputs = { root: 'does-not-exist' };
    await run();
    expect(state.failed).toHaveLength(1);
    expect(state.failed[0]).toMatch(/^env-guard: root '.*does-not-exist' is not a readable directory$/);

    state.failed = [];
    state.inputs = { root: await inWorkspace('clean'), config: 'nowhere.yaml' };
    await run();
    expect(state.failed[0]).toMatch(/^env-guard: .*nowhere\.yaml: not found \(named by input 'config'\)$/);
    expect(state.outputs).toEqual({});
  });

  it('fails with one line saying it is a bug on an unexpected error, the stack trace in the step log', async () => {
    state.inputs = { root: await inWorkspace('clean') };
    state.brokenOutputs = true;
    await run();
    expect(state.failed).toEqual([
      "env-guard: internal error (a bug, please report it): Cannot read properties of undefined (reading 'set') (stack trace in the step log above)",
    ]);
    expect(state.info.at(-1)).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'set'\)\n {4}at /);
  });
});

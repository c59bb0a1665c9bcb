import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { parsePlan, summarizePlan } from '../../../src/plan/index.js';
import { fixturePath } from '../../../test/helpers/plan-fixtures.js';
import { INPUTS, OUTPUTS, PLAN_LABELS } from '../src/constants.js';
import { actionDir as actionDirOf, usageTables, withTables } from '../../../io/readme-tables.js';

const actionDir = actionDirOf('tf-plan-comment');
import { getInputs } from '../src/inputs.js';
import { planLabels } from '../src/main.js';

const actionYml = readFileSync(join(actionDir, 'action.yml'), 'utf8');
const action = parse(actionYml) as {
  runs: { using: string; main: string };
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};

describe('action.yml', () => {
  it('is a node24 JavaScript action running the bundle', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the input and output names of src/constants.ts', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(INPUTS).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(OUTPUTS).sort());
  });

  it('README tables are current (regenerate: npx tsx io/readme-tables.ts)', () => {
    const readme = readFileSync(join(actionDir, 'README.md'), 'utf8');
    expect(withTables(readme, usageTables(actionYml))).toBe(readme);
    expect(readme).toContain('terraform_wrapper: false');
  });

  it('has a tiny entry that only calls run()', () => {
    const entry = readFileSync(join(actionDir, 'src/index.ts'), 'utf8').trim();
    // run() reports every failure itself (core.setFailed); the bundle is CommonJS, so no top-level await.
    expect(entry).toBe("import { run } from './main.js';\n\nvoid run();");
  });
});

describe('getInputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-plan-comment-inputs-'));
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const stub = (inputs: Record<string, string>, env: Record<string, string> = {}) => {
    for (const [name, value] of Object.entries({
      plans: 'production=plans/p.json',
      'github-token': 'test-token',
      mode: '',
      header: '',
      masks: '',
      labels: 'false',
      'max-chars': '',
      'comment-author': '',
      'pull-request-number': '',
      'routine-replacements': 'default',
      ...inputs,
    })) {
      vi.stubEnv(`INPUT_${name.toUpperCase()}`, value);
    }
    for (const [name, value] of Object.entries({ GITHUB_REPOSITORY: 'phenom/infra', GITHUB_EVENT_PATH: '', ...env }))
      vi.stubEnv(name, value);
  };

  it('reads defaults, the repository and the pull request of the event', () => {
    const event = join(dir, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 12, head: { sha: 'abc1234def' } } }));
    stub(
      { plans: 'production=plans/p.json\n\n development = plans/d.json ' },
      { GITHUB_EVENT_PATH: event, GITHUB_RUN_ID: '9', GITHUB_SERVER_URL: 'https://github.example' },
    );
    const inputs = getInputs();
    expect(inputs).toMatchObject({
      plans: [
        { name: 'production', file: 'plans/p.json' },
        { name: 'development', file: 'plans/d.json' },
      ],
      mode: 'both',
      header: 'Terraform plan',
      headerId: 'terraform-plan',
      labels: false,
      maxChars: 65536,
      pullRequest: 12,
      owner: 'phenom',
      repo: 'infra',
      headSha: 'abc1234def',
      runUrl: 'https://github.example/phenom/infra/actions/runs/9',
    });
  });

  it('takes the pull request of an issue_comment event or the explicit input', () => {
    const event = join(dir, 'comment-event.json');
    writeFileSync(event, JSON.stringify({ issue: { number: 33, pull_request: { url: 'x' } } }));
    stub({}, { GITHUB_EVENT_PATH: event });
    expect(getInputs().pullRequest).toBe(33);
    stub({ 'pull-request-number': '44' }, { GITHUB_EVENT_PATH: event });
    expect(getInputs().pullRequest).toBe(44);
  });

  it.each([
    [{ mode: 'post' }, "Invalid input 'mode': 'post'. Expected one of: comment, summary, both."],
    [{ 'max-chars': '70000' }, "Invalid input 'max-chars': '70000'. Expected a whole number from 500 to 65536."],
    [{ masks: '[unclosed' }, "Invalid regex '[unclosed' in input 'masks'"],
    [{ plans: 'a=x.json\na=y.json' }, "Root name 'a' is given twice in input 'plans'"],
    [{ plans: 'just-a-file.json' }, "Invalid input 'plans' 'just-a-file.json'. Expected NAME=FILE"],
    [{ 'github-token': '' }, "Input 'github-token' is empty."],
    [{ 'pull-request-number': 'abc' }, "Invalid input 'pull-request-number': 'abc'."],
    [{ labels: 'yes' }, 'Invalid input \'labels\': \'yes\'. Expected "true" or "false".'],
    [
      { 'routine-replacements': 'aws_ecs_task_definition\naws ecs!' },
      "Invalid input 'routine-replacements' entry 'ecs!'.",
    ],
  ])('rejects %j with a one-line message', (inputs, message) => {
    stub(inputs);
    expect(() => getInputs()).toThrow(message);
  });

  it('rejects an unreadable event payload naming it', () => {
    stub({}, { GITHUB_EVENT_PATH: join(dir, 'missing.json') });
    expect(() => getInputs()).toThrow(/^GITHUB_EVENT_PATH '.*missing\.json': cannot read the event payload/);
  });

  it('routine-replacements: the default list, additions, or none', () => {
    stub({});
    expect(getInputs().routineReplacements).toContain('aws_ecs_task_definition');
    stub({ 'routine-replacements': 'default\naws_my_revisioned_*' });
    expect(getInputs().routineReplacements).toEqual(
      expect.arrayContaining(['aws_lambda_layer_version', 'aws_my_revisioned_*']),
    );
    stub({ 'routine-replacements': 'none' });
    expect(getInputs().routineReplacements).toEqual([]);
  });

  it('masks: one regex per line', () => {
    stub({ masks: 'secret-\\d+\n\nphenom-prod' });
    expect(getInputs().redactor.redact('a secret-42 in phenom-prod')).toBe('a *** in ***');
  });
});

describe('planLabels', () => {
  const summary = (name: string) => summarizePlan(name, parsePlan(readFileSync(fixturePath(name), 'utf8'), name));

  it('destroy wins over changes; no changes only when nothing changes; errored is added', () => {
    expect(
      planLabels([
        summary('terraform-plan-comment/basic-2-delete.json'),
        summary('opentofu/show-json-basic-create.json'),
      ]),
    ).toEqual([PLAN_LABELS.destroy]);
    expect(planLabels([summary('opentofu/show-json-basic-create.json')])).toEqual([PLAN_LABELS.changes]);
    expect(
      planLabels([
        summary('terraform-plan-comment/basic-4-empty.json'),
        summary('opentofu/show-json-basic-update-noop.json'),
      ]),
    ).toEqual([PLAN_LABELS.noChanges]);
    expect(planLabels([summary('terraform-plan-comment/basic-4-empty.json')])).toEqual([PLAN_LABELS.noChanges]);
    expect(planLabels([summary('synthetic/errored.json')])).toEqual([PLAN_LABELS.errored, PLAN_LABELS.changes]);
  });
});

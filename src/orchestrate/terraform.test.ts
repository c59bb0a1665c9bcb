import { describe, expect, it } from 'vitest';
import {
  applyStep,
  classifyStep,
  digestsMatch,
  driftSteps,
  planSteps,
  rootFiles,
  type TerraformStep,
} from './terraform.js';

const files = rootFiles('/out', 'production');
const options = { lockTimeout: '5m' };
const step = (id: TerraformStep['id'], args: string[] = [id]): TerraformStep => ({ id, args });

describe('command sequences', () => {
  it('plan: fmt, init, validate, plan -out, show -json into plan.json', () => {
    expect(planSteps(files, options)).toEqual([
      { id: 'fmt', args: ['fmt', '-check', '-recursive'] },
      { id: 'init', args: ['init', '-input=false', '-no-color'] },
      { id: 'validate', args: ['validate', '-no-color'] },
      {
        id: 'plan',
        args: ['plan', '-input=false', '-no-color', '-lock-timeout=5m', '-out=/out/production/plan.tfplan'],
      },
      { id: 'show', args: ['show', '-json', '/out/production/plan.tfplan'], stdoutFile: '/out/production/plan.json' },
    ]);
  });

  it('drift plans with -detailed-exitcode; apply applies the saved plan file', () => {
    expect(driftSteps(files, options).before[1]?.args).toEqual([
      'plan',
      '-input=false',
      '-no-color',
      '-lock-timeout=5m',
      '-detailed-exitcode',
      '-out=/out/production/plan.tfplan',
    ]);
    expect(applyStep(files, options).args).toEqual([
      'apply',
      '-input=false',
      '-no-color',
      '-lock-timeout=5m',
      '/out/production/plan.tfplan',
    ]);
  });
});

describe('classifyStep', () => {
  const detailedPlan = driftSteps(files, options).before[1]!;

  it('reads -detailed-exitcode: 0 no changes, 2 changes, 1 error', () => {
    expect(classifyStep({ step: detailedPlan, exitCode: 0, output: '' }, '5m')).toEqual({ ok: true, changes: false });
    expect(classifyStep({ step: detailedPlan, exitCode: 2, output: 'Plan: 1 to add' }, '5m')).toEqual({
      ok: true,
      changes: true,
    });
    expect(
      classifyStep({ step: detailedPlan, exitCode: 1, output: '╷\n│ Error: Invalid reference\n│ more\n' }, '5m'),
    ).toEqual({ ok: false, message: 'terraform plan exited with 1: Error: Invalid reference' });
  });

  it('exit 2 without -detailed-exitcode is an error', () => {
    expect(classifyStep({ step: step('plan'), exitCode: 2, output: '' }, '5m').ok).toBe(false);
  });

  it('a crash is an error even when the exit code reads as "changes"', () => {
    expect(
      classifyStep(
        { step: detailedPlan, exitCode: 2, output: 'panic: runtime error: index out of range\ngoroutine 1' },
        '5m',
      ),
    ).toEqual({
      ok: false,
      message: 'terraform plan crashed (exit 2); the crash log is in plan.log',
    });
  });

  it('names the lock timeout when the state lock is held', () => {
    expect(
      classifyStep({ step: detailedPlan, exitCode: 1, output: 'Error: Error acquiring the state lock\n' }, '90s'),
    ).toEqual({
      ok: false,
      message: 'terraform plan: state lock not acquired within -lock-timeout=90s (another run holds it)',
    });
  });

  it('lists unformatted files from fmt -check', () => {
    expect(classifyStep({ step: step('fmt'), exitCode: 3, output: 'main.tf\nmodules/x.tf\n' }, '5m')).toEqual({
      ok: false,
      message: 'terraform fmt -check: not formatted: main.tf, modules/x.tf (fix: terraform fmt -recursive)',
    });
  });

  it('reports a process killed by a signal', () => {
    expect(classifyStep({ step: step('init'), exitCode: null, signal: 'SIGKILL', output: '' }, '5m')).toEqual({
      ok: false,
      message: 'terraform init was killed (SIGKILL)',
    });
  });
});

describe('digestsMatch', () => {
  it('ignores case and a sha256: prefix, nothing else', () => {
    expect(digestsMatch('sha256:ABCDEF', 'abcdef')).toBe(true);
    expect(digestsMatch('abcdef', 'abcdee')).toBe(false);
  });
});

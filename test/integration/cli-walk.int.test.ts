/**
 * Every CLI entry point, walked the way a user mistypes it: `--help`, an unknown flag and an
 * empty value for each flag that takes one. The list is generated, so a new CLI cannot be left
 * out: every `tsx scripts/….ts` (or `node scripts/cli.mjs scripts/….ts`, its bundle) of package.json's scripts, every other `scripts/*.ts` (each is an
 * entry point, docs/architecture.md), each command of `infra`'s command table and of
 * `plan-comment`. The flags that take a value come from the usage each CLI prints.
 *
 *   --help                         exit 0, the usage on stdout, nothing on stderr
 *   --no-such-flag / --FLAG ''     exit 2 (the documented "could not run"), exactly one line on
 *                                  stderr, naming the flag
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapPool } from '../../src/lib/pool.js';
import { COMMANDS as INFRA_COMMANDS } from '../../scripts/infra.js';
import { COMMANDS as PLAN_COMMENT_COMMANDS } from '../../scripts/plan-comment.js';
import { projectRoot, runScript, type ScriptRun } from '../helpers/run-script.js';

interface EntryPoint {
  /** How a user runs it: `npm run infra -- plan`, `npx tsx scripts/module-docs.ts`. */
  name: string;
  script: string;
  /** Arguments before the flags (a subcommand). */
  command: string[];
  /** The usage to read the value-taking flags from; default: what `--help` prints. */
  usage?: string;
}

function entryPoints(): EntryPoint[] {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const byScript = new Map<string, string>();
  for (const [name, line] of Object.entries(pkg.scripts)) {
    for (const match of line.matchAll(/\b(?:tsx|scripts\/cli\.mjs) (scripts\/[\w/.-]+\.ts)\b/g))
      byScript.set(match[1]!, name);
  }
  for (const file of readdirSync(join(projectRoot, 'scripts'))) {
    if (file.endsWith('.ts') && !file.endsWith('.test.ts') && !byScript.has(`scripts/${file}`))
      byScript.set(`scripts/${file}`, '');
  }
  const out: EntryPoint[] = [];
  for (const [script, npmName] of [...byScript].sort()) {
    const name = npmName
      ? npmName === 'start' || npmName === 'test'
        ? `npm ${npmName}`
        : `npm run ${npmName}`
      : `npx tsx ${script}`;
    if (script === 'scripts/infra.ts') {
      for (const [command, { usage }] of Object.entries(INFRA_COMMANDS))
        out.push({ name: `${name} -- ${command}`, script, command: [command], usage });
    } else if (script === 'scripts/plan-comment.ts') {
      for (const command of PLAN_COMMENT_COMMANDS)
        out.push({ name: `${name} -- ${command}`, script, command: [command] });
    } else out.push({ name, script, command: [] });
  }
  return out;
}

type Run = ScriptRun;

const run = (script: string, args: string[]): Promise<Run> =>
  runScript(script, args, { env: { DEBUG: '', FORCE_COLOR: '', NO_COLOR: '1' } });

/** The flags a usage text shows with a value: `--root DIR`, `--format text|json`, `--plan NAME=FILE`. */
function valueFlags(usage: string): string[] {
  const flags = new Set<string>();
  for (const match of usage.matchAll(
    /(?<![\w-])--([a-z][a-z-]*)[ =](?:[A-Z][A-Z0-9_]*(?:=[A-Z]+)?|[a-z]+(?:\|[a-z]+)+)\b/g,
  ))
    flags.add(match[1]!);
  return [...flags].sort();
}

const ENTRY_POINTS = entryPoints();

function expectOneLine(result: Run, what: string, flag: string): void {
  expect(result.code, `${what}: ${result.stderr}`).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, `${what}: ${result.stderr}`).toHaveLength(1);
  expect(lines[0], what).toContain(flag);
}

describe('the CLI walk', () => {
  it('finds every entry point: the npm scripts, the other scripts/*.ts, every infra and plan-comment command', () => {
    const names = ENTRY_POINTS.map((e) => e.name);
    for (const expected of [
      'npm start',
      'npm test',
      'npm run guard',
      'npm run verify',
      'npm run bench',
      'npm run workflows',
      'npm run infra -- plan',
      'npm run infra -- review-run',
      'npm run plan-comment -- redact',
      'npx tsx scripts/module-docs.ts',
    ])
      expect(names).toContain(expected);
    expect(names.filter((n) => n.startsWith('npm run infra -- '))).toHaveLength(Object.keys(INFRA_COMMANDS).length);
  });

  it('reads the value-taking flags from a usage', () => {
    expect(valueFlags('x [--root DIR …] [--format text|json] [--plan NAME=FILE] [--strict] [-- --base REF]')).toEqual([
      'base',
      'format',
      'plan',
      'root',
    ]);
  });

  it.each(ENTRY_POINTS.map((e) => [e.name, e] as const))(
    '%s: --help, an unknown flag and every empty value',
    async (_name, entry) => {
      const help = await run(entry.script, [...entry.command, '--help']);
      expect(help.stderr, `${entry.name} --help`).toBe('');
      expect(help.code, `${entry.name} --help`).toBe(0);
      expect(help.stdout, `${entry.name} --help`).toMatch(/^Usage: /);
      // The exit code of a bad flag is documented where --help lists the exit codes.
      expect(help.stdout, `${entry.name} --help documents exit 2`).toMatch(
        /\b2\b[^\n]*(could not run|error|invalid|bad)/i,
      );

      const flags = valueFlags(entry.usage ?? help.stdout);
      const runs = await mapPool(
        [
          { what: '--no-such-flag', flag: '--no-such-flag', args: ['--no-such-flag'] },
          ...flags.map((flag) => ({ what: `--${flag} ''`, flag: `--${flag}`, args: [`--${flag}`, ''] })),
        ],
        3,
        async (c) => ({ ...c, result: await run(entry.script, [...entry.command, ...c.args]) }),
      );
      for (const { what, flag, result } of runs) expectOneLine(result, `${entry.name} ${what}`, flag);
    },
    120_000,
  );
});

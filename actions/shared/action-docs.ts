/**
 * The input/output tables of each action's README, generated from its action.yml (the source
 * of truth). Each action's tests fail when its README is stale; regenerate both with:
 *
 *   npx tsx actions/shared/action-docs.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const actionSchema = z.object({
  inputs: z.record(
    z.string(),
    z.object({ description: z.string(), required: z.boolean().optional(), default: z.string().optional() }),
  ),
  outputs: z.record(z.string(), z.object({ description: z.string() })),
});

const cell = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');

export function usageTables(actionYml: string): string {
  const action = actionSchema.parse(parse(actionYml));
  const inputs = Object.entries(action.inputs).map(
    ([name, input]) =>
      `| \`${name}\` | ${input.required ? 'yes' : 'no'} | ${input.default ? `\`${cell(input.default)}\`` : ''} | ${cell(input.description)} |`,
  );
  const outputs = Object.entries(action.outputs).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`,
  );
  return [
    '| input | required | default | description |',
    '|---|---|---|---|',
    ...inputs,
    '',
    '| output | description |',
    '|---|---|',
    ...outputs,
  ].join('\n');
}

const START = '<!-- usage-tables:start (generated from action.yml by actions/shared/action-docs.ts) -->';
const END = '<!-- usage-tables:end -->';

export function withTables(readme: string, tables: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md lacks the markers ${START} … ${END}`);
  return `${readme.slice(0, start + START.length)}\n${tables}\n${readme.slice(end)}`;
}

/** Directory of an action of this repository (`env-guard`, `tf-plan-comment`). */
export const actionDir = (name: string) => join(import.meta.dirname, '..', name);

export const ACTIONS = ['env-guard', 'tf-plan-comment'] as const;

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  for (const name of ACTIONS) {
    const readmePath = join(actionDir(name), 'README.md');
    writeFileSync(
      readmePath,
      withTables(
        readFileSync(readmePath, 'utf8'),
        usageTables(readFileSync(join(actionDir(name), 'action.yml'), 'utf8')),
      ),
    );
    process.stdout.write(`updated ${readmePath}\n`);
  }
}

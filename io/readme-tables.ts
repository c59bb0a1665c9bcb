/**
 * The generated parts of the READMEs: each action's input/output tables from its action.yml,
 * and env-guard's rule tables and sections from the rule registry (in the action README and
 * the main README). Tests fail when a README is stale; regenerate all of them with:
 *
 *   npx tsx io/readme-tables.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../src/lib/errors.js';
import { parseYamlConfig } from '../src/lib/yaml-config.js';
import { ACTION_README, renderRuleReference, renderRuleTables } from '../src/render/guard/rule-docs.js';
import { cellCode, markdownCell } from '../src/render/markdown-text.js';

const actionSchema = z.object({
  inputs: z.record(
    z.string(),
    z.object({ description: z.string(), required: z.boolean().optional(), default: z.string().optional() }),
  ),
  outputs: z.record(z.string(), z.object({ description: z.string() })),
});

export function usageTables(actionYml: string): string {
  const action = parseYamlConfig(actionSchema, actionYml, 'action.yml').value;
  const inputs = Object.entries(action.inputs).map(
    ([name, input]) =>
      `| \`${name}\` | ${input.required ? 'yes' : 'no'} | ${input.default ? cellCode(input.default) : ''} | ${markdownCell(input.description)} |`,
  );
  const outputs = Object.entries(action.outputs).map(
    ([name, output]) => `| \`${name}\` | ${markdownCell(output.description)} |`,
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

const START = '<!-- usage-tables:start (generated from action.yml by io/readme-tables.ts) -->';
const END = '<!-- usage-tables:end -->';

/** Replaces what lies between the `start` and `end` marker lines of a README. */
function between(readme: string, start: string, end: string, content: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to < from) throw new UserError(`README.md lacks the markers ${start} … ${end}`);
  return `${readme.slice(0, from + start.length)}\n${content}\n${readme.slice(to)}`;
}

export function withTables(readme: string, tables: string): string {
  return between(readme, START, END, tables);
}

const RULES_START = '<!-- guard-rules:start (generated from src/guard/rules/registry.ts by io/readme-tables.ts) -->';
const RULES_END = '<!-- guard-rules:end -->';

/** The action README with its rule reference (tables and one section per rule) regenerated. */
export function withRuleReference(readme: string): string {
  return between(readme, RULES_START, RULES_END, renderRuleReference());
}

/** The main README with its rule table (linking into the action README) regenerated. */
export function withRuleTables(readme: string): string {
  return between(readme, RULES_START, RULES_END, renderRuleTables(ACTION_README));
}

/** Directory of an action of this repository (`env-guard`, `tf-plan-comment`). */
export const actionDir = (name: string) => join(import.meta.dirname, '..', 'actions', name);

export const ACTIONS = ['env-guard', 'tf-plan-comment'] as const;

/** The main README. */
export const mainReadme = join(import.meta.dirname, '..', 'README.md');

function update(path: string, generate: (text: string) => string): void {
  writeFileSync(path, generate(readFileSync(path, 'utf8')));
  process.stdout.write(`updated ${path}\n`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  for (const name of ACTIONS) {
    const tables = usageTables(readFileSync(join(actionDir(name), 'action.yml'), 'utf8'));
    update(join(actionDir(name), 'README.md'), (readme) =>
      name === 'env-guard' ? withRuleReference(withTables(readme, tables)) : withTables(readme, tables),
    );
  }
  update(mainReadme, withRuleTables);
}

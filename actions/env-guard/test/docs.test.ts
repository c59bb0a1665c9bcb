import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { GUARD_RULE_IDS, ruleAnchor } from '../../../src/guard/index.js';
import { headingAnchor } from '../../../src/render/guard/rule-docs.js';
import { mainReadme, usageTables, withRuleReference, withRuleTables, withTables } from '../../../io/readme-tables.js';
import { INPUTS, OUTPUTS } from '../src/constants.js';

const dir = join(import.meta.dirname, '..');
const ActionYml = z.object({
  runs: z.object({ using: z.literal('node24'), main: z.literal('dist/index.js') }),
  inputs: z.record(z.string(), z.object({ description: z.string(), default: z.string().optional() })),
  outputs: z.record(z.string(), z.object({ description: z.string() })),
});

describe('action.yml', () => {
  it('declares exactly the inputs and outputs the code reads and writes', async () => {
    const action = ActionYml.parse(parse(await readFile(join(dir, 'action.yml'), 'utf8')));
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(INPUTS).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(OUTPUTS).sort());
  });

  it('is documented in the README (the generated tables match action.yml; regenerate: npx tsx io/readme-tables.ts)', async () => {
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(withTables(readme, usageTables(await readFile(join(dir, 'action.yml'), 'utf8')))).toBe(readme);
  });
});

describe('rule documentation (generated from src/guard/rules/registry.ts; regenerate: npx tsx io/readme-tables.ts)', () => {
  it('the action README has the current rule tables and one section per rule, at the anchor SARIF and the tables link to', async () => {
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(withRuleReference(readme)).toBe(readme);
    const anchors = [...readme.matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingAnchor(m[1] ?? ''));
    for (const id of GUARD_RULE_IDS) expect(anchors).toContain(ruleAnchor(id));
  });

  it('the main README has the current rule table', async () => {
    const readme = await readFile(mainReadme, 'utf8');
    expect(withRuleTables(readme)).toBe(readme);
    for (const id of GUARD_RULE_IDS) expect(readme).toContain(`(actions/env-guard/README.md#${ruleAnchor(id)})`);
  });
});

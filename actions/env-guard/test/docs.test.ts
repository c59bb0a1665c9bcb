import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { Inputs, Outputs } from '../src/constants.js';

const dir = join(import.meta.dirname, '..');
const ActionYml = z.object({
  runs: z.object({ using: z.literal('node20'), main: z.literal('dist/index.js') }),
  inputs: z.record(z.string(), z.object({ description: z.string(), default: z.string().optional() })),
  outputs: z.record(z.string(), z.object({ description: z.string() })),
});

/** The Inputs/Outputs tables of the README, as generated from action.yml. */
function ioTables(action: z.infer<typeof ActionYml>): string {
  return [
    '## Inputs',
    '',
    '| name | default | description |',
    '|---|---|---|',
    ...Object.entries(action.inputs).map(([name, i]) => `| \`${name}\` | \`${i.default ?? ''}\` | ${i.description} |`),
    '',
    '## Outputs',
    '',
    '| name | description |',
    '|---|---|',
    ...Object.entries(action.outputs).map(([name, o]) => `| \`${name}\` | ${o.description} |`),
  ].join('\n');
}

describe('action.yml', () => {
  it('declares exactly the inputs and outputs the code reads and writes', async () => {
    const action = ActionYml.parse(parse(await readFile(join(dir, 'action.yml'), 'utf8')));
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort());
  });

  it('is documented in the README (tables between the action-io markers match action.yml)', async () => {
    const action = ActionYml.parse(parse(await readFile(join(dir, 'action.yml'), 'utf8')));
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    const block = /<!-- action-io:start -->\n([\s\S]*?)\n<!-- action-io:end -->/.exec(readme)?.[1];
    expect(block).toBe(ioTables(action));
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { usageTables, withTables } from '../../shared/action-docs.js';
import { Inputs, Outputs } from '../src/constants.js';

const dir = join(import.meta.dirname, '..');
const ActionYml = z.object({
  runs: z.object({ using: z.literal('node20'), main: z.literal('dist/index.js') }),
  inputs: z.record(z.string(), z.object({ description: z.string(), default: z.string().optional() })),
  outputs: z.record(z.string(), z.object({ description: z.string() })),
});

describe('action.yml', () => {
  it('declares exactly the inputs and outputs the code reads and writes', async () => {
    const action = ActionYml.parse(parse(await readFile(join(dir, 'action.yml'), 'utf8')));
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort());
  });

  it('is documented in the README (the generated tables match action.yml; regenerate: npx tsx actions/shared/action-docs.ts)', async () => {
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(withTables(readme, usageTables(await readFile(join(dir, 'action.yml'), 'utf8')))).toBe(readme);
  });
});

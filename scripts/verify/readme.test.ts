import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP } from './cli.js';
import { ENVIRONMENT_CHECKS, EXPECTATIONS } from './expectations.js';
import { planChecks } from './plan.js';
import { healthyApi, production } from './test-helpers.js';

describe('scripts/verify/README.md stays current', () => {
  it('documents every check the suite plans and every flag of --help', async () => {
    const readme = await readFile(join(import.meta.dirname, 'README.md'), 'utf8');
    const ids = new Set(
      planChecks({
        outputs: production,
        aws: healthyApi(),
        expectations: EXPECTATIONS,
        required: new Set(ENVIRONMENT_CHECKS),
        today: new Date(),
      }).map((c) => c.id),
    );
    for (const id of ids) expect(readme, id).toContain(`| \`${id}\` |`);
    const flags = [...HELP.matchAll(/^ {2}(--[a-z]+)/gm)].map((m) => m[1]!);
    expect(flags).toEqual([
      '--root',
      '--outputs',
      '--endpoint',
      '--junit',
      '--wait',
      '--environment',
      '--environments',
    ]);
    for (const flag of flags) expect(readme, flag).toContain(`| \`${flag} `);
  });
});

/**
 * Captures the golden outputs of the plan renderer (test/fixtures/plan-render/) that
 * src/render/plan/test/golden.test.ts compares byte for byte. Run it ONLY on a revision whose
 * output is the reference — before a change that must not alter the output — never to make a
 * failing comparison pass:
 *
 *   git stash -u   # or check out the reference revision in a worktree
 *   npx tsx test/helpers/capture-plan-render.ts
 *
 * It refuses to run when src/ has uncommitted changes, and records the revision it ran on in
 * test/fixtures/plan-render/REVISION. Inputs: every plan fixture (test/fixtures/plans/**, the
 * repository's copies of the shared fixtures and its own), the example plans, all fixtures as
 * roots of one report, and the generated large plans of the benchmark.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GOLDEN_DIR, goldenInputs } from './plan-render-inputs.js';

const root = resolve(import.meta.dirname, '../..');
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const dirty = git('status', '--porcelain', '--', 'src');
if (dirty) {
  process.stderr.write(
    `capture-plan-render: src/ has uncommitted changes; capture from a committed revision.\n${dirty}\n`,
  );
  process.exit(2);
}
const revision = git('rev-parse', 'HEAD');

rmSync(GOLDEN_DIR, { recursive: true, force: true });
let count = 0;
for (const input of goldenInputs()) {
  const file = join(GOLDEN_DIR, `${input.id}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(input.outputs(), null, 1)}\n`);
  count += 1;
  process.stderr.write(`captured ${input.id}\n`);
}
writeFileSync(join(GOLDEN_DIR, 'REVISION'), `${revision}\n${git('log', '-1', '--format=%s', revision)}\n`);
process.stderr.write(`capture-plan-render: ${count} inputs from ${revision}\n`);

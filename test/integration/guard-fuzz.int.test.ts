/**
 * Fuzz corpus of configuration files for env-guard: a few hundred mutations of `.tf` and
 * `.tf.json` texts (truncations, stray brackets and quotes, NUL bytes, escapes, heredoc markers,
 * RE2 patterns, text nested thousands of levels deep), generated here from a fixed seed (the
 * same corpus on every run). Every case goes through the whole guard in-process (a report, never
 * an exception, within a few seconds each); a sample — the deeply nested cases among them —
 * through `scripts/guard.ts` as a process: exit 0, 1 or 2 with no stack trace, never a crash
 * (70, a signal, or the wasm runtime's own exit).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/tools.js';
import { guardExitCode } from '../../src/guard/index.js';
import { BASE_FILES, GUARD_CONFIG, guardMemory } from '../helpers/guard-memory.js';
import { writeTree } from '../helpers/write-tree.js';
import { random } from '../helpers/random.js';

const CASES = 300;
const PROCESS_SAMPLE = 12;
/** Per case, in-process; the whole corpus runs in well under a minute. */
const MAX_CASE_MS = 3_000;

const dir = mkdtempSync(join(tmpdir(), 'guard-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const next = random(0x6e61);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const int = (max: number) => Math.floor(next() * max);

const HCL_BASES = [
  `terraform {\n  backend "s3" {\n    bucket = "phenom-tfstate"\n    key    = "development/x.tfstate"\n  }\n}\n`,
  `locals {\n  name = "phenom-\\u0070rod-\${var.env}"\n  m    = { a = [1, 2, { b = "c" }], d = <<-EOT\n    text \${local.x} $\${y}\n  EOT\n  }\n}\n`,
  `data "terraform_remote_state" "p" {\n  backend = "s3"\n  config = {\n    bucket = "phenom-tfstate"\n    key    = replace("development/x", "/(?P<e>dev)elopment/", "\${e}")\n  }\n}\n`,
  `module "m" {\n  source = "../../modules/m"\n  file   = file("\${path.module}/../production/policy.json")\n}\nresource "terraform_data" "x" {\n  provisioner "local-exec" {\n    command = "echo %{ if true }yes%{ endif }"\n  }\n}\n`,
  `variable "v" {\n  type    = map(object({ a = string }))\n  default = { k = { a = trimsuffix("phenom-prod-postgres-clone-20260620", "-clone-20260620") } }\n}\n`,
];
const JSON_BASES = [
  `{\n  "//": "generated",\n  "locals": { "a": "\${file(\\"../production/policy.json\\")}", "b": ["x", { "c": "phenom\\u002dprod" }] },\n  "resource": { "aws_s3_bucket": { "b": { "bucket": "\${local.a}", "lifecycle": { "ignore_changes": ["tags"] } } } }\n}\n`,
  `{ "data": { "terraform_remote_state": { "p": { "backend": "s3", "config": { "bucket": "phenom-tfstate", "key": "production/terraform.tfstate" } } } }, "module": { "m": { "source": "../production" } } }\n`,
  `{ "terraform": { "backend": { "s3": { "key": "\${var.x}" } } }, "variable": { "x": { "default": "y" } }, "provisioner": [] }\n`,
];

const INSERTS = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  '${',
  '%{',
  '}"',
  '\\',
  '\\u',
  '\\U0011FFFF',
  '\u0000',
  '\ud800',
  '\uFEFF',
  '<<EOT\n',
  '\nEOT\n',
  '/*',
  '*/',
  '#',
  ',',
  ':',
  '=',
  '$${',
  '/(?P<x>/',
  '"/(a+)+$/"',
  '\r\n',
];

const deepText = (json: boolean): string => {
  const levels = 5_000 + int(5_000);
  if (json)
    return next() < 0.5
      ? `${'['.repeat(levels)}1${']'.repeat(levels)}`
      : `${'{"k":'.repeat(levels)}1${'}'.repeat(levels)}`;
  return pick([
    () => `${'['.repeat(levels)}1${']'.repeat(levels)}`,
    () => `${'('.repeat(levels)}1${')'.repeat(levels)}`,
    () => `"${'${"'.repeat(levels)}x${'"}'.repeat(levels)}"`,
    () => `${'{ a = '.repeat(levels)}1${' }'.repeat(levels)}`,
    () => `"${'%{ if true }'.repeat(levels)}x${'%{ endif }'.repeat(levels)}"`,
  ])();
};

interface Case {
  path: string;
  text: string;
  deep: boolean;
}

/** Text nested thousands of levels deep spliced into an intact base (so it is nesting, not the inside of a broken string). */
function nest(base: string, json: boolean): string {
  if (json) return base.replace(/^\{/, `{ "locals": { "deep": ${deepText(true)} },`);
  return `${base}\nlocals {\n  deep = ${deepText(false)}\n}\n`;
}

function mutate(base: string, json: boolean): { text: string; deep: boolean } {
  if (next() < 0.15) return { text: nest(base, json), deep: true };
  let text = base;
  const rounds = 1 + int(3);
  for (let round = 0; round < rounds; round += 1) {
    const at = int(text.length + 1);
    switch (int(7)) {
      case 0:
        text = text.slice(0, at);
        break;
      case 1:
      case 2:
        text = `${text.slice(0, at)}${pick(INSERTS)}${text.slice(at)}`;
        break;
      case 3:
        text = `${text.slice(0, at)}${text.slice(Math.max(0, at - 80), at)}${text.slice(at)}`;
        break;
      case 4:
        text = `${text.slice(0, at)}${'x'.repeat(10_000 + int(50_000))}${text.slice(at)}`;
        break;
      case 5:
        // Deep text after other damage: wherever it lands, the run must survive it.
        text = `${text.slice(0, at)}${deepText(json)}${text.slice(at)}`;
        break;
      default:
        text = `${pick(['\uFEFF', '\u0000', '', '   \n'])}${text.replace(/\n/g, pick(['\n', '\r\n', '\n\n']))}`;
    }
  }
  return { text, deep: false };
}

const corpus: Case[] = Array.from({ length: CASES }, (_, i) => {
  const json = next() < 0.35;
  const { text, deep } = mutate(pick(json ? JSON_BASES : HCL_BASES), json);
  const name = json
    ? pick(['fuzz.tf.json', 'fuzz_override.tf.json', 'terraform.tfvars.json'])
    : pick(['fuzz.tf', 'override.tf', 'fuzz.auto.tfvars', 'backend.hcl']);
  // A module directory below the root too (backend-config files count only beside a root).
  const sub = i % 7 === 0 && /\.tf(\.json)?$/.test(name) ? 'sub/' : '';
  return { path: `environments/development/${sub}${name}`, text, deep };
});

describe(`fuzz: ${CASES} mutated .tf / .tf.json files through env-guard`, () => {
  it('the whole guard in-process: a report (exit 0 or 1), never an exception, each within a few seconds', async () => {
    const outcomes = { 0: 0, 1: 0 };
    for (const [i, c] of corpus.entries()) {
      const started = performance.now();
      let report;
      try {
        report = await guardMemory({ files: { [c.path]: c.text } });
      } catch (error) {
        throw new Error(`case ${i} (${c.path}, ${c.text.length} chars): ${(error as Error).message}`, { cause: error });
      }
      outcomes[guardExitCode(report)] += 1;
      expect(performance.now() - started, `case ${i}`).toBeLessThan(MAX_CASE_MS);
      if (c.deep)
        expect(
          report.violations.some((v) => v.rule === 'parse-error' && v.file === c.path),
          `case ${i}: ${c.path}`,
        ).toBe(true);
    }
    expect(outcomes[1]).toBeGreaterThan(CASES / 10);
  });

  it(`\`npm run guard\` as a process (${PROCESS_SAMPLE} cases, the deeply nested ones first): exit 0, 1 or 2, no crash, no stack trace`, async () => {
    const deep = corpus.filter((c) => c.deep).slice(0, PROCESS_SAMPLE / 2);
    const sample = [...deep, ...corpus.filter((c) => !c.deep).slice(0, PROCESS_SAMPLE - deep.length)];
    expect(deep.length).toBeGreaterThan(2);
    for (const [i, c] of sample.entries()) {
      const root = join(dir, `case-${i}`);
      await writeTree(root, { ...BASE_FILES, 'env-guard.yaml': GUARD_CONFIG, [c.path]: c.text });
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(repoRoot, 'scripts/guard.ts'), '--root', root, '--format', 'json'],
        { cwd: repoRoot, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      );
      expect(result.signal, c.path).toBeNull();
      expect([0, 1, 2], `${c.path}: ${result.stderr}`).toContain(result.status);
      expect(result.stderr).not.toMatch(/^\s+at |goroutine|panic:|fatal error/m);
      if (result.status !== 2) {
        const json = JSON.parse(result.stdout) as { violations: { rule: string; file: string }[] };
        if (c.deep) expect(json.violations.some((v) => v.rule === 'parse-error' && v.file === c.path)).toBe(true);
      }
    }
  });
});

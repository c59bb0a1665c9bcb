/**
 * Fuzz corpus of plan JSON: a few hundred mutations of the shared fixtures, generated here from a
 * fixed seed (the same corpus on every run), through everything that reads a plan — the plan core
 * (parse, digest, summary, attribute view, redaction), every Markdown level and the JSON report,
 * the CLI's main() in-process for every case, the CLI as a child process and the action (summary
 * mode, no API) for a sample. None may crash, take more than a few seconds or end outside the
 * documented outcomes: rendered, or one ConfigurationError line (exit 2 / a failed step).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../actions/tf-plan-comment/src/main.js';
import { main } from '../../scripts/plan-comment.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { ConfigurationError } from '../../src/lib/errors.js';
import { attributeChanges, parsePlan, redactPlan, summarizePlan } from '../../src/plan/index.js';
import { listFixtures, readFixture } from '../helpers/plan-fixtures.js';
import { random } from '../helpers/random.js';
import { DETAIL_LEVELS, renderAtLevel, renderJson, renderMarkdown } from '../../src/render/plan/index.js';

const CASES = 300;
const CHILD_PROCESS_SAMPLE = 10;
const ACTION_SAMPLE = 20;
/** Per case; the whole corpus runs in well under a minute. */
const MAX_CASE_MS = 3_000;

const dir = mkdtempSync(join(tmpdir(), 'plan-comment-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = unknown;
const next = random(0x5eed1);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const int = (max: number) => Math.floor(next() * max);

/** Deep nesting is spliced in as text: JSON.stringify itself cannot write it. */
const DEEP = '\u0001DEEP\u0001';
const deepText = () => {
  const levels = 5_000 + int(10_000);
  return next() < 0.5
    ? `${'['.repeat(levels)}0${']'.repeat(levels)}`
    : `${'{"k":'.repeat(levels)}0${'}'.repeat(levels)}`;
};

const VALUES: (() => Json)[] = [
  () => null,
  () => true,
  () => 0,
  () => -1,
  () => 1e308,
  () => '',
  () => 'x'.repeat(20_000),
  () => [],
  () => ({}),
  () => '\u0000\ud800 bad text',
  () => '{"a":[1,2,{"b":"c"}]}',
  () => `{"a":${'['.repeat(3_000)}${']'.repeat(3_000)}}`,
  () => ['delete', 'create', 'frobnicate'],
  () => ({ actions: 'create' }),
  () => [[['nested']]],
  () => DEEP,
  () => JSON.parse('{"__proto__":{"sensitive":true},"constructor":1}') as Json,
];
const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'actions', 'after_sensitive', ''];

/** Containers of a document (with their paths), walked breadth-first up to a bound. */
function containers(root: Json): Json[] {
  const found: Json[] = [];
  const queue: Json[] = [root];
  while (queue.length > 0 && found.length < 4_000) {
    const node = queue.shift();
    if (node === null || typeof node !== 'object') continue;
    found.push(node);
    for (const value of Object.values(node as Record<string, Json>)) queue.push(value);
  }
  return found;
}

function mutateDocument(document: Json): string {
  const doc = structuredClone(document) as Record<string, Json>;
  const rounds = 1 + int(3);
  for (let round = 0; round < rounds; round += 1) {
    const target = pick(containers(doc)) as Record<string, Json> | Json[];
    const keys = Object.keys(target);
    const key = keys.length > 0 ? pick(keys) : '0';
    switch (int(6)) {
      case 0:
        if (Array.isArray(target)) target.splice(Number(key), 1);
        else delete target[key];
        break;
      case 1:
      case 2:
        (target as Record<string, Json>)[key] = pick(VALUES)();
        break;
      case 3:
        if (!Array.isArray(target))
          Object.defineProperty(target, pick(KEYS), { value: pick(VALUES)(), enumerable: true, configurable: true });
        break;
      case 4:
        doc[pick(['format_version', 'plan_format_version', 'resource_changes', 'output_changes', 'checks'])] =
          pick(VALUES)();
        break;
      default:
        (target as Record<string, Json>)[key] = DEEP;
    }
  }
  return JSON.stringify(doc).replaceAll(JSON.stringify(DEEP), deepText);
}

function mutateText(text: string): string {
  const at = int(text.length);
  switch (int(4)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return `${text.slice(0, at)}${pick(['\u0000', '\ud800', '\uFEFF', '}', ']]', '"', ',', '\\u12'])}${text.slice(at)}`;
    case 2:
      return `${text.slice(0, at)}${text.slice(Math.max(0, at - 200), at)}${text.slice(at)}`;
    default:
      return `${pick(['\uFEFF', '[command]/usr/bin/terraform show -json\n', '   ', '\uFEFF\uFEFF'])}${text}`;
  }
}

// Small and medium fixtures (the two 200–400 KB ones would only make the corpus slower).
const bases = listFixtures()
  .map((name) => readFixture(name))
  .filter((text) => text.length < 100_000)
  .map((text) => JSON.parse(text.replace(/^\uFEFF/, '')) as Json);
const corpus = Array.from({ length: CASES }, (_, i) => {
  const base = bases[i % bases.length]!;
  return next() < 0.75 ? mutateDocument(base) : mutateText(JSON.stringify(base));
});

const withoutAbout = (markdown: string) => markdown.replace(/^<sub>digest .*$/m, '');

function expectOneLine(error: unknown): void {
  expect(error).toBeInstanceOf(ConfigurationError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  expect(message.length).toBeLessThan(1_000);
}

/** Everything that reads a plan, in-process. 'invalid': refused with one clear line. */
function throughTheCore(text: string): 'rendered' | 'invalid' {
  let plan;
  try {
    plan = parsePlan(text, 'fuzz.json');
  } catch (error) {
    expectOneLine(error);
    return 'invalid';
  }
  const summary = summarizePlan('fuzz', plan);
  for (const view of [...summary.changes, ...summary.driftChanges]) attributeChanges(view.change);
  for (const level of DETAIL_LEVELS) renderAtLevel([summary], level);
  const markdown = renderMarkdown([summary]).markdown;
  expect(renderMarkdown([summary], { maxChars: 600 }).markdown.length).toBeLessThanOrEqual(600);
  renderJson([summary]);
  let redacted;
  try {
    redacted = redactPlan(plan, 'fuzz.json');
  } catch (error) {
    expectOneLine(error);
    return 'invalid';
  }
  const again = summarizePlan('fuzz', parsePlan(JSON.stringify(redacted.document), 'redacted.json'));
  expect(again.digest).toBe(summary.digest);
  expect(withoutAbout(renderMarkdown([again]).markdown)).toBe(withoutAbout(markdown));
  return 'rendered';
}

describe(`fuzz: ${CASES} mutated plan JSONs`, () => {
  const files = corpus.map((text, i) => {
    const file = join(dir, `case-${i}.json`);
    writeFileSync(file, text);
    return file;
  });

  it('the plan core, the renderers and the redaction: rendered or one clear line, each within a few seconds', () => {
    const outcomes = { rendered: 0, invalid: 0 };
    for (const [i, text] of corpus.entries()) {
      const started = performance.now();
      try {
        outcomes[throughTheCore(text)] += 1;
      } catch (error) {
        throw new Error(`case ${i} (${files[i]}): ${(error as Error).message}`, { cause: error });
      }
      expect(performance.now() - started, `case ${i}`).toBeLessThan(MAX_CASE_MS);
    }
    // The corpus exercises both outcomes.
    expect(outcomes.rendered).toBeGreaterThan(CASES / 10);
    expect(outcomes.invalid).toBeGreaterThan(CASES / 10);
  });

  it('the CLI main(): exit 0 or a ConfigurationError (exit 2), for every case and both formats', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      for (const [i, file] of files.entries()) {
        for (const args of [
          ['render', '--plan', `x=${file}`],
          ['render', '--plan', `x=${file}`, '--format', 'json'],
        ]) {
          const started = performance.now();
          try {
            expect(await main(args)).toBe(0);
          } catch (error) {
            expectOneLine(error);
          }
          expect(performance.now() - started, `case ${i}`).toBeLessThan(MAX_CASE_MS);
        }
      }
    } finally {
      vi.restoreAllMocks();
    }
  });

  it(`\`npm run plan-comment\` as a process (${CHILD_PROCESS_SAMPLE} cases): exit 0 or 2, one line on stderr, no stack trace`, () => {
    const sample = Array.from({ length: CHILD_PROCESS_SAMPLE }, (_, i) => files[(i * 31) % files.length]!);
    for (const file of sample) {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(repoRoot, 'scripts/plan-comment.ts'), 'render', '--plan', `x=${file}`],
        { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 },
      );
      expect(result.signal, file).toBeNull();
      expect([0, 2], file).toContain(result.status);
      if (result.status === 2) {
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^plan-comment: /);
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      } else {
        expect(result.stdout).toMatch(/^<!-- tf-plan-comment:terraform-plan -->/);
      }
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it(`the action (${ACTION_SAMPLE} cases, mode summary): a job summary, or a failed step with one error line`, async () => {
    const saved = { ...process.env };
    try {
      for (let i = 0; i < ACTION_SAMPLE; i += 1) {
        const file = files[(i * 17) % files.length]!;
        const summary = join(dir, `summary-${i}.md`);
        writeFileSync(summary, '');
        Object.assign(process.env, {
          INPUT_PLANS: `fuzz=${file}`,
          INPUT_MODE: 'summary',
          'INPUT_GITHUB-TOKEN': '',
          INPUT_LABELS: 'false',
          GITHUB_STEP_SUMMARY: summary,
          GITHUB_OUTPUT: join(dir, `output-${i}.txt`),
          GITHUB_REPOSITORY: 'phenom/infra',
        });
        writeFileSync(join(dir, `output-${i}.txt`), '');
        let stdout = '';
        vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
          stdout += String(chunk);
          return true;
        });
        process.exitCode = undefined;
        const started = performance.now();
        await run();
        const failed = process.exitCode === 1;
        process.exitCode = undefined;
        vi.restoreAllMocks();
        expect(performance.now() - started, file).toBeLessThan(MAX_CASE_MS);
        const errors = stdout.split('\n').filter((line) => line.startsWith('::error::'));
        if (failed) expect(errors, file).toHaveLength(1);
        else {
          expect(errors, file).toHaveLength(0);
          expect(readFileSync(summary, 'utf8')).toContain('<!-- tf-plan-comment:terraform-plan -->');
        }
      }
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

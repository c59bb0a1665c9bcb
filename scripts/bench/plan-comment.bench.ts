/**
 * tf-plan-comment speed: renders generated plans — 10,000 resource changes, and one over
 * 50 MB — built from the shapes of the real fixtures in test/fixtures/plans, and reports the
 * render time as a ratio to JSON.parse of the same file, plus peak memory.
 * Target (issue 5): render ≤ 2× JSON.parse.
 *
 * "render" = what `plan-comment render` does per file: read, parse + validate, summarize
 * (counts, digest), Markdown within 65,536 characters; "JSON.parse" = read + JSON.parse.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePlan, summarizePlan, type RootSummary } from '../../src/plan/index.js';
import { listFixtures, rawPlan } from '../../test/helpers/plan-fixtures.js';
import { renderJson, renderMarkdown } from '../../src/render/plan/index.js';
import { peakMemory, row, timeIt } from './lib.js';

type Json = Record<string, unknown>;

const ACTIONS: string[][] = [
  ['create'],
  ['update'],
  ['no-op'],
  ['delete', 'create'],
  ['delete'],
  ['no-op'],
  ['create'],
  ['update'],
  ['read'],
  ['create', 'delete'],
];

/** Every resource change of the fixtures with before/after objects (the templates). */
function templates(): Json[] {
  const found: Json[] = [];
  for (const name of listFixtures()) {
    for (const change of (rawPlan(name).resource_changes as Json[] | undefined) ?? []) {
      const body = change.change as Json | undefined;
      if (body && (body.after !== null || body.before !== null)) found.push(change);
    }
  }
  return found;
}

/** A plan of `count` changes; `padding` extra characters per change make a big file. */
function generatePlan(shapes: readonly Json[], count: number, padding: number): Json {
  const changes: Json[] = [];
  const resources: Json[] = [];
  for (let i = 0; i < count; i += 1) {
    const template = structuredClone(shapes[i % shapes.length]!);
    const change = template.change as Json;
    const type = String(template.type ?? 'aws_instance');
    const address = `module.m${i % 97}.${type}.r${i}`;
    const actions = ACTIONS[i % ACTIONS.length]!;
    const before = (change.before ?? change.after) as Json | null;
    const after = (change.after ?? change.before) as Json | null;
    // Terraform writes attribute values with sorted keys (Go maps); keep that when adding tags.
    const mutated =
      after && typeof after === 'object'
        ? Object.fromEntries(
            Object.entries({ ...after, tags: { Name: `r-${i}`, Padding: 'x'.repeat(padding) } }).sort(([a], [b]) =>
              a < b ? -1 : a > b ? 1 : 0,
            ),
          )
        : after;
    Object.assign(template, { address, module_address: `module.m${i % 97}`, name: `r${i}` });
    delete template.previous_address;
    Object.assign(change, {
      actions,
      before: actions[0] === 'create' && actions.length === 1 ? null : before,
      after: actions[0] === 'delete' && actions.length === 1 ? null : mutated,
    });
    if (actions.length === 2) change.replace_paths = [['tags']];
    changes.push(template);
    resources.push({
      address,
      mode: template.mode ?? 'managed',
      type,
      name: `r${i}`,
      values: mutated,
      sensitive_values: {},
    });
  }
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { resources } },
    resource_changes: changes,
    output_changes: {
      count: {
        actions: ['update'],
        before: count - 1,
        after: count,
        after_unknown: false,
        before_sensitive: false,
        after_sensitive: false,
      },
    },
    prior_state: { format_version: '1.0', values: { root_module: { resources } } },
    configuration: { root_module: {} },
  };
}

function summaryOf(file: string): RootSummary {
  return summarizePlan('bench', parsePlan(readFileSync(file, 'utf8'), file));
}

function renderFile(file: string): number {
  return renderMarkdown([summaryOf(file)]).markdown.length;
}

function renderFileJson(file: string): number {
  return renderJson([summaryOf(file)]).length;
}

/** Child process: figures for one file (a fresh process, so peak memory is this file's alone). */
async function measure(file: string, label: string): Promise<void> {
  const memory = await peakMemory(() => renderFile(file));
  const megabytes = statSync(file).size / 1024 / 1024;
  const parse = await timeIt(() => JSON.parse(readFileSync(file, 'utf8')), 5);
  const render = await timeIt(() => renderFile(file), 5);
  const json = await timeIt(() => renderFileJson(file), 3);
  const chars = renderFile(file);
  const ratio = render.medianMs / parse.medianMs;
  row(`${label} (${megabytes.toFixed(1)} MB): JSON.parse`, `${parse.medianMs.toFixed(0)} ms`);
  row(
    `${label}: render markdown (${chars} chars)`,
    `${render.medianMs.toFixed(0)} ms = ${ratio.toFixed(2)}× JSON.parse (target ≤ 2×)`,
  );
  row(
    `${label}: render json`,
    `${json.medianMs.toFixed(0)} ms = ${(json.medianMs / parse.medianMs).toFixed(2)}× JSON.parse`,
  );
  row(`${label}: peak memory of one render (RSS)`, `${memory.toFixed(0)} MiB`);
}

async function main(): Promise<void> {
  const keep = process.argv.indexOf('--keep');
  const dir =
    keep !== -1 && process.argv[keep + 1]
      ? process.argv[keep + 1]!
      : mkdtempSync(join(tmpdir(), 'plan-comment-bench-'));
  try {
    const shapes = templates();
    const cases = [
      {
        label: '10,000 resource changes',
        file: join(dir, 'plan-10k.json'),
        plan: () => generatePlan(shapes, 10_000, 0),
      },
      { label: 'over 50 MB', file: join(dir, 'plan-50mb.json'), plan: () => generatePlan(shapes, 20_000, 250) },
    ];
    for (const { file, plan } of cases) writeFileSync(file, JSON.stringify(plan()));
    for (const { label, file } of cases) {
      const code = await new Promise<number>((done) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--expose-gc', import.meta.filename, '--measure', file, label],
          { stdio: 'inherit' },
        );
        child.on('exit', (exitCode) => done(exitCode ?? 1));
      });
      if (code !== 0) throw new Error(`measuring ${label} failed (exit ${code})`);
    }
  } finally {
    if (keep === -1) rmSync(dir, { recursive: true, force: true });
  }
}

const measureAt = process.argv.indexOf('--measure');
if (measureAt !== -1) await measure(process.argv[measureAt + 1]!, process.argv[measureAt + 2] ?? 'plan');
else await main();

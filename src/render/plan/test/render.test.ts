import { describe, expect, it } from 'vitest';
import { parsePlan, summarizePlan, type RootSummary } from '../../../plan/index.js';
import {
  expectedReport,
  forms,
  listFixtures,
  rawPlan,
  readFixture,
  sensitiveValues,
} from '../../../plan/test/plan-fixtures.js';
import {
  commentMarker,
  createRedactor,
  DETAIL_LEVELS,
  GITHUB_COMMENT_LIMIT,
  jsonReport,
  renderAtLevel,
  renderJson,
  renderMarkdown,
} from '../index.js';

const fixtures = listFixtures();
const summaryOf = (name: string, root = name): RootSummary => summarizePlan(root, parsePlan(readFixture(name), name));

describe('every fixture', () => {
  it.each(fixtures)(
    '%s renders: marker first, verdict, digest, every destructive address in the warning block',
    (name) => {
      const summary = summaryOf(name, 'production');
      const { markdown, level } = renderMarkdown([summary]);
      expect(markdown.startsWith(`${commentMarker('terraform-plan')}\n`)).toBe(true);
      expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      expect(level).toBe('full');
      expect(markdown).toMatch(/^### .* `production`: /m);
      expect(markdown).toContain(summary.digest);
      const warning = markdown.split('\n### ')[0]!;
      for (const address of expectedReport(rawPlan(name)).destructive) expect(warning).toContain(`\`${address}\``);
      if (summary.destructive.length === 0) expect(markdown).not.toContain('[!CAUTION]');
    },
  );

  it.each(fixtures)('%s: no sensitive value reaches any Markdown level or the JSON', (name) => {
    const secrets = sensitiveValues(rawPlan(name));
    const summary = summaryOf(name);
    const outputs = [
      ...DETAIL_LEVELS.map((level) => renderAtLevel([summary], level)),
      renderJson([summary]),
      renderMarkdown([summary], { maxChars: 600 }).markdown,
    ];
    for (const output of outputs)
      for (const secret of secrets) for (const form of forms(secret)) expect(output).not.toContain(form);
  });

  it.each(fixtures)('%s: JSON report has exactly the issue-5 shape and numbers', (name) => {
    const report = JSON.parse(renderJson([summaryOf(name, 'dev')])) as { roots: Record<string, unknown>[] };
    expect(report.roots).toHaveLength(1);
    const root = report.roots[0]!;
    expect(Object.keys(root).sort()).toEqual(['counts', 'destructive', 'digest', 'drift', 'name', 'outputs']);
    expect(Object.keys(root.counts as object).sort()).toEqual([
      'create',
      'delete',
      'forget',
      'import',
      'move',
      'noop',
      'read',
      'replace',
      'update',
    ]);
    expect(root).toMatchObject({ name: 'dev', ...expectedReport(rawPlan(name)) });
    expect(root.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the sensitive-value scan can fail', () => {
  it('finds the secrets of the fixtures and sees their visible neighbours in the output', () => {
    const raw = rawPlan('synthetic/edge-cases-bom.json');
    const secrets = sensitiveValues(raw);
    expect(secrets).toEqual(
      expect.arrayContaining([
        'test-password-after-2',
        'test-token-nested-333',
        'test-output-secret-999',
        'test-legacy-output-secret-000',
        'test-drift-secret-777',
      ]),
    );
    expect(sensitiveValues(rawPlan('infracost/aws-rds-ec2-modules-v0.14.json'))).toContain(
      'YourPwdShouldBeLongAndSecure!',
    );
    const markdown = renderAtLevel([summaryOf('synthetic/edge-cases-bom.json')], 'full');
    for (const shown of ['phenomprod', 'db.internal.example', 'nodejs24.x', 'fast']) expect(markdown).toContain(shown);
    expect(markdown).not.toContain('test-generated-config-secret-555');
  });
});

describe('Markdown content', () => {
  const edge = summaryOf('synthetic/edge-cases-bom.json', 'development');
  const markdown = renderAtLevel([edge], 'full');

  it('orders sections: replace, delete, create, update, import, move, read, other', () => {
    const order = [
      '🔁 Replace',
      '🗑️ Delete',
      '➕ Create',
      '✏️ Update in place',
      '📥 Import',
      '🚚 Move',
      '❓ Other',
    ].map((title) => markdown.indexOf(title));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('calls out stateful replacements with the forcing attribute', () => {
    expect(markdown).toContain(
      '**replace** `module.rds.aws_db_instance.this` — ⚠️ **risk of data loss** (database) — replacement forced by `username`',
    );
    expect(markdown).toContain('+ username = "phenomprod"   # forces replacement');
  });

  it('shows drift, outputs (sensitive masked), deferred changes, failed checks and unknown actions', () => {
    expect(markdown).toContain('Changes outside Terraform (1)');
    expect(markdown).toContain('+ db_password = (sensitive)');
    expect(markdown).toContain('+ legacy_token = (sensitive)');
    expect(markdown).toContain('`kubernetes_namespace.apps` (create) — provider config unknown');
    expect(markdown).toContain('`check.health`: Health endpoint returned 503.');
    expect(markdown).toContain('`aws_widget.future` — actions `["frobnicate"]`');
    expect(markdown).toContain('<details><summary>');
  });

  it('shows multi-line values as a line diff', () => {
    expect(markdown).toMatch(/^~ policy:\n/m);
    expect(markdown).toContain('-         "Action": "s3:GetObject",');
    expect(markdown).toContain('+         "Action": ["s3:GetObject", "s3:PutObject"],');
  });

  it('says plainly that a plan errored', () => {
    const text = renderAtLevel([summaryOf('synthetic/errored.json', 'broken')], 'full');
    expect(text).toContain('**This plan errored.**');
    expect(text).toMatch(/^### ⛔ `broken`/m);
  });

  it('never lets a value close its code block', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        { address: 'a.b', type: 'a', change: { actions: ['create'], before: null, after: { x: 'text ``` and ````' } } },
      ],
    };
    const text = renderAtLevel([summarizePlan('r', parsePlan(JSON.stringify(plan), 'p'))], 'full');
    expect(text).toContain('`````diff\n+ x = "text ``` and ````"\n`````');
  });

  it('names the sticky comment after the header', () => {
    expect(
      renderMarkdown([edge], { header: 'Plan: Production!' }).markdown.startsWith(
        '<!-- tf-plan-comment:plan-production -->\n## Plan: Production!\n',
      ),
    ).toBe(true);
  });
});

describe('size steps', () => {
  // Every fixture as its own root: large enough for each step to matter.
  const roots = fixtures.map((name) => summaryOf(name, name.replace(/\.json$/, '')));
  const fullReport = 'the [job summary](https://example.invalid/run/1)';
  // The note names the budget, so a level's length depends (slightly) on it: use the fixed point.
  const lengthAt = (level: (typeof DETAIL_LEVELS)[number]) => {
    let length = renderAtLevel(roots, level, { fullReport }).length;
    for (let i = 0; i < 3; i += 1) length = renderAtLevel(roots, level, { fullReport, maxChars: length }).length;
    return length;
  };
  const lengths = Object.fromEntries(DETAIL_LEVELS.map((level) => [level, lengthAt(level)]));

  it('each step is smaller than the one before', () => {
    expect(lengths.full).toBeGreaterThan(lengths.collapsed!);
    expect(lengths.collapsed).toBeGreaterThan(lengths.addresses!);
    expect(lengths.addresses).toBeGreaterThan(lengths.counts!);
  });

  it.each([
    ['full', () => lengths.full!, 'full'],
    ['collapsed', () => lengths.collapsed!, 'collapsed'],
    ['addresses', () => lengths.addresses!, 'addresses'],
    ['counts', () => lengths.counts!, 'counts'],
    ['just under full', () => lengths.full! - 1, 'collapsed'],
    ['just under collapsed', () => lengths.collapsed! - 1, 'addresses'],
    ['just under addresses', () => lengths.addresses! - 1, 'counts'],
    ['just under counts', () => lengths.counts! - 1, 'cut'],
    ['the minimum', () => 500, 'cut'],
  ])(
    'a budget of %s gives %s, within the budget, saying what was left out and where the full report is',
    (_label, budget, level) => {
      const maxChars = budget();
      const { markdown, level: got } = renderMarkdown(roots, { maxChars, fullReport });
      expect(got).toBe(level);
      expect(markdown.length).toBeLessThanOrEqual(maxChars);
      expect(markdown.startsWith(commentMarker('terraform-plan'))).toBe(true);
      if (level !== 'full') expect(markdown).toContain('the [job summary](https://example.invalid/run/1)');
      if (level === 'collapsed') {
        expect(markdown).toContain('attribute values are left out');
        expect(markdown).toContain('changes: `username` (forces replacement), `password`');
      }
      if (level === 'addresses') expect(markdown).toContain('addresses only');
      if (level === 'counts') expect(markdown).toContain('counts, digests and data-loss risks only');
      if (level === 'cut') expect(markdown).toContain('cut to fit');
    },
  );

  it('keeps stateful destructive changes visible in the counts step', () => {
    const text = renderAtLevel(roots, 'counts');
    expect(text).toContain('`module.rds.aws_db_instance.this` — ⚠️ **risk of data loss** (database)');
  });

  it('respects a byte budget as well (the step summary)', () => {
    const { markdown } = renderMarkdown(roots, { maxChars: 1_000_000, maxBytes: lengths.collapsed! });
    expect(Buffer.byteLength(markdown, 'utf8')).toBeLessThanOrEqual(lengths.collapsed!);
  });
});

describe('masks', () => {
  const edge = summaryOf('synthetic/edge-cases-bom.json', 'development');

  it('redacts every match in the Markdown and the JSON, addresses included', () => {
    const redactor = createRedactor(['phenom-\\w+', 'aws_s3_bucket\\.media']);
    const markdown = renderMarkdown([edge], { redactor }).markdown;
    const json = renderJson([edge], redactor);
    for (const output of [
      markdown,
      json,
      ...DETAIL_LEVELS.map((level) => renderAtLevel([edge], level, { redactor })),
    ]) {
      expect(output).not.toMatch(/phenom-\w+/);
      expect(output).not.toContain('aws_s3_bucket.media');
    }
    expect(markdown).toContain('***');
    expect(jsonReport([edge], redactor).roots[0]!.destructive).toContain('***');
  });

  it('rejects a pattern that does not compile or matches the empty string', () => {
    expect(() => createRedactor(['('], 'input masks')).toThrow(/^Invalid regex '\(' in input masks: /);
    expect(() => createRedactor(['a*'], 'input masks')).toThrow(
      "Invalid regex 'a*' in input masks: it matches the empty string.",
    );
    expect(createRedactor(['', '  ']).active).toBe(false);
  });
});

describe('text from the plan outside code blocks', () => {
  it('cannot break the report structure', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'a.b',
          type: 'a',
          action_reason: 'weird_</details><img src=x>',
          change: { actions: ['delete'], before: { x: 1 }, after: null },
        },
      ],
      checks: [
        {
          address: { to_display: 'check.c' },
          status: 'fail',
          instances: [{ problems: [{ message: 'bad\n\n</details> <b>x</b>' }] }],
        },
      ],
    };
    const text = renderAtLevel([summarizePlan('r', parsePlan(JSON.stringify(plan), 'p'))], 'full');
    expect(text).not.toContain('<img');
    expect(text).not.toContain('<b>');
    expect(text.match(/<details>/g)?.length).toBe(text.match(/<\/details>/g)?.length);
    expect(text).toContain('bad &lt;/details&gt; &lt;b&gt;x&lt;/b&gt;');
  });
});

import { describe, expect, it } from 'vitest';
import { parsePlan, summarizePlan, type RootSummary } from '../../../plan/index.js';
import {
  expectedReport,
  forms,
  listFixtures,
  rawPlan,
  readFixture,
  sensitiveValues,
} from '../../../../test/helpers/plan-fixtures.js';
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
/** The default routine types that occur in the fixtures (replaced as a matter of course). */
const ROUTINE_TYPES = new Set(['aws_ecs_task_definition', 'aws_launch_template', 'aws_lambda_layer_version']);
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
      // Every delete and replace is in the CAUTION block, except replacements of the routine types.
      const raw = rawPlan(name) as {
        resource_changes?: { address: string; type: string; change: { actions: string[] } }[];
      };
      const changes = raw.resource_changes ?? [];
      const routine = (entry: (typeof changes)[number]) =>
        entry.change.actions.length === 2 && ROUTINE_TYPES.has(entry.type);
      const caution = changes.filter((entry) => entry.change.actions.includes('delete') && !routine(entry));
      for (const { address } of caution) expect(warning).toContain(`\`${address}\``);
      if (caution.length === 0) expect(markdown).not.toContain('[!CAUTION]');
      for (const entry of changes.filter(routine)) {
        expect(warning).not.toContain(`\`${entry.address}\``);
        expect(warning).toContain('routine replacement');
      }
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

  it('shows a JSON heredoc as a structural diff: only the changed key, the rest counted', () => {
    expect(markdown).toContain(
      [
        '~ policy = jsonencode(',
        '      {',
        '          Statement = [',
        '              {',
        '-                 Action = "s3:GetObject"',
        '+                 Action = ["s3:GetObject", "s3:PutObject"]',
        '                  # (2 unchanged keys hidden)',
        '              },',
        '          ]',
        '          # (1 unchanged key hidden)',
        '      }',
        '  )',
      ].join('\n'),
    );
  });

  it('shows other multi-line strings as a line diff', () => {
    const script = (version: string) =>
      ['#!/bin/sh', 'set -eu', `echo deploying ${version}`, 'systemctl restart app', 'echo done', ''].join('\n');
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_instance.web',
          type: 'aws_instance',
          change: {
            actions: ['update'],
            before: { user_data: script('v1') },
            after: { user_data: script('v2') },
            before_sensitive: {},
            after_sensitive: {},
          },
        },
      ],
    };
    const text = renderAtLevel([summarizePlan('r', parsePlan(JSON.stringify(plan), 'p'))], 'full');
    expect(text).toContain(
      [
        '~ user_data:',
        '    #!/bin/sh',
        '    set -eu',
        '-   echo deploying v1',
        '+   echo deploying v2',
        '    systemctl restart app',
        '    echo done',
      ].join('\n'),
    );
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
        {
          address: 'a.b',
          type: 'a',
          change: { actions: ['create'], before: null, after: { x: 'text ``` and ````' }, after_sensitive: {} },
        },
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
      if (level === 'counts') expect(markdown).toContain('counts, digests and destructive changes only');
      if (level === 'cut') expect(markdown).toContain('cut to fit');
    },
  );

  it('keeps stateful destructive changes visible in the counts step', () => {
    const text = renderAtLevel(roots, 'counts');
    expect(text).toContain('`module.rds.aws_db_instance.this` — ⚠️ **risk of data loss** (database)');
  });

  it('names every deletion and replacement in the counts step, not only the data-loss ones, up to 20', () => {
    const counts = renderAtLevel(roots, 'counts');
    const caution = counts.slice(
      counts.indexOf('> [!CAUTION]'),
      counts.indexOf('\n\n', counts.indexOf('> [!CAUTION]')),
    );
    const named = caution.split('\n').filter((line) => line.startsWith('>   - ') && !line.includes('… and'));
    const total = Number(/\*\*(\d+) destructive changes?\*\*/.exec(caution)?.[1]);
    expect(total).toBeGreaterThan(0);
    expect(named).toHaveLength(Math.min(total, 20));
    // A plain deletion, no data at risk, is named too; worst first: after the data-loss ones.
    expect(caution).toContain('**delete** `local_file.test3` — removed from the configuration');
    expect(caution.indexOf('> - **delete**:')).toBeGreaterThan(caution.indexOf('> - **data loss**:'));
    expect(total).toBeGreaterThan(20);
    expect(caution).toContain(`… and ${total - 20} more`);
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

  it('hides only what a pattern matches: its empty matches (a word boundary, a lookaround) change nothing', () => {
    const redactor = createRedactor(['\\b', '(?<=prod)', 'secret-\\d+|(?=x)']);
    expect(redactor.redact('phenom-prod x secret-42')).toBe('phenom-prod x ***');
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

/** A plan of hand-written resource changes (every one with sensitivity data unless it says otherwise). */
function planOf(changes: { address: string; type: string; actions: string[]; [key: string]: unknown }[]) {
  return JSON.stringify({
    format_version: '1.2',
    resource_changes: changes.map(({ address, type, actions, ...change }) => ({
      address,
      type,
      mode: 'managed',
      change: { actions, before_sensitive: {}, after_sensitive: {}, ...change },
    })),
  });
}
const rootOf = (name: string, text: string) => summarizePlan(name, parsePlan(text, `${name}.json`));

describe('risk ranking', () => {
  // Production is listed first, but its worst change is a delete; development replaces a database.
  const production = rootOf(
    'production',
    planOf([
      { address: 'aws_instance.web', type: 'aws_instance', actions: ['delete', 'create'], before: {}, after: {} },
      {
        address: 'module.api.aws_ecs_task_definition.this',
        type: 'aws_ecs_task_definition',
        actions: ['delete', 'create'],
        before: {},
        after: {},
      },
      { address: 'aws_iam_role.old', type: 'aws_iam_role', actions: ['delete'], before: {}, after: null },
    ]),
  );
  const development = rootOf(
    'development',
    planOf([
      {
        address: 'module.rds.aws_db_instance.this',
        type: 'aws_db_instance',
        actions: ['delete', 'create'],
        before: { username: 'a' },
        after: { username: 'b' },
        replace_paths: [['username']],
      },
    ]),
  );
  const text = renderAtLevel([production, development], 'full');
  const caution = text.slice(text.indexOf('> [!CAUTION]'), text.indexOf('\n\n', text.indexOf('> [!CAUTION]')));

  it('orders the CAUTION block data loss → delete → replace across roots; routine replacements are only counted', () => {
    expect(caution.split('\n')).toEqual([
      '> [!CAUTION]',
      '> **3 destructive changes** (1 with **risk of data loss**): resources are deleted or replaced, worst first. Review before merging.',
      '> - `development`: **replace** `module.rds.aws_db_instance.this` — ⚠️ **risk of data loss** (database) — replacement forced by `username`',
      '> - `production`: **delete** `aws_iam_role.old`',
      '> - `production`: **replace** `aws_instance.web`',
    ]);
    expect(text).toContain(
      '> [!NOTE]\n> **1 routine replacement** of resources that are immutable by design (`aws_ecs_task_definition`): each change is a new revision, so they are not listed as destructive changes; per root: `production` 1.',
    );
  });

  it("names each root's worst tier in its verdict line", () => {
    expect(text).toContain(
      '### 🔴 `production`: 0 to create, 0 to update, 2 to replace, 1 to delete — worst change: **delete**',
    );
    expect(text).toContain(
      '### 🔴 `development`: 0 to create, 0 to update, 1 to replace, 0 to delete — worst change: **data loss**',
    );
    const routineOnly = rootOf(
      'staging',
      planOf([
        { address: 'aws_ecs_task_definition.a', type: 'aws_ecs_task_definition', actions: ['delete', 'create'] },
      ]),
    );
    const quiet = renderAtLevel([routineOnly], 'full');
    expect(quiet).toContain(
      '### 🟡 `staging`: 0 to create, 0 to update, 1 to replace, 0 to delete — worst change: routine replacement',
    );
    expect(quiet).not.toContain('[!CAUTION]');
    expect(renderAtLevel([summaryOf('terraform-plan-comment/basic-4-empty.json', 'empty')], 'full')).toContain(
      '### 🟢 `empty`: no changes\n',
    );
  });

  it('the routine list is configurable: without it, a task definition replacement is a plain replace', () => {
    const plain = renderMarkdown([production], { routineReplacements: [] }).markdown;
    expect(plain).toContain('> - **replace** `module.api.aws_ecs_task_definition.this`');
    expect(plain).not.toContain('routine replacement');
  });

  it('keeps the order in the counts step', () => {
    const counts = renderAtLevel([production, development], 'counts');
    const block = counts.slice(counts.indexOf('> [!CAUTION]'));
    expect(block.indexOf('**data loss**: 1 (`development` 1)')).toBeGreaterThan(0);
    expect(block.indexOf('**delete**: 1 (`production` 1)')).toBeGreaterThan(block.indexOf('**data loss**'));
    expect(block.indexOf('**replace**: 1 (`production` 1)')).toBeGreaterThan(block.indexOf('**delete**'));
  });
});

describe('a task definition image bump and a policy statement change (synthetic/ecs-image-bump-and-policy.json)', () => {
  const markdown = renderMarkdown([summaryOf('synthetic/ecs-image-bump-and-policy.json', 'production')]).markdown;

  it('renders the image change and the forcing attribute as a short nested diff on the first screen', () => {
    const lines = markdown.split('\n');
    const forcing = lines.indexOf('~ container_definitions = jsonencode(   # forces replacement');
    expect(forcing).toBeGreaterThan(0);
    expect(forcing).toBeLessThan(25);
    expect(lines.slice(forcing, forcing + 12)).toEqual([
      '~ container_definitions = jsonencode(   # forces replacement',
      '      [',
      '          {',
      '-             image = "ghcr.io/phenom/api:v2.48.4"',
      '+             image = "ghcr.io/phenom/api:v2.48.5"',
      '              name  = "api"',
      '              # (9 unchanged keys hidden)',
      '          },',
      '          # (1 unchanged element hidden)',
      '      ]',
      '  )',
      '~ 5 attributes known after apply: arn, arn_without_revision, id, revision, tags_all',
    ]);
    expect(markdown).toContain(
      '**`module.api.aws_ecs_task_definition.this`** — routine (immutable by design: a new revision) — replacement forced by `container_definitions`',
    );
  });

  it('shows only the changed policy statement', () => {
    const start = markdown.indexOf('~ policy = jsonencode(');
    expect(markdown.slice(start, markdown.indexOf('\n  )', start) + 4).split('\n')).toEqual([
      '~ policy = jsonencode(',
      '      {',
      '          Statement = [',
      '              # (1 unchanged element hidden)',
      '              {',
      '                  Condition = {',
      '                      StringEquals = {',
      '-                         "AWS:SourceArn" = "arn:aws:cloudfront::111122223333:distribution/E1OLDDISTRIB"',
      '+                         "AWS:SourceArn" = "arn:aws:cloudfront::111122223333:distribution/E2NEWDISTRIB"',
      '                      }',
      '                  }',
      '                  Sid       = "AllowCloudFrontRead"',
      '                  # (4 unchanged keys hidden)',
      '              },',
      '              # (1 unchanged element hidden)',
      '          ]',
      '          # (1 unchanged key hidden)',
      '      }',
      '  )',
    ]);
    expect(markdown).not.toContain('DenyInsecureTransport');
    expect(markdown).not.toContain('AllowTranscoderWrite');
  });
});

describe('a JSON document in a created resource', () => {
  it('is shown whole, decoded, every line added', () => {
    const text = renderAtLevel([summaryOf('checkov/aws-oidc-data-reads.json')], 'full');
    expect(text).toContain(
      [
        '+ inline_policy[0].policy = jsonencode(',
        '+     {',
        '+         Statement = [',
        '+             {',
        '+                 Action    = ["s3:ListBucket"]',
        '+                 Condition = { "StringLike": { "s3:prefix": ["p1/*"] } }',
        '+                 Effect    = "Allow"',
        '+                 Resource  = ["arn:aws:s3:::"]',
        '+                 Sid       = "AllowListingOfUserFolder"',
        '+             },',
        '+         ]',
        '+         Version   = "2012-10-17"',
        '+     }',
        '+ )',
      ].join('\n'),
    );
  });
});

describe('reading order and long values', () => {
  const root = rootOf(
    'r',
    planOf([
      {
        address: 'aws_instance.web',
        type: 'aws_instance',
        actions: ['delete', 'create'],
        before: { ami: 'ami-1', id: 'i-1', arn: 'arn:1', instance_type: 't3.micro', user_data: 'x'.repeat(500) },
        after: { ami: 'ami-2', instance_type: 't3.small', user_data: 'y'.repeat(500) },
        after_unknown: { id: true, arn: true, public_ip: true, private_dns: true },
        replace_paths: [['ami']],
      },
    ]),
  );
  const text = renderAtLevel([root], 'full');

  it('forcing attributes first, then other changes, then one line for what is known after apply', () => {
    const start = text.indexOf('```diff\n') + 8;
    const body = text.slice(start, text.indexOf('\n```', start)).split('\n');
    expect(body).toEqual([
      '- ami = "ami-1"',
      '+ ami = "ami-2"   # forces replacement',
      '- instance_type = "t3.micro"',
      '+ instance_type = "t3.small"',
      `- user_data = "${'x'.repeat(158)}… (343 more characters)`,
      `+ user_data = "${'y'.repeat(158)}… (343 more characters)`,
      '~ 4 attributes known after apply: id, arn, public_ip, private_dns',
    ]);
  });

  it('collapsed: names in the same order, the unknown ones counted', () => {
    expect(renderAtLevel([root], 'collapsed')).toContain(
      'changes: `ami` (forces replacement), `instance_type`, `user_data`; 4 attributes known after apply',
    );
  });
});

describe('plans without sensitivity data, HCP Terraform, injected Markdown', () => {
  it('says that values were masked for lack of sensitivity data', () => {
    const text = renderAtLevel([summaryOf('synthetic/format-0.1-unmarked-secrets.json', 'legacy')], 'full');
    expect(text).toContain(
      '> **No sensitivity data** in 7 changes of this plan (no `before_sensitive`/`after_sensitive`, as in plans of Terraform before 0.15): every string value of an attribute not known to be safe is masked and shown as `(masked)`.',
    );
    expect(text).toContain('+ value = (masked)');
    expect(text).toContain('+ instance_class = "db.t3.small"');
    expect(renderAtLevel([summaryOf('synthetic/ecs-image-bump-and-policy.json')], 'full')).not.toContain(
      'No sensitivity data',
    );
  });

  it('renders an HCP Terraform redacted plan and names its format', () => {
    const text = renderAtLevel([summaryOf('opentofu/cloud-plan-redacted-outputs.json', 'hcp')], 'full');
    expect(text).toContain('plan format 1.1 (HCP Terraform redacted JSON)');
    expect(text).toContain('+ secret = (sensitive)');
    expect(text).toContain('+ simple = ["some","list"]');
  });

  it('check messages cannot inject links, images, mentions, issue references or HTML', () => {
    const text = renderAtLevel([summaryOf('synthetic/sensitive-everywhere.json')], 'full');
    const line = text.split('\n').find((l) => l.startsWith('- `check.health`: '))!;
    expect(line).toBe(
      '- `check.health`: See \\[the runbook\\](https:\u2060//evil.example/phish) @\u2060phenom/admins &lt;img src=x onerror=alert(1)&gt; #\u2060123 www\u2060.evil.example \\*\\*now\\*\\* \\!\\[x\\](https:\u2060//evil.example/p.png)',
    );
    expect(line).not.toMatch(/(?<!\\)\]\(|<img|@phenom|https:\/\/|#123|www\.evil|(?<!\\)\*\*now/);
  });
});

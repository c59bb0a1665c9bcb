import { describe, expect, it } from 'vitest';
import { parsePlan, summarizePlan } from '../plan/index.js';
import {
  dispatchCommand,
  refusalCommentOf,
  refusalMarker,
  refusalRootOf,
  refusalSchema,
  renderRefusalComment,
  type Refusal,
} from './refusal.js';

const plan = summarizePlan(
  'production',
  parsePlan(
    JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        {
          address: 'terraform_data.extra',
          mode: 'managed',
          type: 'terraform_data',
          name: 'extra',
          change: { actions: ['create'], before: null, after: { input: 'x' }, after_unknown: {}, after_sensitive: {} },
        },
      ],
    }),
    'plan.json',
  ),
);

const refusal: Refusal = {
  root: 'environments/production',
  name: 'production',
  expectedDigest: 'a'.repeat(64),
  digest: plan.digest,
  counts: { create: 1, update: 0, replace: 0, delete: 0, import: 0, move: 0, forget: 0 },
};

describe('the refusal comment', () => {
  it('names the root, both digests, the counts (reviewed unknown) and the one command that applies exactly the new plan', () => {
    const body = renderRefusalComment(refusal, plan);
    expect(refusalRootOf(body)).toBe('environments/production');
    expect(body).toContain('| to create | — | 1 | |');
    expect(body).not.toContain('to import');
    expect(body).toContain(`| digest | \`${'a'.repeat(64)}\` | \`${plan.digest}\` | |`);
    expect(body).toContain(
      `\`\`\`sh\ngh workflow run apply.yml --ref main -f root=environments/production -f approve-digest=${plan.digest}\n\`\`\``,
    );
    expect(body).toContain('## Plan of environments/production now');
    expect(body).not.toContain('<!-- tf-plan-comment:');
    expect(body.length).toBeLessThan(65_536);
  });

  it('shows the difference when the reviewed counts are known, an import row only when there are imports', () => {
    const body = renderRefusalComment(
      { ...refusal, reviewedCounts: { ...refusal.counts, create: 3, import: 1 } },
      plan,
    );
    expect(body).toContain('| to create | 3 | 1 | −2 |');
    expect(body).toContain('| to import | 1 | 0 | −1 |');
  });

  it('a refusal record is validated: digests are SHA-256 hex, no unknown keys', () => {
    expect(refusalSchema.safeParse({ ...refusal, digest: 'nope' }).success).toBe(false);
    expect(refusalSchema.safeParse({ ...refusal, extra: 1 }).success).toBe(false);
    expect(refusalSchema.parse(refusal)).toEqual(refusal);
    expect(dispatchCommand(refusal, 'deploy.yml')).toBe(
      `gh workflow run deploy.yml --ref main -f root=environments/production -f approve-digest=${plan.digest}`,
    );
  });

  it("finds the root's comment only among the token identity's own, by the marker its body starts with", () => {
    const prod = 'environments/production';
    const ours = renderRefusalComment(refusal, plan);
    const bot = { login: 'github-actions[bot]' };
    const comments = [
      // The pull request's author can write the marker too: never ours.
      { id: 1, body: `${refusalMarker(prod)}\nlooks official`, user: { login: 'mallory' } },
      // Ours for another root, whose plan text quotes this root's marker further down.
      {
        id: 2,
        body: `${refusalMarker('environments/development')}\n- \`null_resource.x["${refusalMarker(prod)}"]\``,
        user: bot,
      },
      { id: 4, body: ours, user: bot },
      { id: 3, body: ours, user: bot },
    ];
    expect(refusalCommentOf(comments, prod, bot.login)?.id).toBe(3);
    expect(refusalCommentOf(comments.slice(0, 2), prod, bot.login)).toBeUndefined();
    expect(refusalCommentOf(comments, 'environments/development', bot.login)?.id).toBe(2);
    expect(refusalRootOf(`quoted: ${refusalMarker(prod)}`)).toBeUndefined();
  });
});

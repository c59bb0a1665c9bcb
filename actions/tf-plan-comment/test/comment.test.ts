import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/lib/logger.js';
import { commentMarker } from '../../../src/render/plan/index.js';
import type { GitHubClient } from '../../../io/github-client.js';
import { upsertComment } from '../src/comment.js';

interface StoredComment {
  id: number;
  body: string;
  html_url: string;
  user: { login: string };
}

/** The few issue-comment calls upsertComment makes, on an in-memory list. */
function fakeGitHub(comments: StoredComment[]) {
  let next = 1000;
  const client = {
    paginate: async () => comments.map((comment) => ({ ...comment })),
    rest: {
      issues: {
        listComments: {},
        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
          const comment = comments.find(({ id }) => id === comment_id)!;
          comment.body = body;
          return { data: comment };
        },
        createComment: async ({ body }: { body: string }) => {
          const comment = { id: (next += 1), body, html_url: `https://example.test/${next}`, user: { login: BOT } };
          comments.push(comment);
          return { data: comment };
        },
        deleteComment: async ({ comment_id }: { comment_id: number }) => {
          comments.splice(
            comments.findIndex(({ id }) => id === comment_id),
            1,
          );
          return {};
        },
      },
    },
  };
  return client as unknown as GitHubClient;
}

const BOT = 'github-actions[bot]';
const REF = { owner: 'o', repo: 'r', issueNumber: 7 };
const comment = (id: number, body: string, login = BOT): StoredComment => ({
  id,
  body,
  html_url: `https://example.test/${id}`,
  user: { login },
});

describe('upsertComment', () => {
  it('updates the comment that starts with its marker', async () => {
    const marker = commentMarker('terraform-plan');
    const comments = [comment(1, `${marker}\nold`)];
    const result = await upsertComment(fakeGitHub(comments), REF, marker, `${marker}\nnew`, BOT, silentLogger);
    expect(result).toMatchObject({ id: 1, action: 'updated' });
    expect(comments.map(({ body }) => body)).toEqual([`${marker}\nnew`]);
  });

  it("never takes another header's comment for its own because that plan's text holds its marker", async () => {
    // The production comment shows a resource address chosen by the pull request, which carries
    // the staging comment's marker; the staging job must leave that comment alone.
    const production = commentMarker('production-plan');
    const staging = commentMarker('staging-plan');
    const hostile = `${production}\n- **delete** \`aws_db_instance.main["${staging}"]\``;
    const comments = [comment(1, hostile), comment(2, `${staging}\nold staging plan`)];
    const result = await upsertComment(fakeGitHub(comments), REF, staging, `${staging}\nnew`, BOT, silentLogger);
    expect(result).toMatchObject({ id: 2, action: 'updated' });
    expect(comments.map(({ id, body }) => [id, body])).toEqual([
      [1, hostile],
      [2, `${staging}\nnew`],
    ]);
  });

  it('creates its comment when only a human quoted the marker', async () => {
    const marker = commentMarker('terraform-plan');
    const comments = [comment(1, `${marker}\nquoted`, 'octocat')];
    const result = await upsertComment(fakeGitHub(comments), REF, marker, `${marker}\nplan`, BOT, silentLogger);
    expect(result.action).toBe('created');
    expect(comments.map(({ body }) => body)).toEqual([`${marker}\nquoted`, `${marker}\nplan`]);
  });
});

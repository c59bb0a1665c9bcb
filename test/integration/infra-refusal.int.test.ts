/**
 * The way back from a refused apply, end to end with the real Terraform binary (the
 * terraform_data fixture roots) and the loopback GitHub server driven by the real Octokit:
 * review → main moves → the post-merge apply refuses → the new plan is posted on the merged pull
 * request → a reviewer takes the digest from that comment → the dispatched apply applies exactly
 * that plan (and a stale digest is still refused).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DOUBLE_CLI_CONFIG } from '../../scripts/lib/terraform.js';
import { refusalMarker } from '../../src/orchestrate/index.js';
import { terraform, terraformFixture } from '../helpers/terraform.js';
import { startGitHubServer, type FakeGitHub } from '../setup/github-server.js';
import { runScript } from '../helpers/run-script.js';
import { runInfra, type CliResult } from './infra-helpers.js';

const PROD = 'environments/production';
const env = { TF_BIN: 'terraform', TF_CLI_CONFIG_FILE: DOUBLE_CLI_CONFIG };

const servers: FakeGitHub[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const planComment = (cwd: string, args: string[]): Promise<CliResult> =>
  runScript('scripts/plan-comment.ts', args, { cwd });

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;

describe('a refused apply has a way back (real Terraform, loopback GitHub)', () => {
  it('refusal → comment on the merged pull request → dispatched apply of exactly the new digest', async () => {
    const dir = await terraformFixture('data-roots', { 'infra.yaml': 'lock-timeout: 2s\n' });

    // 1. The pull request's plan, redacted as pr.yml uploads it: the reviewed digest.
    const reviewed = await runInfra(dir, ['plan', '--root', PROD, '--out', 'reviewed'], env);
    expect(reviewed.code, reviewed.stdout + reviewed.stderr).toBe(0);
    const { digest: reviewedDigest } = await readJson<{ digest: string }>(join(dir, 'reviewed/production/result.json'));
    const redacted = await planComment(dir, [
      'redact',
      '--plan',
      'reviewed/production/plan.json',
      '--out',
      'reviewed/production/plan.redacted.json',
    ]);
    expect(redacted.code, redacted.stderr).toBe(0);

    // 2. Main moved after the review: another resource, with a sensitive input.
    await writeFile(
      join(dir, PROD, 'extra.tf'),
      'variable "token" {\n  type      = string\n  sensitive = true\n  default   = "s3cr3t-value"\n}\n\nresource "terraform_data" "extra" {\n  input = var.token\n}\n',
    );

    // 3. The post-merge apply refuses and records the new plan.
    const refused = await runInfra(
      dir,
      [
        'apply',
        '--root',
        PROD,
        '--expect-digest',
        reviewedDigest,
        '--reviewed-plan',
        'reviewed/production/plan.redacted.json',
        '--out',
        'applied',
      ],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      `apply refused: the plan changed since it was reviewed (reviewed digest ${reviewedDigest}`,
    );
    expect((await terraform(join(dir, PROD), ['state', 'list'])).stdout).toBe('');
    const refusal = await readJson<{
      expectedDigest: string;
      digest: string;
      counts: { create: number };
      reviewedCounts: { create: number };
    }>(join(dir, 'applied/production/refusal.json'));
    expect(refusal.expectedDigest).toBe(reviewedDigest);
    expect(refusal.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(refusal.digest).not.toBe(reviewedDigest);
    expect([refusal.reviewedCounts.create, refusal.counts.create]).toEqual([2, 3]);
    // Only the redacted plan may leave the job: no sensitive value in it.
    expect(await readFile(join(dir, 'applied/production/plan.redacted.json'), 'utf8')).not.toContain('s3cr3t-value');

    // 4. The new plan where reviewers look: a comment on the merged pull request.
    const github = await startGitHubServer();
    servers.push(github);
    const githubEnv = {
      GITHUB_TOKEN: 'test-token',
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_RUN_ID: '77',
      GITHUB_SERVER_URL: 'https://github.example',
    };
    const posted = await runInfra(dir, ['refusal-comment', '--pr', '7', '--refusals', 'applied'], githubEnv);
    expect(posted.code, posted.stderr).toBe(0);
    expect(posted.stdout).toBe(`posted the refusal of ${PROD} on #7 (new digest ${refusal.digest})\n`);
    const [comment] = github.comments('acme/infra', 7);
    const body = comment?.body ?? '';
    expect(body.startsWith(`${refusalMarker(PROD)}\n## ⛔ Apply refused: the plan of \`${PROD}\` changed`)).toBe(true);
    expect(body).toContain('| to create | 2 | 3 | +1 |');
    expect(body).toContain(`| digest | \`${reviewedDigest}\` | \`${refusal.digest}\` | |`);
    expect(body).toContain('([run](https://github.example/acme/infra/actions/runs/77))');
    expect(body).toContain('module.app.terraform_data.release');
    expect(body).toContain('terraform_data.extra');
    expect(body).not.toContain('s3cr3t-value');

    // A second refusal of the same root updates that comment instead of adding one.
    const again = await runInfra(dir, ['refusal-comment', '--pr', '7', '--refusals', 'applied'], githubEnv);
    expect(again.stdout).toMatch(/^updated the refusal comment of environments\/production on #7/);
    expect(github.comments('acme/infra', 7)).toHaveLength(1);

    // 5. A reviewer takes the command from the comment: the dispatched apply of exactly that digest.
    const command = /gh workflow run apply\.yml --ref main -f root=(\S+) -f approve-digest=([0-9a-f]{64})/.exec(body);
    expect(command?.[1]).toBe(PROD);
    const approved = command?.[2] ?? '';
    expect(approved).toBe(refusal.digest);
    const stale = await runInfra(
      dir,
      ['apply', '--root', PROD, '--expect-digest', reviewedDigest, '--out', 'dispatched-stale'],
      env,
    );
    expect(stale.code).toBe(1);
    expect((await terraform(join(dir, PROD), ['state', 'list'])).stdout).toBe('');
    const dispatched = await runInfra(
      dir,
      ['apply', '--root', PROD, '--expect-digest', approved, '--out', 'dispatched'],
      env,
    );
    expect(dispatched.code, dispatched.stdout + dispatched.stderr).toBe(0);
    expect(dispatched.stdout).toContain(`${PROD}: applied the reviewed plan (digest ${approved}, 3 to create`);
    expect((await terraform(join(dir, PROD), ['state', 'list'])).stdout.trim().split('\n').sort()).toEqual([
      'module.app.terraform_data.network',
      'module.app.terraform_data.release',
      'terraform_data.extra',
    ]);
  });

  it('no refusal is nothing to post; a reviewed plan of another digest is refused before any Terraform runs', async () => {
    const dir = await terraformFixture('data-roots');
    const nothing = await runInfra(dir, ['refusal-comment', '--pr', '7', '--refusals', 'applied'], {
      GITHUB_REPOSITORY: 'acme/infra',
    });
    expect([nothing.code, nothing.stdout]).toEqual([0, 'No refused apply under applied: nothing to post.\n']);
    await writeFile(join(dir, 'other.json'), JSON.stringify({ format_version: '1.2', resource_changes: [] }));
    const wrong = await runInfra(
      dir,
      ['apply', '--root', PROD, '--expect-digest', 'a'.repeat(64), '--reviewed-plan', 'other.json'],
      env,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /^infra: --reviewed-plan .*other\.json is the plan of digest [0-9a-f]{64}, not of the expected a{64}\.\n$/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { guardExitCode } from './guard.js';
import { guardFixture, locate } from '../../test/helpers/guard-fixtures.js';

describe('snapshot follow-ups', () => {
  it('reports, per root that passes a snapshot, the missing ignore_changes and the username that differs from the snapshot’s master user', async () => {
    const { root, report } = await guardFixture('followups');
    const rule = report.followups
      .filter((f) => f.source === 'rule')
      .map((f) => `${f.id} ${f.status} ${f.env} ${f.file}:${f.line}`);
    const resource = await locate(root, 'modules/rds/main.tf', 'resource "aws_db_instance" "this"');
    // The username is traced from the module variable to the argument the root passes.
    const username = await locate(root, 'environments/development/main.tf', 'database_username   = "phenomhabu"');
    const restore = 'environments/development/restore-test/main.tf';
    expect(rule).toEqual([
      `snapshot-ignore-changes open development modules/rds/main.tf:${resource.line}`,
      `snapshot-username-mismatch open development environments/development/main.tf:${username.line}`,
      `snapshot-ignore-changes resolved development ${restore}:${(await locate(root, restore, 'ignore_changes = [snapshot_identifier, password]')).line}`,
      `snapshot-ignore-changes resolved development ${restore}:${(await locate(root, restore, 'ignore_changes = all')).line}`,
      `snapshot-username-mismatch resolved development ${restore}:${(await locate(root, restore, 'username            = "phenomprod"')).line}`,
      `snapshot-username-mismatch resolved development ${restore}:${(await locate(root, restore, 'resource "aws_db_instance" "unknown_snapshot"')).line}`,
    ]);
    const open = report.followups.filter((f) => f.status === 'open' && f.source === 'rule');
    expect(open[0]).toMatchObject({ column: resource.column });
    expect(open[0]?.message).toContain(
      "aws_db_instance.this in module.rds (root environments/development) is restored from 'phenom-prod-postgres-clone-20260620' but has no lifecycle { ignore_changes = [snapshot_identifier] }",
    );
    expect(open[1]).toMatchObject({ column: username.column });
    expect(open[1]?.message).toContain(
      "master username 'phenomhabu' passed for aws_db_instance.this in module.rds (root environments/development) differs from the master user 'phenomprod'",
    );
    // Production passes no snapshot (the module default is null): no follow-up for it.
    expect(report.followups.filter((f) => f.env === 'production' && f.source === 'rule')).toEqual([]);
  });

  it('follows the username through locals and asks for the snapshot to be declared when it is not', async () => {
    const { root, report } = await guardFixture('followups', {
      files: {
        'environments/development/main.tf':
          'module "rds" {\n  source              = "../../modules/rds"\n  identifier          = "phenom-dev-postgres"\n  snapshot_identifier = "phenom-dev-manual-1"\n  database_username   = local.user\n}\n',
        'environments/development/locals.tf': 'locals {\n  user = "phenomhabu"\n}\n',
      },
    });
    const mismatch = report.followups.find((f) => f.id === 'snapshot-username-mismatch' && f.status === 'open');
    expect(mismatch).toMatchObject({
      file: 'environments/development/locals.tf',
      ...(await locate(root, 'environments/development/locals.tf', 'user = "phenomhabu"')),
    });
    expect(mismatch?.message).toContain(
      "'phenom-dev-manual-1', which is not declared under snapshots in the guard config",
    );
  });

  it('does not fail the run unless strict', async () => {
    const { report } = await guardFixture('followups');
    expect(report.violations).toEqual([]);
    expect(guardExitCode(report)).toBe(0);
    expect(guardExitCode({ ...report, strict: true })).toBe(1);
    const strict = await guardFixture('followups', {}, { strict: true });
    expect(strict.report.strict).toBe(true);
    expect(guardExitCode(strict.report)).toBe(1);
    const resolvedOnly = {
      ...report,
      strict: true,
      followups: report.followups.filter((f) => f.status === 'resolved'),
    };
    expect(guardExitCode(resolvedOnly)).toBe(0);
  });
});

describe('snapshot-kms-key', () => {
  /** The followups fixture with the snapshot's key owned by `owner` and the instances passing keys. */
  const withKeys = (owner: string) => ({
    files: {
      'env-guard.yaml': [
        'version: 1',
        'allowlist:',
        '  - literal: phenom-prod-postgres-clone-20260620',
        '    environment: development',
        '    reason: staging was restored from this production snapshot',
        'snapshots:',
        '  - identifier: phenom-prod-postgres-clone-20260620',
        '    master_username: phenomprod',
        `    kms_key_owner: ${owner}`,
        '',
      ].join('\n'),
      'modules/rds/main.tf': [
        'resource "aws_db_instance" "this" {',
        '  identifier          = var.identifier',
        '  username            = var.database_username',
        '  snapshot_identifier = var.snapshot_identifier',
        '  kms_key_id          = var.kms_key_arn',
        '}',
        '',
      ].join('\n'),
      'modules/rds/kms.tf': 'variable "kms_key_arn" {\n  type = string\n}\n',
      'environments/development/main.tf': [
        'module "rds" {',
        '  source              = "../../modules/rds"',
        '  identifier          = "phenom-dev-postgres"',
        '  snapshot_identifier = local.snapshot',
        '  database_username   = "phenomprod"',
        '  kms_key_arn         = aws_kms_key.staging.arn',
        '}',
        'resource "aws_kms_key" "staging" {}',
        'resource "aws_db_instance" "ignoring" {',
        '  identifier          = "phenom-dev-ignoring"',
        '  snapshot_identifier = "phenom-prod-postgres-clone-20260620"',
        '  kms_key_id          = aws_kms_key.staging.arn',
        '  lifecycle {',
        '    ignore_changes = [snapshot_identifier, kms_key_id]',
        '  }',
        '}',
        '',
      ].join('\n'),
    },
  });

  it("reports an instance that passes its own key while the snapshot's key belongs to another environment, with the fix", async () => {
    const { root, report } = await guardFixture('followups', withKeys('production'));
    const found = report.followups
      .filter((f) => f.id === 'snapshot-kms-key')
      .map((f) => `${f.status} ${f.env} ${f.file}:${f.line}:${f.column}`);
    const dev = 'environments/development/main.tf';
    const passed = await locate(root, dev, 'kms_key_arn         = aws_kms_key.staging.arn');
    const ignored = await locate(root, dev, 'ignore_changes = [snapshot_identifier, kms_key_id]');
    const restore = 'environments/development/restore-test/main.tf';
    const keyless = await locate(root, restore, 'resource "aws_db_instance" "restore_test"');
    expect(found).toEqual([
      // Traced from the module's kms_key_id to the argument the root passes.
      `open development ${dev}:${passed.line}:${passed.column}`,
      `resolved development ${dev}:${ignored.line}:${ignored.column}`,
      `resolved development ${restore}:${keyless.line}:${keyless.column}`,
    ]);
    const open = report.followups.find((f) => f.id === 'snapshot-kms-key' && f.status === 'open');
    expect(open?.message).toBe(
      "aws_db_instance.this in module.rds (root environments/development) is restored from 'phenom-prod-postgres-clone-20260620', which is encrypted with a key of production, but passes its own kms_key_id: a restored instance keeps the snapshot's key (RestoreDBInstanceFromDBSnapshot takes no KmsKeyId), so every plan shows kms_key_id forcing a replacement. Fix: copy the snapshot with development's key (aws rds copy-db-snapshot --kms-key-id <development's key>) and restore from the copy, or until then pass the snapshot's key or add kms_key_id to lifecycle ignore_changes",
    );
    expect(report.followups.filter((f) => f.id === 'snapshot-kms-key').map((f) => f.message.split(': ')[1])).toEqual([
      expect.stringContaining('a restored instance keeps'),
      'it ignores changes to kms_key_id',
      "it passes no kms_key_id and keeps the snapshot's key (owned by production)",
    ]);
  });

  it("resolves when the snapshot's key belongs to the instance's own environment, and says nothing without kms_key_owner", async () => {
    const own = await guardFixture('followups', withKeys('development'));
    expect(
      own.report.followups.filter((f) => f.id === 'snapshot-kms-key').map((f) => `${f.status}: ${f.message}`),
    ).toContain(
      "resolved: aws_db_instance.this in module.rds (root environments/development) is restored from 'phenom-prod-postgres-clone-20260620': its key belongs to development, this environment",
    );
    expect(own.report.followups.filter((f) => f.id === 'snapshot-kms-key' && f.status === 'open')).toEqual([]);
    const { report } = await guardFixture('followups');
    expect(report.followups.filter((f) => f.id === 'snapshot-kms-key')).toEqual([]);
  });
});

describe('ledger follow-ups', () => {
  it('keeps manual items as written and resolves IaC debt when every named resource exists in the root or its modules', async () => {
    const { root, report } = await guardFixture('followups');
    const ledger = report.followups
      .filter((f) => f.source === 'ledger')
      .map((f) => `${f.id} ${f.status} ${f.env} ${f.file}:${f.line}`);
    expect(ledger).toEqual([
      'chat-synapse-provisioner open development ledger/followups.yaml:3',
      `alb-mtls open production ledger/followups.yaml:${(await locate(root, 'ledger/followups.yaml', '- id: alb-mtls')).line}`,
      'rotate-upload-password resolved development ledger/followups.yaml:7',
      `waf-chat-protect resolved production modules/edge/main.tf:${(await locate(root, 'modules/edge/main.tf', 'resource "aws_wafv2_web_acl"')).line}`,
    ]);
    expect(report.followups.find((f) => f.id === 'alb-mtls')?.message).toBe(
      'Codify the ALB trust store and listener mTLS (not yet in environments/production: aws_lb_listener.chat)',
    );
    expect(report.followups.find((f) => f.id === 'waf-chat-protect')?.message).toContain(
      'codified: module.edge.aws_wafv2_web_acl.chat_protect',
    );
  });

  it('resolves an item once its resource appears', async () => {
    const { report } = await guardFixture('followups', {
      files: { 'modules/edge/listener.tf': 'resource "aws_lb_listener" "chat" {\n  port = 8443\n}\n' },
    });
    expect(report.followups.find((f) => f.id === 'alb-mtls')).toMatchObject({
      status: 'resolved',
      file: 'modules/edge/main.tf',
    });
  });
});

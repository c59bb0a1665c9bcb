/**
 * `npm run verify` against stacks seeded into moto with the real @aws-sdk clients: a
 * development and a production stack built as expectations.ts asks, and a broken production stack
 * in which every check has something to reject.
 *
 * This file starts its own moto server with MOTO_ECS_SERVICE_RUNNING=2, moto's documented
 * switch for the running-task count of ECS services (without it moto reports 0 running tasks
 * and an IN_PROGRESS deployment for every service, so no service could ever be stable).
 *
 * Where moto 5.2.1 cannot represent a resource, the tests show what it returns instead:
 * it does not store a listener's MutualAuthentication (so the chat listener fails the mTLS
 * check even when seeded with mode verify), and it reports every registered IP target as
 * healthy (unhealthy states other than "stopped instance" are covered by the unit tests of
 * scripts/verify/checks/elb.ts on the SDK response shape).
 *
 * API Gateway's CloudWatch role is one setting per account and region, shared by every stack
 * seeded there: the good stacks (us-east-1) set it, and the broken stack is seeded in us-west-2,
 * where nobody did.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DescribeListenersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/verify/cli.js';
import type { StackOutputs } from '../../scripts/verify/outputs.js';
import { production as productionOutputs, terraformOutputJson } from '../../scripts/verify/test-helpers.js';
import { startMoto, type MotoServer } from '../setup/moto.js';
import { mocked, seedStack, type SeededStack } from './verify-stack.js';

const repo = resolve(import.meta.dirname, '../..');
const verifyScript = join(repo, 'scripts/verify.ts');
const tsx = join(repo, 'node_modules/.bin/tsx');
const fakeTerraform = join(repo, 'test/fake-terraform/terraform');

let moto: MotoServer;
let work: string;

/** The model of the scratch repository: `<case>/production` and `<case>/development` are the two environments' roots. */
const MODEL = [
  'version: 1',
  'environments:',
  '  - name: production',
  "    roots: ['*/production']",
  '    verify: [rds.deletion-protection, waf.alb-association, elb.chat-mtls]',
  '  - name: development',
  "    roots: ['*/development']",
  '    verify: [rds.deletion-protection]',
  '',
].join('\n');

beforeAll(async () => {
  moto = await startMoto({ env: { MOTO_ECS_SERVICE_RUNNING: '2' } });
  work = await mkdtemp(join(tmpdir(), 'verify-int-'));
  await writeFile(join(work, 'environments.yaml'), MODEL);
});

afterAll(async () => {
  await moto?.stop();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI entry (`tsx scripts/verify.ts`) as `npm run verify` would, in the scratch repository. */
function runVerify(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      tsx,
      [verifyScript, ...args],
      {
        cwd: options.cwd ?? work,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_REGION: 'us-east-1',
          AWS_PROFILE: '',
          ...options.env,
        },
      },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

interface Line {
  status: string;
  id: string;
  resource: string;
  reason: string;
}

function lines(stdout: string): Line[] {
  return stdout
    .split('\n')
    .map((line) => /^(PASS|FAIL|SKIP) {2}(\S+) +(\S+) {2}(.*)$/.exec(line))
    .filter((m) => m !== null)
    .map(([, status, id, resource, reason]) => ({ status: status!, id: id!, resource: resource!, reason: reason! }));
}

/** A root of the environment in the scratch repository (verify refuses outputs of the other one). */
async function rootDir(name: string, environment: StackOutputs['environment']): Promise<string> {
  const dir = join(work, name, environment);
  await mkdir(dir, { recursive: true });
  return dir;
}

async function writeOutputs(name: string, outputs: StackOutputs): Promise<string> {
  const file = join(work, `${name}.outputs.json`);
  await writeFile(file, terraformOutputJson(outputs));
  return file;
}

/** Parses the JUnit file with Python's XML parser (independent of our writer) and counts. */
function junitCounts(file: string): {
  suite: Record<string, string>;
  testcases: number;
  failures: number;
  errors: number;
  skipped: number;
} {
  const script = [
    'import json, sys, xml.etree.ElementTree as ET',
    'root = ET.parse(sys.argv[1]).getroot()',
    'suite = root.find("testsuite")',
    'cases = suite.findall("testcase")',
    'print(json.dumps({"suite": suite.attrib, "testcases": len(cases),',
    '  "failures": sum(1 for c in cases if c.find("failure") is not None),',
    '  "errors": sum(1 for c in cases if c.find("error") is not None),',
    '  "skipped": sum(1 for c in cases if c.find("skipped") is not None)}))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as ReturnType<
    typeof junitCounts
  >;
}

describe('npm run verify against moto', () => {
  let development: SeededStack;
  let production: SeededStack;
  let broken: SeededStack;

  beforeAll(async () => {
    const config = mocked(moto.endpoint);
    development = await seedStack(config, 'development', 'good');
    production = await seedStack(config, 'production', 'good');
    broken = await seedStack(mocked(moto.endpoint, 'us-west-2'), 'production', 'broken');
  });

  it('a development stack as specified passes, with WAF and chat mTLS skipped (not part of development) and the declared writable service', async () => {
    const root = await rootDir('dev-good', 'development');
    const junit = join(work, 'dev-good.xml');
    const run = await runVerify([
      '--root',
      root,
      '--outputs',
      await writeOutputs('dev-good', development.outputs),
      '--endpoint',
      moto.endpoint,
      '--junit',
      junit,
    ]);
    expect(run.stderr).not.toMatch(/error|failed/i);
    expect(run.code).toBe(0);
    const found = lines(run.stdout);
    const p = development.prefix;
    expect(found.filter((l) => l.status !== 'PASS').map((l) => `${l.status} ${l.id}: ${l.reason}`)).toEqual([
      'SKIP ecs.readonly-root-filesystem: the root declares a writable root filesystem (ecs_writable_root_filesystem_services)',
      'SKIP waf.alb-association: waf_web_acl_arn is null: not part of development',
      'SKIP elb.chat-mtls: chat_listener_arn is null: not part of development',
    ]);
    // What moto returned, as the checks saw it.
    expect(found).toContainEqual({
      status: 'PASS',
      id: 'ecs.service-stable',
      resource: `${p}/${p}-graphql`,
      reason: 'stable: running 2 of desired 2, primary deployment COMPLETED',
    });
    expect(found).toContainEqual({
      status: 'PASS',
      id: 'elb.target-health',
      resource: `${p}-graphql`,
      reason: '2 of 2 targets healthy',
    });
    expect(found).toContainEqual({
      status: 'PASS',
      id: 'rds.engine',
      resource: `${p}-postgres`,
      reason: 'postgres 17.4',
    });
    expect(found).toContainEqual({
      status: 'PASS',
      id: 's3.lifecycle',
      resource: `${p}-video-staging`,
      reason: 'objects expire after 1 day, noncurrent versions too',
    });
    expect(found).toContainEqual({
      status: 'PASS',
      id: 's3.lifecycle',
      resource: `${p}-media`,
      reason: 'incomplete multipart uploads aborted after 7 days',
    });
    expect(found).toContainEqual({
      status: 'PASS',
      id: 'lambda.runtime',
      resource: `${p}-hasura-cognito-trigger`,
      reason: expect.stringMatching(/^nodejs22\.x, supported until 2027-04-30/) as string,
    });
    // What moto stored for the checks of the HCL review: read-only root filesystems, access
    // logs, the account's CloudWatch role, the upload API's per-IP rate rule, staging's protection.
    expect(found).toContainEqual({
      status: 'PASS',
      id: 'ecs.readonly-root-filesystem',
      resource: `${p}/${p}-graphql`,
      reason: `task definition ${p}-graphql:1: every container's root filesystem is read-only`,
    });
    expect(found).toContainEqual({
      status: 'PASS',
      id: 'elb.access-logs',
      resource: `${p}-alb`,
      reason: `access logs to s3://${p}-alb-access-logs/${p}/`,
    });
    expect(found).toContainEqual({
      status: 'PASS',
      id: 'apigw.cloudwatch-role',
      resource: '123456789012/us-east-1',
      reason: expect.stringMatching(
        /^CloudWatch Logs role vt[0-9a-f]{6}-apigw-cloudwatch is set for API Gateway logging$/,
      ) as string,
    });
    expect(found).toContainEqual({
      status: 'PASS',
      id: 'waf.upload-api-rate-limit',
      resource: expect.stringMatching(/\/v1$/) as string,
      reason: `web ACL ${p}-upload-api blocks a client above 300 requests per 300 s (rule rate-limit-per-ip)`,
    });
    expect(found).toContainEqual({
      status: 'PASS',
      id: 'rds.deletion-protection',
      resource: `${p}-postgres`,
      reason: 'deletion protection on',
    });
    expect(found).toHaveLength(33);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      'verify development: 33 checks, 30 passed, 0 failed, 3 skipped',
    );

    const report = junitCounts(junit);
    expect(report).toMatchObject({ testcases: 33, failures: 0, errors: 0, skipped: 3 });
    expect(report.suite).toMatchObject({
      name: 'verify-development',
      tests: '33',
      failures: '0',
      errors: '0',
      skipped: '3',
    });
  });

  it('a production stack as specified passes every check moto can represent; moto drops the listener mTLS setting', async () => {
    // Through `$TF_BIN output -json` in the root (the project's stand-in terraform), with the
    // default JUnit path under the working directory.
    const root = await rootDir('prod-good', 'production');
    await mkdir(join(root, '.terraform'));
    const tfConfig = join(work, 'prod-good.fake-tf.json');
    await writeFile(
      tfConfig,
      JSON.stringify({ default: { outputs: JSON.parse(terraformOutputJson(production.outputs)) as unknown } }),
    );
    const cwd = join(work, 'prod-good');
    // From a directory without environments.yaml: the model is named, and so is the environment.
    const run = await runVerify(
      ['--root', 'production', '--endpoint', moto.endpoint, '--environments', join(work, 'environments.yaml')],
      { cwd, env: { TF_BIN: fakeTerraform, FAKE_TF_CONFIG: tfConfig } },
    );

    expect(run.stdout).toContain(`verify production (production, region us-east-1, endpoint ${moto.endpoint})\n`);
    expect(run.stderr).toContain('JUnit report: test-results/verify-production.xml\n');
    const found = lines(run.stdout);
    const notPassing = found.filter((l) => l.status !== 'PASS').map((l) => `${l.status} ${l.id}: ${l.reason}`);
    expect(notPassing).toEqual([
      'SKIP ecs.readonly-root-filesystem: the root declares a writable root filesystem (ecs_writable_root_filesystem_services)',
      "FAIL elb.chat-mtls: mutual authentication is not configured (mode off); expected 'verify'",
    ]);
    expect(run.code).toBe(1);
    expect(found).toContainEqual({
      status: 'PASS',
      id: 'waf.alb-association',
      resource: `${production.prefix}-alb`,
      reason: `web ACL ${production.prefix}-chat-protect is associated with the ALB`,
    });
    expect(found).toContainEqual({
      status: 'PASS',
      id: 'rds.deletion-protection',
      resource: `${production.prefix}-postgres`,
      reason: 'deletion protection on',
    });
    expect(found).toHaveLength(33);

    // The seed asked for mode verify with a trust store; moto 5.2.1 returns no MutualAuthentication.
    expect(production.requestedMutualAuthentication.Mode).toBe('verify');
    const elb = new ElasticLoadBalancingV2Client(mocked(moto.endpoint));
    const listener = (
      await elb.send(new DescribeListenersCommand({ ListenerArns: [production.outputs.chat_listener_arn!] }))
    ).Listeners?.[0];
    expect(listener?.Port).toBe(8448);
    expect(listener?.MutualAuthentication).toBeUndefined();

    const report = junitCounts(join(cwd, 'test-results', 'verify-production.xml'));
    expect(report).toMatchObject({ testcases: 33, failures: 1, errors: 0, skipped: 1 });
  });

  it('a broken production stack fails each check with the reason', async () => {
    const p = broken.prefix;
    const root = await rootDir('prod-broken', 'production');
    const junit = join(work, 'prod-broken.xml');
    // --wait 3: the failing ECS and target-group checks are read again (once), and still fail.
    const run = await runVerify(
      [
        '--root',
        root,
        '--outputs',
        await writeOutputs('prod-broken', broken.outputs),
        '--endpoint',
        moto.endpoint,
        '--junit',
        junit,
        '--wait',
        '3',
      ],
      { env: { AWS_REGION: 'us-west-2' } },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `waiting for 4 check(s) to settle (ecs.service-stable ${p}/${p}-graphql, ecs.service-stable ${p}/${p}-auth, elb.target-health ${p}-graphql, elb.target-health ${p}-storage), `,
    );
    expect(run.stderr).toMatch(/to settle \(.*\), [1-3] s left\n/);
    const found = lines(run.stdout);
    const byKey = new Map(found.map((l) => [`${l.id} ${l.resource}`, `${l.status} ${l.reason}`]));
    const supported = String.raw`\(supported: .*\)`;

    const expected: [string, string | RegExp][] = [
      [
        `ecs.service-stable ${p}/${p}-graphql`,
        /^FAIL running 2 of desired 3; primary deployment IN_PROGRESS \(ECS deployment ecs-svc\/\d+ in progress\.\)$/,
      ],
      [`ecs.service-stable ${p}/${p}-storage`, 'PASS stable: running 2 of desired 2, primary deployment COMPLETED'],
      [`ecs.service-stable ${p}/${p}-auth`, 'FAIL service not found in the cluster (MISSING)'],
      [
        `ecs.readonly-root-filesystem ${p}/${p}-graphql`,
        `FAIL task definition ${p}-graphql:1: root filesystem writable in graphql (expected read-only; the root lists services whose image needs it in ecs_writable_root_filesystem_services)`,
      ],
      [
        `ecs.readonly-root-filesystem ${p}/${p}-storage`,
        `FAIL task definition ${p}-storage:1: root filesystem writable in storage (expected read-only; the root lists services whose image needs it in ecs_writable_root_filesystem_services)`,
      ],
      [`ecs.readonly-root-filesystem ${p}/${p}-auth`, 'FAIL service not found in the cluster (MISSING)'],
      [`elb.access-logs ${p}-alb`, 'FAIL access logs are off (access_logs.s3.enabled is not set)'],
      [
        'apigw.cloudwatch-role 123456789012/us-west-2',
        'FAIL no CloudWatch Logs role is set in the API Gateway account settings of this account and region (an account prerequisite: stage logging fails without it)',
      ],
      [
        `waf.upload-api-rate-limit ${stageOf(broken.outputs.video_upload_stage_arn)}`,
        `FAIL web ACL ${p}-upload-api: the per-client rate rule rate-limit-per-ip only counts (expected action Block)`,
      ],
      [`elb.target-health ${p}-graphql`, 'FAIL no registered targets'],
      [
        `elb.target-health ${p}-storage`,
        /^FAIL 1 of 1 targets not healthy: i-[0-9a-f]+:5000 unused \(Target\.InvalidState: Target is in the stopped state\)$/,
      ],
      [`rds.engine ${p}-postgres`, 'FAIL engine is postgres 16.3 (expected postgres 17.x)'],
      [`rds.private ${p}-postgres`, 'FAIL PubliclyAccessible is true (expected false)'],
      [`rds.encrypted ${p}-postgres`, 'FAIL StorageEncrypted is false (expected true)'],
      [`rds.backup-retention ${p}-postgres`, 'FAIL backup retention is 1 day (expected 7 days)'],
      [`rds.deletion-protection ${p}-postgres`, 'FAIL DeletionProtection is false (expected true)'],
      [`s3.public-access-block ${p}-media`, 'FAIL no public access block configured (expected all four flags true)'],
      [
        `s3.encryption ${p}-media`,
        'FAIL no default encryption configured (expected one of AES256, aws:kms, aws:kms:dsse)',
      ],
      [`s3.versioning ${p}-media`, 'FAIL versioning is not enabled (never configured) (expected Enabled)'],
      [
        `s3.lifecycle ${p}-media`,
        'FAIL no enabled whole-bucket rule aborts incomplete multipart uploads after 7 days (found 30 days)',
      ],
      [
        `s3.public-access-block ${p}-video-staging`,
        'FAIL public access block flags not true: BlockPublicPolicy, RestrictPublicBuckets',
      ],
      [`s3.encryption ${p}-video-staging`, 'PASS default encryption AES256'],
      [
        `s3.lifecycle ${p}-video-staging`,
        'FAIL bucket is versioned but noncurrent versions do not expire within 1 day',
      ],
      [`s3.public-access-block ${p}-video-final`, 'PASS all four public access block flags are true'],
      [
        `s3.encryption ${p}-video-final`,
        'FAIL no default encryption configured (expected one of AES256, aws:kms, aws:kms:dsse)',
      ],
      [
        `s3.public-access-block ${p}-video-client`,
        `FAIL GetPublicAccessBlock failed for ${p}-video-client: The specified bucket does not exist`,
      ],
      [
        `s3.encryption ${p}-video-client`,
        `FAIL GetBucketEncryption failed for ${p}-video-client: The specified bucket does not exist`,
      ],
      [
        `waf.alb-association ${p}-alb`,
        `FAIL no web ACL is associated with the ALB (expected ${broken.outputs.waf_web_acl_arn})`,
      ],
      [
        `cognito.self-registration ${broken.outputs.cognito_user_pool_id}`,
        'FAIL self-registration is enabled: AllowAdminCreateUserOnly is false (expected true)',
      ],
      [
        `cognito.password-policy ${broken.outputs.cognito_user_pool_id}`,
        'FAIL minimum length 6 (expected at least 8); does not require symbol',
      ],
      [
        `apigw.usage-plan ${broken.outputs.usage_plan_id}`,
        'FAIL quota is 5000/WEEK (expected 10000/DAY); rate limit is 100 req/s (expected 10 req/s); the usage plan is not attached to any API stage',
      ],
      [
        `lambda.runtime ${p}-presigned-url-generator`,
        new RegExp(`^FAIL runtime nodejs20\\.x was deprecated on 2026-04-30 ${supported}$`),
      ],
      [
        `lambda.runtime ${p}-file-validator`,
        new RegExp(`^FAIL runtime nodejs18\\.x was deprecated on 2025-09-01 ${supported}$`),
      ],
      [
        `lambda.runtime ${p}-hasura-cognito-sync-users`,
        `FAIL GetFunctionConfiguration failed for ${p}-hasura-cognito-sync-users: Function not found: arn:aws:lambda:us-west-2:123456789012:function:${p}-hasura-cognito-sync-users`,
      ],
      [
        `elb.chat-mtls ${arnTail(broken.outputs.chat_listener_arn!)}`,
        "FAIL mutual authentication is not configured (mode off); expected 'verify'",
      ],
    ];
    for (const [key, want] of expected) {
      const got = byKey.get(key);
      if (typeof want === 'string') expect(got, key).toBe(want);
      else expect(got, key).toMatch(want);
    }
    expect(found).toHaveLength(expected.length);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      `verify production: ${expected.length} checks, 3 passed, ${expected.length - 3} failed, 0 skipped`,
    );

    // Failed calls are JUnit errors, the other failures are failures.
    expect(junitCounts(junit)).toMatchObject({
      testcases: expected.length,
      failures: expected.length - 3 - 3,
      errors: 3,
      skipped: 0,
    });
  });

  it('a resource named in the outputs but missing in AWS fails with the call and resource named', async () => {
    const outputs = { ...development.outputs, database_identifier: `${development.prefix}-missing` };
    const out: string[] = [];
    const code = await main(
      [
        '--root',
        await rootDir('dev-missing-db', 'development'),
        '--outputs',
        await writeOutputs('dev-missing-db', outputs),
        '--endpoint',
        moto.endpoint,
        '--junit',
        join(work, 'missing.xml'),
      ],
      { AWS_REGION: 'us-east-1' },
      { stdout: (t) => out.push(t), stderr: () => undefined, cwd: work },
    );
    expect(code).toBe(1);
    const rdsLines = lines(out.join('')).filter((l) => l.id.startsWith('rds.'));
    expect(rdsLines.map((l) => l.id)).toEqual([
      'rds.engine',
      'rds.private',
      'rds.encrypted',
      'rds.backup-retention',
      'rds.deletion-protection',
    ]);
    const db = `${development.prefix}-missing`;
    for (const line of rdsLines)
      expect(line).toMatchObject({
        status: 'FAIL',
        resource: db,
        reason: `DescribeDBInstances failed for ${db}: DBInstance ${db} not found.`,
      });
  });
});

describe('npm run verify: errors are one line and exit 2', () => {
  it('a missing outputs file', async () => {
    const root = await rootDir('errors', 'production');
    const run = await runVerify(['--root', root, '--outputs', join(work, 'nope.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`verify: Cannot read outputs file ${join(work, 'nope.json')}: no such file.\n`);
    expect(run.stdout).toBe('');
  });

  it("terraform output failing in the root names the command and terraform's error", async () => {
    const root = await rootDir('errors-tf', 'production');
    await mkdir(join(root, '.terraform'), { recursive: true });
    const tfConfig = join(work, 'errors.fake-tf.json');
    await writeFile(tfConfig, JSON.stringify({ default: { fail: { output: 'No outputs found (state is empty)' } } }));
    const run = await runVerify(['--root', root], { env: { TF_BIN: fakeTerraform, FAKE_TF_CONFIG: tfConfig } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `verify: '${fakeTerraform} output -json' in ${root} failed (exit 1): Error: No outputs found (state is empty)\n`,
    );
  });

  it('a terraform binary that does not exist', async () => {
    const root = await rootDir('errors-notf', 'production');
    const run = await runVerify(['--root', root], { env: { TF_BIN: join(work, 'no-terraform') } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `verify: '${join(work, 'no-terraform')} output -json' in ${root} failed: '${join(work, 'no-terraform')}' was not found (install Terraform or set TF_BIN).\n`,
    );
  });

  it('an endpoint that cannot be reached: one line "could not run", exit 2, no FAIL lines', async () => {
    const root = await rootDir('unreachable', 'production');
    const file = join(work, 'unreachable.outputs.json');
    await writeFile(file, terraformOutputJson(productionOutputs));
    // Port 9 (discard) on the loopback address: nothing listens there, the connection is refused.
    const run = await runVerify(['--root', root, '--outputs', file, '--endpoint', 'http://127.0.0.1:9'], {
      env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^verify: could not run: AWS \(region us-east-1, endpoint http:\/\/127\.0\.0\.1:9\) could not be reached: .*ECONNREFUSED.* \(\d+ of \d+ checks; JUnit report: .*\)\n$/,
    );
    expect(run.stdout).not.toMatch(/^(PASS|FAIL|SKIP) /m);
  });

  it('invalid outputs JSON names the file and the fields', async () => {
    const root = await rootDir('errors-json', 'production');
    const file = join(work, 'invalid.outputs.json');
    await writeFile(file, JSON.stringify({ environment: { value: 'production', type: 'string', sensitive: false } }));
    const run = await runVerify(['--root', root, '--outputs', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `^verify: Invalid outputs in ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: alb_arn: is required \\(expected string\\); ecs_cluster_name: is required \\(expected string\\); .*\\.\\n$`,
      ),
    );
    expect(run.stderr.split('\n')).toHaveLength(2);
  });
});

/** `…/restapis/ID/stages/NAME` → `ID/NAME` (the resource column of waf.upload-api-rate-limit). */
function stageOf(arn: string): string {
  return /\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(arn)?.slice(1).join('/') ?? arn;
}

/** `…:listener/app/LB/LBID/ID` → `LB/LBID/ID` (the resource column of elb.chat-mtls). */
function arnTail(arn: string): string {
  return arn.split(':listener/app/')[1] ?? arn;
}

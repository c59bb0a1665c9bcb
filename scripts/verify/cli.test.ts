import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HELP, main, type VerifyIo } from './cli.js';
import { AwsCallError, isUnreachable, type AwsApi, type AwsOptions } from './aws.js';
import { ToolError } from '../../src/lib/errors.js';
import { development, healthyApi, production, terraformOutputJson } from './test-helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verify-cli-'));
  await mkdir(join(dir, 'production'));
  await mkdir(join(dir, 'development'));
  await mkdir(join(dir, 'tools'));
  await writeFile(join(dir, 'prod.json'), terraformOutputJson(production));
  await writeFile(join(dir, 'dev.json'), terraformOutputJson(development));
  await writeFile(
    join(dir, 'environments.yaml'),
    [
      'version: 1',
      'environments:',
      '  - name: production',
      '    roots: [production]',
      '    verify: [rds.deletion-protection, waf.alb-association, elb.chat-mtls]',
      '  - name: development',
      '    roots: [development]',
      '    verify: []',
      '  - name: tools',
      '    roots: [tools]',
      '',
    ].join('\n'),
  );
});

function io(aws: AwsApi = healthyApi()) {
  const out: string[] = [];
  const err: string[] = [];
  const seen: AwsOptions[] = [];
  const value: VerifyIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    aws: (options) => {
      seen.push(options);
      return aws;
    },
    today: new Date('2026-11-27T00:00:00Z'),
    cwd: dir,
  };
  return { io: value, out: () => out.join(''), err: () => err.join(''), seen };
}

describe('verify CLI', () => {
  it('--help prints the usage with every flag and exits 0', async () => {
    const t = io();
    expect(await main(['--help'], {}, t.io)).toBe(0);
    expect(t.out()).toBe(HELP);
    for (const flag of [
      '--root DIR',
      '--outputs FILE',
      '--endpoint URL',
      '--junit FILE',
      '--wait SECONDS',
      'AWS_REGION',
      'TF_BIN',
    ])
      expect(HELP).toContain(flag);
  });

  it('runs every check, prints one line each and a summary, writes JUnit, exits 0 when all pass', async () => {
    const t = io();
    const junit = join(dir, 'reports', 'prod.xml');
    const code = await main(
      ['--root', join(dir, 'production'), '--outputs', join(dir, 'prod.json'), '--junit', junit],
      {},
      t.io,
    );
    expect(code).toBe(0);
    const lines = t.out().trimEnd().split('\n');
    expect(lines[0]).toBe('verify production (production, region us-east-1)');
    // Synapse's image needs a writable root filesystem (the root says so): that check is skipped.
    expect(lines.at(-1)).toBe('verify production: 32 checks, 31 passed, 0 failed, 1 skipped');
    expect(lines.slice(1, -2).every((line) => /^(PASS|SKIP) {2}\S+ +\S+ {2}\S/.test(line))).toBe(true);
    expect(lines.filter((line) => line.startsWith('SKIP'))).toEqual([
      'SKIP  ecs.readonly-root-filesystem  phenom-prod/phenom-prod-synapse  the root declares a writable root filesystem (ecs_writable_root_filesystem_services)',
    ]);
    expect(await readFile(junit, 'utf8')).toContain(
      '<testsuite name="verify-production" tests="32" failures="0" errors="0" skipped="1"',
    );
    expect(t.seen).toEqual([{ region: 'us-east-1' }]);
  });

  it('exits 1 when a check fails, and passes --endpoint and AWS_REGION to the clients', async () => {
    const t = io({ ...healthyApi(), bucketVersioning: () => Promise.resolve('Suspended') });
    const args = [
      '--root',
      join(dir, 'development'),
      '--outputs',
      join(dir, 'dev.json'),
      '--junit',
      join(dir, 'dev.xml'),
      '--endpoint',
      'http://127.0.0.1:5000',
    ];
    expect(await main(args, { AWS_REGION: 'eu-west-1' }, t.io)).toBe(1);
    expect(t.out()).toMatch(
      /^FAIL {2}s3\.versioning +phenom-prod-media {2}versioning is Suspended \(expected Enabled\)$/m,
    );
    expect(t.out()).toMatch(
      /^SKIP {2}waf\.alb-association +phenom-prod-alb {2}waf_web_acl_arn is null: not part of development$/m,
    );
    expect(t.seen).toEqual([{ region: 'eu-west-1', endpoint: 'http://127.0.0.1:5000' }]);
  });

  it('refuses bad flags with one clear line', async () => {
    const run = (args: string[]) => main(args, {}, io().io);
    await expect(run([])).rejects.toThrow('verify needs --root DIR (e.g. --root environments/production); see --help.');
    await expect(run(['--root', join(dir, 'missing')])).rejects.toThrow(
      `--root '${join(dir, 'missing')}' is not a directory.`,
    );
    await expect(
      run(['--root', dir, '--outputs', join(dir, 'prod.json'), '--endpoint', 'localhost:5000']),
    ).rejects.toThrow("Invalid --endpoint 'localhost:5000'. Expected an http(s) URL such as http://127.0.0.1:5000.");
    await expect(run(['--root', dir, '--nope'])).rejects.toThrow("Unknown option '--nope' (see --help)");
    await expect(run(['--root', dir, '--outputs', join(dir, 'prod.json'), '--wait', '5m'])).rejects.toThrow(
      "Invalid --wait '5m'. Expected whole seconds from 0 to 3600.",
    );
    await expect(run(['--root', dir, '--outputs', join(dir, 'prod.json'), '--wait', '7200'])).rejects.toThrow(
      "Invalid --wait '7200'. Expected whole seconds from 0 to 3600.",
    );
    await expect(run(['--root', join(dir, 'production'), '--outputs', join(dir, 'none.json')])).rejects.toThrow(
      `Cannot read outputs file ${join(dir, 'none.json')}: no such file.`,
    );
  });

  it('refuses outputs of the other environment', async () => {
    await expect(
      main(['--root', join(dir, 'production'), '--outputs', join(dir, 'dev.json')], {}, io().io),
    ).rejects.toThrow(
      `The outputs say environment 'development', but --root '${join(dir, 'production')}' is production. Expected the outputs of that root.`,
    );
  });

  it("takes the root's environment and its required checks from the environment model", async () => {
    const outside = await mkdtemp(join(tmpdir(), 'verify-copy-'));
    const run = (args: string[], t = io()) => main([...args, '--junit', join(dir, 'm.xml')], {}, t.io);
    await expect(run(['--root', outside, '--outputs', join(dir, 'dev.json')])).rejects.toThrow(
      `--root '${outside}' belongs to no environment in environments.yaml (environments: production, development, tools); add it to one environment's roots, or pass --environment NAME.`,
    );
    const copy = io();
    expect(
      await run(['--root', outside, '--outputs', join(dir, 'dev.json'), '--environment', 'development'], copy),
    ).toBe(0);
    expect(copy.out()).toMatch(/^SKIP {2}waf\.alb-association /m);
    await expect(
      run(['--root', 'production', '--outputs', join(dir, 'prod.json'), '--environment', 'development']),
    ).rejects.toThrow(
      "--environment 'development' disagrees with environments.yaml, which assigns --root 'production' to production.",
    );
    await expect(run(['--root', 'tools', '--outputs', join(dir, 'prod.json')])).rejects.toThrow(
      'environments.yaml: environments[2] (tools) has no verify list (line 9): it declares no deployed stack to verify.',
    );
    // Production requires WAF: a null output there fails instead of skipping.
    const noWaf = join(dir, 'prod-no-waf.json');
    await writeFile(noWaf, terraformOutputJson({ ...production, waf_web_acl_arn: null }));
    const prod = io();
    expect(await run(['--root', 'production', '--outputs', noWaf], prod)).toBe(1);
    expect(prod.out()).toMatch(/^FAIL {2}waf\.alb-association .*but production must have it$/m);
  });
});

describe('verify CLI when AWS cannot be reached', () => {
  const refused = (call: string) =>
    new AwsCallError(`${call} failed: connect ECONNREFUSED 127.0.0.1:9`, {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
  /** Every call fails before reaching AWS. */
  const unreachableApi = new Proxy({} as AwsApi, {
    get: (_target, call: string) => () => Promise.reject(refused(call)),
  });

  it('is one "could not run" error (exit 2 at the boundary), not a FAIL per check; the JUnit report is still written', async () => {
    const t = io(unreachableApi);
    const junit = join(dir, 'reports', 'unreachable.xml');
    const run = main(
      ['--root', join(dir, 'production'), '--outputs', join(dir, 'prod.json'), '--junit', junit, '--wait', '600'],
      {},
      t.io,
    );
    await expect(run).rejects.toThrow(ToolError);
    await expect(run).rejects.toThrow(
      /^could not run: AWS \(region us-east-1\) could not be reached: \w+ failed: connect ECONNREFUSED 127\.0\.0\.1:9 \(\d+ of \d+ checks; JUnit report: .*unreachable\.xml\)$/,
    );
    expect(t.out()).toBe('verify production (production, region us-east-1)\n');
    expect(await readFile(junit, 'utf8')).toContain('ECONNREFUSED');
  });

  it('an answer from AWS (not found, access denied) stays a failed check', () => {
    const answered = Object.assign(new Error('DBInstance x not found.'), {
      name: 'DBInstanceNotFoundFault',
      $metadata: { httpStatusCode: 404 },
    });
    expect(isUnreachable(answered)).toBe(false);
    expect(isUnreachable(Object.assign(new Error('x'), { name: 'CredentialsProviderError' }))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('x'), { name: 'TimeoutError' }))).toBe(true);
    expect(isUnreachable(new Error('wrapped', { cause: Object.assign(new Error('y'), { code: 'ENOTFOUND' }) }))).toBe(
      true,
    );
  });
});

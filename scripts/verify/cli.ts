/**
 * `npm run verify -- --root DIR [--outputs FILE] [--endpoint URL] [--junit FILE]`: reads the
 * root's outputs, checks the live resources, prints one line per check and a summary, and
 * writes a JUnit XML file. The root's environment and the environment-specific checks it
 * requires come from the environment model (environments.yaml). Exit 0 all passed (or
 * skipped), 1 a check failed, 2 could not run.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { readEnvironmentModel } from '../../io/environments.js';
import { EXIT_FINDINGS, EXIT_OK, parseCliArgs } from '../../io/cli.js';
import { ConfigurationError, ToolError } from '../../src/lib/errors.js';
import { environmentOfPath, type EnvironmentModel, type ModelEnvironment } from '../../src/model/index.js';
import { normalizeRepoPath, toPosix } from '../../src/repo/index.js';
import { createAwsApi, type AwsApi, type AwsOptions } from './aws.js';
import { ENVIRONMENT_CHECKS, EXPECTATIONS, type EnvironmentCheck } from './expectations.js';
import { toJUnitXml } from './junit.js';
import { readOutputsFile, readTerraformOutputs, type StackOutputs } from './outputs.js';
import { planChecks } from './plan.js';
import { countResults, formatReport } from './report.js';
import { runChecks } from './runner.js';

export const HELP = `Usage: npm run --silent verify -- --root DIR [--outputs FILE] [--endpoint URL] [--junit FILE] [--wait SECONDS]
                                 [--environment NAME] [--environments FILE]

Checks the live AWS resources of an applied environment root against its requirements (services
stable, target groups healthy, RDS private/encrypted/backed up, buckets locked down, WAF on
the ALB, Cognito self-registration off and password policy, upload API limits, Lambda
runtimes supported, chat listener mTLS). Prints one line per check,
  PASS|FAIL|SKIP  <check id>  <resource>  <why>
then a summary, and writes a JUnit XML file with one testcase per check.

Options:
  --root DIR        the environment root (e.g. environments/production); required
  --outputs FILE    'terraform output -json' saved to a file (e.g. by 'npm run infra -- apply',
                    .infra/apply/<name>/outputs.json); default: run '$TF_BIN output -json' in DIR
  --endpoint URL    send every AWS call to this endpoint (moto, LocalStack) instead of AWS
  --junit FILE      JUnit XML report; default test-results/verify-<root name>.xml
  --wait SECONDS    give ECS rollouts and target health checks up to this long to settle
                    (re-checked every 15 s); default 0: every check runs once
  --environment NAME  the root's environment; default: the environment environments.yaml
                    assigns DIR to (needed for a root outside the repository, e.g. a copy)
  --environments FILE  the environment model; default environments.yaml in the working
                    directory. Its \`verify:\` list says which environment-specific checks
                    (${ENVIRONMENT_CHECKS.join(', ')}) an environment
                    requires; an environment without \`verify:\` is not verified
  -h, --help        this text

Environment: AWS_REGION (default us-east-1), AWS credentials as for any @aws-sdk client
(OIDC role in CI), TF_BIN (default terraform).
Exit codes: 0 every check passed or was skipped, 1 a check failed, 2 the suite could not run
(bad flag, unreadable or invalid outputs or environment model, a root in no environment,
terraform failed, AWS could not be reached: no connection or no credentials — one line "could not
run: …" instead of a FAIL per check), 70 internal error (a bug; the line names the file holding
the stack trace).
`;

export interface VerifyIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Defaults to the SDK implementation for the given options. */
  aws?(options: AwsOptions): AwsApi;
  /** Defaults to now. */
  today?: Date;
  /** Where environments.yaml is looked for and relative roots start; defaults to the working directory. */
  cwd?: string;
}

const defaultIo: VerifyIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function parseEndpoint(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new ConfigurationError(
      `Invalid --endpoint '${value}'. Expected an http(s) URL such as http://127.0.0.1:5000.`,
    );
  return value;
}

const MAX_WAIT_SECONDS = 3600;

function parseWait(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > MAX_WAIT_SECONDS)
    throw new ConfigurationError(`Invalid --wait '${value}'. Expected whole seconds from 0 to ${MAX_WAIT_SECONDS}.`);
  return n;
}

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: VerifyIo = defaultIo,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  const { values } = parseCliArgs({
    args: argv,
    options: {
      root: { type: 'string' },
      outputs: { type: 'string' },
      endpoint: { type: 'string' },
      junit: { type: 'string' },
      wait: { type: 'string' },
      environment: { type: 'string' },
      environments: { type: 'string' },
    },
  });
  if (!values.root)
    throw new ConfigurationError('verify needs --root DIR (e.g. --root environments/production); see --help.');
  const cwd = io.cwd ?? process.cwd();
  const root = resolve(cwd, values.root);
  const isDir = await stat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new ConfigurationError(`--root '${values.root}' is not a directory.`);
  const endpoint = parseEndpoint(values.endpoint);
  const waitSeconds = parseWait(values.wait);
  // The model's paths are relative to its repository: the directory that holds it.
  const modelFile = values.environments && resolve(cwd, values.environments);
  const repository = modelFile ? dirname(modelFile) : cwd;
  const model = await readEnvironmentModel(repository, { path: modelFile, source: '--environments' });
  const environment = environmentOf(model, repository, values.root, root, values.environment);
  const required = requiredChecks(model, environment);
  const region = env.AWS_REGION?.trim() || 'us-east-1';
  const rootName = basename(resolve(root));

  const outputs: StackOutputs = values.outputs
    ? await readOutputsFile(values.outputs)
    : await readTerraformOutputs(env.TF_BIN?.trim() || 'terraform', root);
  if (outputs.environment !== environment.name) {
    throw new ConfigurationError(
      `The outputs say environment '${outputs.environment}', but --root '${values.root}' is ${environment.name}. Expected the outputs of that root.`,
    );
  }

  const aws = (io.aws ?? createAwsApi)({ region, ...(endpoint ? { endpoint } : {}) });
  const target = `region ${region}${endpoint ? `, endpoint ${endpoint}` : ''}`;
  io.stdout(`verify ${rootName} (${outputs.environment}, ${target})\n`);
  const checks = planChecks({ outputs, aws, expectations: EXPECTATIONS, required, today: io.today ?? new Date() });
  const started = performance.now();
  const results = await runChecks(checks, {
    waitMs: waitSeconds * 1000,
    onRetry: (pending, remainingMs) =>
      io.stderr(
        `waiting for ${pending.length} check(s) to settle (${pending.map((r) => `${r.id} ${r.resource}`).join(', ')}), ${Math.ceil(remainingMs / 1000)} s left\n`,
      ),
  });
  const durationMs = performance.now() - started;
  const junit = values.junit ?? `test-results/verify-${rootName}.xml`;
  const writeJUnit = async () => {
    await mkdir(dirname(resolve(junit)), { recursive: true });
    await writeFile(
      junit,
      toJUnitXml(results, { suite: `verify-${rootName}`, timestamp: new Date().toISOString(), durationMs }),
    );
  };
  // A network problem is not a finding about the stack: no PASS/FAIL lines, one line, exit 2.
  const unreachable = results.filter((r) => r.unreachable);
  if (unreachable.length > 0) {
    await writeJUnit();
    throw new ToolError(
      { tool: 'AWS', detail: unreachable[0]!.reason },
      {
        message: `could not run: AWS (${target}) could not be reached: ${unreachable[0]!.reason} (${unreachable.length} of ${results.length} checks; JUnit report: ${junit})`,
      },
    );
  }
  io.stdout(formatReport(results, rootName));
  await writeJUnit();
  io.stderr(`JUnit report: ${junit}\n`);
  return countResults(results).failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * The root's environment: `--environment` when given (it must agree with the model when the
 * model assigns the root), else the one environments.yaml assigns the root to.
 */
function environmentOf(
  model: EnvironmentModel,
  repository: string,
  rootArg: string,
  root: string,
  named: string | undefined,
): ModelEnvironment {
  const rel = toPosix(relative(repository, root));
  const inside = rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel);
  const owner = inside ? environmentOfPath(model, normalizeRepoPath(rel || '.')) : undefined;
  const names = model.environments.map((e) => e.name).join(', ');
  if (named !== undefined) {
    const env = model.environments.find((e) => e.name === named);
    if (!env)
      throw new ConfigurationError(`Unknown --environment '${named}'. Expected one of: ${names} (${model.file}).`);
    if (owner && owner !== env)
      throw new ConfigurationError(
        `--environment '${named}' disagrees with ${model.file}, which assigns --root '${rootArg}' to ${owner.name}.`,
      );
    return env;
  }
  if (!owner)
    throw new ConfigurationError(
      `--root '${rootArg}' belongs to no environment in ${model.file} (environments: ${names}); add it to one environment's roots, or pass --environment NAME.`,
    );
  return owner;
}

/** The environment-specific checks the environment requires; verify runs only where the model lists them. */
function requiredChecks(model: EnvironmentModel, env: ModelEnvironment): ReadonlySet<EnvironmentCheck> {
  if (!env.verify)
    throw new ConfigurationError(
      `${model.file}: environments[${env.index}] (${env.name}) has no verify list (line ${env.line}): it declares no deployed stack to verify.`,
    );
  const known = ENVIRONMENT_CHECKS as readonly string[];
  env.verify.forEach((id, i) => {
    if (!known.includes(id))
      throw model.error(
        ['environments', env.index, 'verify', i],
        `'${id}' is not an environment-specific check (expected one of: ${ENVIRONMENT_CHECKS.join(', ')})`,
      );
  });
  return new Set(env.verify as EnvironmentCheck[]);
}

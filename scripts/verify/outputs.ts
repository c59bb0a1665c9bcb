/**
 * The environment root's Terraform outputs, as `terraform output -json` prints them:
 * `{ "<name>": { "value": …, "type": …, "sensitive": bool } }`. Validated with zod at the
 * edge; only the outputs the checks read are required, others are ignored.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { validate } from '../../modules/shared-functions/src/zod-issues.js';
import { ConfigurationError, ToolError } from '../../src/lib/errors.js';
import { firstError } from '../../src/orchestrate/terraform.js';

const outputEntry = z.object({ value: z.unknown(), type: z.unknown(), sensitive: z.boolean() });
const outputFile = z.record(z.string(), outputEntry);

const name = z.string().min(1);
/** Outputs that are `null` in an environment are absent from `terraform output -json`. */
const optionalName = name
  .nullable()
  .optional()
  .transform((v) => v ?? null);

const stackOutputs = z.object({
  environment: name,
  alb_arn: name,
  ecs_cluster_name: name,
  ecs_service_names: z.array(name),
  target_group_arns: z.record(z.string(), name),
  database_identifier: name,
  s3_bucket_name: name,
  video_staging_bucket: name,
  video_final_bucket: name,
  video_client_hosting_bucket: name,
  cognito_user_pool_id: name,
  usage_plan_id: name,
  lambda_function_names: z.array(name),
  waf_web_acl_arn: optionalName,
  chat_listener_arn: optionalName,
  video_upload_stage_arn: name,
  alb_access_logs_bucket: optionalName,
  /** Services whose image needs a writable root filesystem (absent: none). */
  ecs_writable_root_filesystem_services: z
    .array(name)
    .optional()
    .transform((v) => v ?? []),
});

export type StackOutputs = z.output<typeof stackOutputs>;

/**
 * Parses the text of `terraform output -json`. `source` names the file or command in every
 * error ("Invalid outputs in out.json: alb_arn: missing").
 */
export function parseOutputs(text: string, source: string): StackOutputs {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(
      `Invalid outputs in ${source}: not JSON (${error instanceof Error ? error.message : String(error)}). Expected the output of 'terraform output -json'.`,
    );
  }
  const file = validate(outputFile, json, { all: true });
  if (!file.ok) {
    throw new ConfigurationError(
      `Invalid outputs in ${source}: ${file.message}. Expected the shape of 'terraform output -json': {"<name>": {"value", "type", "sensitive"}}.`,
    );
  }
  const values = Object.fromEntries(Object.entries(file.value).map(([key, entry]) => [key, entry.value]));
  const outputs = validate(stackOutputs, values, { all: true });
  if (!outputs.ok) throw new ConfigurationError(`Invalid outputs in ${source}: ${outputs.message}.`);
  return outputs.value;
}

export async function readOutputsFile(path: string): Promise<StackOutputs> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'no such file' : error.message;
    throw new ConfigurationError(`Cannot read outputs file ${path}: ${why}.`);
  });
  return parseOutputs(text, path);
}

const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Runs `<tfBin> output -json -no-color` in `root` and parses what it prints. */
export async function readTerraformOutputs(tfBin: string, root: string): Promise<StackOutputs> {
  const command = `'${tfBin} output -json' in ${root}`;
  const stdout = await new Promise<string>((resolveRun, reject) => {
    execFile(
      tfBin,
      ['output', '-json', '-no-color'],
      { cwd: root, maxBuffer: MAX_OUTPUT_BYTES, env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' } },
      (error, out, err) => {
        if (!error) return resolveRun(out);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT')
          return reject(
            new ToolError({ tool: command, detail: `'${tfBin}' was not found (install Terraform or set TF_BIN).` }),
          );
        reject(
          new ToolError({
            tool: command,
            exitCode: typeof error.code === 'number' ? error.code : null,
            signal: error.signal ?? null,
            detail: firstError(err) || error.message,
          }),
        );
      },
    );
  });
  return parseOutputs(stdout, command);
}

import { ConfigurationError, errorMessage } from '../lib/errors.js';
import { planSchema, type Plan } from './schema.js';

const BOM = '\uFEFF';

/**
 * Parses the text of `terraform show -json PLANFILE` (or `tofu show -json`). Accepts a UTF-8
 * byte order mark and any format_version from 0.1 to 1.x. Throws a ConfigurationError with a
 * one-line message naming `source` and what is wrong when the text is not JSON, not a plan,
 * or a shape this code does not support.
 */
export function parsePlan(text: string, source: string): Plan {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (!/\S/.test(body))
    throw new ConfigurationError(`${source}: empty file, expected the JSON of \`terraform show -json PLANFILE\`.`);
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    const hint = /^\s*\[command\]/.test(body)
      ? ' It starts with "[command]": the setup-terraform wrapper wrote it; set `terraform_wrapper: false` when capturing `show -json`.'
      : '';
    throw new ConfigurationError(`${source}: not valid JSON (${errorMessage(error)}).${hint}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigurationError(`${source}: not a Terraform plan: expected a JSON object, got ${describe(raw)}.`);
  }
  const version = (raw as { format_version?: unknown }).format_version;
  if (version === undefined) {
    throw new ConfigurationError(
      `${source}: not a Terraform plan: no format_version (expected the JSON of \`terraform show -json PLANFILE\`).`,
    );
  }
  if (typeof version === 'string' && /^\d+\.\d+$/.test(version) && !/^(0|1)\./.test(version)) {
    throw new ConfigurationError(`${source}: unsupported plan format_version '${version}' (expected 0.1 to 1.x).`);
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    throw new ConfigurationError(`${source}: not a Terraform plan: ${where}${issue?.message ?? 'invalid shape'}.`);
  }
  return parsed.data;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

import { ConfigurationError } from '../lib/errors.js';
import { stripBom } from '../../modules/shared-functions/src/text.js';
import { parsedPlanDigest } from './digest.js';
import { MAX_PLAN_NESTING, tooDeepAt, tooDeepError } from './nesting.js';
import { REDACTION_KEY, type Plan } from './schema.js';
import { validatePlan } from './validate.js';

/**
 * Parses the text of `terraform show -json PLANFILE` (or `tofu show -json`). Accepts a UTF-8
 * byte order mark, any format_version from 0.1 to 1.x, HCP Terraform / Terraform Enterprise's
 * redacted JSON (`plan_format_version`, no `format_version`) and plans written by
 * `plan-comment redact` (checked against the digest they carry). Throws a ConfigurationError
 * with a one-line message naming `source` and what is wrong when the text is not JSON, not a
 * plan, nested deeper than MAX_PLAN_NESTING, or a shape this code does not support. Messages
 * never quote the file's content (a cut plan would otherwise put its values in a log).
 */
export function parsePlan(text: string, source: string): Plan {
  const body = stripBom(text);
  if (!/\S/.test(body))
    throw new ConfigurationError(`${source}: empty file, expected the JSON of \`terraform show -json PLANFILE\`.`);
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    const hint = /^\s*\[command\]/.test(body)
      ? ' It starts with "[command]": the setup-terraform wrapper wrote it; set `terraform_wrapper: false` when capturing `show -json`.'
      : '';
    throw new ConfigurationError(`${source}: not valid JSON (${jsonErrorText(error, body)}).${hint}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigurationError(`${source}: not a Terraform plan: expected a JSON object, got ${describe(raw)}.`);
  }
  const document = raw as Record<string, unknown>;
  const version = document.format_version ?? document.plan_format_version;
  if (version === undefined) {
    throw new ConfigurationError(
      `${source}: not a Terraform plan: no format_version (expected the JSON of \`terraform show -json PLANFILE\`, or HCP Terraform's redacted plan JSON with plan_format_version).`,
    );
  }
  if (typeof version === 'string' && /^\d+\.\d+$/.test(version) && !/^(0|1)\./.test(version)) {
    throw new ConfigurationError(`${source}: unsupported plan format_version '${version}' (expected 0.1 to 1.x).`);
  }
  // Plan values may be secrets: a wrong value is described by its type only.
  const parsed = validatePlan(document);
  if (!parsed.ok) throw new ConfigurationError(`${source}: not a Terraform plan: ${parsed.message}.`);
  const plan = parsed.value;
  // The digest walks resource_changes and output_changes and refuses deep nesting on the way;
  // the other parts the renderers walk are checked here.
  const digest = parsedPlanDigest(plan, source, body);
  for (const field of ['resource_drift', 'deferred_changes', 'checks'] as const) {
    const deep = tooDeepAt(plan[field], MAX_PLAN_NESTING - 1);
    if (deep) throw tooDeepError(source, [field, ...deep]);
  }
  const redaction = plan[REDACTION_KEY];
  if (redaction && redaction.redacted_digest !== digest) {
    throw new ConfigurationError(
      `${source}: a plan written by \`plan-comment redact\` whose changes were edited afterwards (its digest ${digest} is not the recorded ${redaction.redacted_digest}); expected the file as the plan job wrote it.`,
    );
  }
  return plan;
}

/**
 * JSON.parse's message without the excerpt of the input that V8 quotes (`Unexpected token 'h',
 * ..."password": hunter2"... is not valid JSON`): a cut plan would leak its values into the log.
 * Where V8 gives a position, it becomes a line and column.
 */
function jsonErrorText(error: unknown, body: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (position) {
    const offset = Number(position[1]);
    const before = body.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const what = message.replace(/\s*in JSON at position \d+.*$/s, '');
    return `${/"/.test(what) ? 'unexpected character' : what} at line ${line}, column ${column}`;
  }
  if (/^Unexpected end of JSON input/.test(message)) return 'the text ends before the JSON does: is the file cut?';
  if (/^Unexpected token/.test(message)) return 'unexpected character';
  return 'unreadable JSON';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { z } from 'zod';
import { validate } from '../../../modules/shared-functions/src/zod-issues.js';
import { ConfigurationError, errorMessage } from '../../../src/lib/errors.js';
import { parsePlanSpecs, parseRoutineReplacements, type PlanSpec } from '../../../src/plan/index.js';
import {
  createRedactor,
  DEFAULT_HEADER,
  GITHUB_COMMENT_LIMIT,
  MIN_MAX_CHARS,
  slug,
  type Redactor,
} from '../../../src/render/plan/index.js';
import { INPUTS, MODES, type Mode } from './constants.js';
import { booleanInput, listInput } from '../../../io/action-inputs.js';

/** Everything the action needs from its runtime, read once (inputs, env, event payload). */
export interface Inputs {
  plans: PlanSpec[];
  token: string;
  mode: Mode;
  header: string;
  headerId: string;
  redactor: Redactor;
  labels: boolean;
  maxChars: number;
  /** Resource type patterns whose replacement is routine (src/plan/risk.ts). */
  routineReplacements: string[];
  commentAuthor?: string;
  pullRequest?: number;
  owner: string;
  repo: string;
  apiUrl?: string;
  runUrl?: string;
  headSha?: string;
}

/** The part of the event payload we read (validated; everything else is ignored). */
const eventSchema = z.looseObject({
  number: z.number().optional(),
  pull_request: z
    .looseObject({ number: z.number(), head: z.looseObject({ sha: z.string().optional() }).optional() })
    .optional(),
  issue: z.looseObject({ number: z.number(), pull_request: z.unknown().optional() }).optional(),
});

export function getInputs(env: NodeJS.ProcessEnv = process.env): Inputs {
  const redactor = createRedactor(listInput(INPUTS.masks), `input '${INPUTS.masks}'`);
  const plans = parsePlanSpecs(listInput(INPUTS.plans, { required: true }), `input '${INPUTS.plans}'`);
  const modeText = core.getInput(INPUTS.mode) || 'both';
  if (!(MODES as readonly string[]).includes(modeText)) {
    throw new ConfigurationError(
      `Invalid input '${INPUTS.mode}': '${modeText}'. Expected one of: ${MODES.join(', ')}.`,
    );
  }
  const mode = modeText as Mode;
  const token = core.getInput(INPUTS.githubToken);
  if (!token && mode !== 'summary')
    throw new ConfigurationError(
      `Input '${INPUTS.githubToken}' is empty. Expected a token that may write pull-request comments (or mode: summary).`,
    );
  const header = core.getInput(INPUTS.header).replace(/\s+/g, ' ').trim() || DEFAULT_HEADER;
  const maxCharsText = core.getInput(INPUTS.maxChars) || String(GITHUB_COMMENT_LIMIT);
  const maxChars = Number(maxCharsText);
  if (!/^\d+$/.test(maxCharsText) || maxChars < MIN_MAX_CHARS || maxChars > GITHUB_COMMENT_LIMIT) {
    throw new ConfigurationError(
      `Invalid input '${INPUTS.maxChars}': '${maxCharsText}'. Expected a whole number from ${MIN_MAX_CHARS} to ${GITHUB_COMMENT_LIMIT}.`,
    );
  }
  const repository = env.GITHUB_REPOSITORY ?? '';
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(repository);
  if (!match && mode !== 'summary')
    throw new ConfigurationError(`Invalid GITHUB_REPOSITORY '${repository}'. Expected format {owner}/{repo}.`);
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const prText = core.getInput(INPUTS.pullRequestNumber);
  if (prText && !/^[1-9]\d*$/.test(prText))
    throw new ConfigurationError(
      `Invalid input '${INPUTS.pullRequestNumber}': '${prText}'. Expected a pull request number.`,
    );
  const pullRequest = prText
    ? Number(prText)
    : (event?.pull_request?.number ?? (event?.issue?.pull_request ? event.issue.number : undefined));
  const routineReplacements = parseRoutineReplacements(
    [core.getInput(INPUTS.routineReplacements)],
    `input '${INPUTS.routineReplacements}'`,
  );
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const commentAuthor = core.getInput(INPUTS.commentAuthor);
  return {
    plans,
    token,
    mode,
    header,
    headerId: slug(header),
    redactor,
    labels: booleanInput(INPUTS.labels),
    maxChars,
    routineReplacements,
    ...(commentAuthor ? { commentAuthor } : {}),
    ...(pullRequest !== undefined ? { pullRequest } : {}),
    owner: match?.[1] ?? '',
    repo: match?.[2] ?? '',
    ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
    ...(env.GITHUB_RUN_ID && repository ? { runUrl: `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` } : {}),
    ...(event?.pull_request?.head?.sha
      ? { headSha: event.pull_request.head.sha }
      : env.GITHUB_SHA
        ? { headSha: env.GITHUB_SHA }
        : {}),
  };
}

function readEvent(path: string | undefined): z.infer<typeof eventSchema> | undefined {
  if (!path) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(
      `GITHUB_EVENT_PATH '${path}': cannot read the event payload (${errorMessage(error)}).`,
    );
  }
  const parsed = validate(eventSchema, raw, { values: false });
  if (!parsed.ok)
    throw new ConfigurationError(`GITHUB_EVENT_PATH '${path}': unexpected event payload (${parsed.message}).`);
  return parsed.value;
}

import { ConfigurationError, errorMessage } from '../lib/errors.js';
import { parsePlan } from './parse.js';
import { summarizePlan, type RootSummary } from './summary.js';

/** One `NAME=FILE` pair of `--plan` / the action's `plans` input. */
export interface PlanSpec {
  name: string;
  file: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;

/** Parses `NAME=FILE`; `origin` names the flag or input for the error message. */
export function parsePlanSpec(spec: string, origin: string): PlanSpec {
  const text = spec.trim();
  const eq = text.indexOf('=');
  const name = eq === -1 ? '' : text.slice(0, eq).trim();
  const file = eq === -1 ? '' : text.slice(eq + 1).trim();
  if (!name || !file)
    throw new ConfigurationError(
      `Invalid ${origin} '${text}'. Expected NAME=FILE (e.g. production=plans/production.json).`,
    );
  if (!NAME.test(name)) {
    throw new ConfigurationError(
      `Invalid root name '${name}' in ${origin}. Expected letters, digits, '.', '_', '-' or '/' (at most 100 characters).`,
    );
  }
  return { name, file };
}

/** Parses every spec and rejects a name given twice. */
export function parsePlanSpecs(specs: readonly string[], origin: string): PlanSpec[] {
  const parsed = specs.map((spec) => parsePlanSpec(spec, origin));
  if (parsed.length === 0) throw new ConfigurationError(`No plans given: ${origin} expects at least one NAME=FILE.`);
  const seen = new Set<string>();
  for (const { name } of parsed) {
    if (seen.has(name))
      throw new ConfigurationError(`Root name '${name}' is given twice in ${origin}. Expected one plan per root.`);
    seen.add(name);
  }
  return parsed;
}

/**
 * Reads, parses and summarizes each plan, in order. `read` is the shell's file reader
 * (injected: the core does no I/O). Any failure is a ConfigurationError naming the file.
 */
export async function loadPlans(
  specs: readonly PlanSpec[],
  read: (file: string) => Promise<string>,
): Promise<RootSummary[]> {
  const summaries: RootSummary[] = [];
  for (const { name, file } of specs) {
    let text: string;
    try {
      text = await read(file);
    } catch (error) {
      throw new ConfigurationError(`${file}: cannot read the plan of '${name}' (${errorMessage(error)}).`);
    }
    summaries.push(summarizePlan(name, parsePlan(text, file)));
  }
  return summaries;
}

/** The vocabulary of the verification suite: a check, its outcome, its result. */

export type Status = 'pass' | 'fail' | 'skip';

export interface Outcome {
  status: Status;
  /** One line saying why: what was found, and what was expected when it failed. */
  reason: string;
  /** Set when the check could not look at the resource (an AWS call failed); JUnit `<error>`. */
  callFailed?: boolean;
  /** Set when the failed call never reached AWS (connection, credentials): the suite could not run. */
  unreachable?: boolean;
}

export interface Check {
  /** Stable id, `<area>.<what>`, e.g. `rds.backup-retention`. */
  id: string;
  /** The resource it looks at (name, id or ARN suffix; no spaces). */
  resource: string;
  run(): Promise<Outcome>;
  /**
   * The state settles by itself after an apply (an ECS rollout, targets passing health
   * checks): with `--wait`, a failing transient check is run again until it passes or the
   * time is up. Its AWS reads are not cached, so every run sees the current state.
   */
  transient?: true;
}

export interface CheckResult extends Outcome {
  id: string;
  resource: string;
  durationMs: number;
}

export const pass = (reason: string): Outcome => ({ status: 'pass', reason });
export const fail = (reason: string): Outcome => ({ status: 'fail', reason });
export const skip = (reason: string): Outcome => ({ status: 'skip', reason });

/** Several findings of one check: pass with `ok` when there are none, else fail listing them all. */
export function verdict(problems: readonly string[], ok: string): Outcome {
  return problems.length === 0 ? pass(ok) : fail(problems.join('; '));
}

/** "1 day", "7 days". */
export function days(n: number | undefined): string {
  if (n === undefined) return 'unset';
  return n === 1 ? '1 day' : `${n} days`;
}

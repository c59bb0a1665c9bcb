import * as core from '@actions/core';
import { classifyError, failureLine } from '../src/lib/errors.js';
import { asKnownFailure } from './request-error.js';

/**
 * The actions' error boundary (their run() catches once and calls this): the step fails with
 * one line; for a bug the stack trace goes into the step log first. `redact` runs over both.
 */
export function failAction(prefix: string, thrown: unknown, redact: (text: string) => string = (t) => t): void {
  const error = asKnownFailure(thrown);
  if (classifyError(error).kind === 'internal') {
    core.info(redact(error instanceof Error && error.stack ? error.stack : String(error)));
    core.setFailed(redact(`${prefix}${failureLine(error)} (stack trace in the step log above)`));
    return;
  }
  core.setFailed(redact(`${prefix}${failureLine(error)}`));
}

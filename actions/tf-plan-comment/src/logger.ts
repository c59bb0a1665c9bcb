import * as core from '@actions/core';
import type { Logger } from '../../../src/lib/logger.js';
import type { Redactor } from '../../../src/render/plan/index.js';

/** The core's Logger on the Actions runtime; every message passes the `masks` first. */
export function createActionsLogger(redactor: Redactor): Logger {
  const clean = (message: string) => redactor.redact(message);
  return {
    debug: (message) => core.debug(clean(message)),
    info: (message) => core.info(clean(message)),
    warning: (message) => core.warning(clean(message)),
    error: (message) => core.error(clean(message)),
  };
}

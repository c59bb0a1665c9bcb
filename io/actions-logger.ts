import * as core from '@actions/core';
import type { Logger } from '../src/lib/logger.js';

/**
 * The core's Logger on the Actions runtime (debug lines show with ACTIONS_STEP_DEBUG). `redact`
 * runs over every message first (tf-plan-comment passes its `masks`).
 */
export function createActionsLogger(redact: (message: string) => string = (message) => message): Logger {
  return {
    debug: (message) => core.debug(redact(message)),
    info: (message) => core.info(redact(message)),
    warning: (message) => core.warning(redact(message)),
    error: (message) => core.error(redact(message)),
  };
}

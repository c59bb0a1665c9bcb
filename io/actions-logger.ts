import * as core from '@actions/core';
import type { Logger } from '../src/lib/logger.js';
import { logLine } from '../src/lib/control-characters.js';

/**
 * The core's Logger on the Actions runtime (debug lines show with ACTIONS_STEP_DEBUG). `redact`
 * runs over every message first (tf-plan-comment passes its `masks`). `core.info` writes the text
 * as it is, so its messages are kept to one line (a path holding `\n::error::` stays in it); the
 * other levels are workflow commands, which @actions/core escapes.
 */
export function createActionsLogger(redact: (message: string) => string = (message) => message): Logger {
  return {
    debug: (message) => core.debug(redact(message)),
    info: (message) => core.info(logLine(redact(message))),
    warning: (message) => core.warning(redact(message)),
    error: (message) => core.error(redact(message)),
  };
}

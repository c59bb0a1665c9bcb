import * as core from '@actions/core';
import type { Logger } from '../../../src/lib/logger.js';

/** The core's Logger on top of the Actions toolkit (debug lines show with ACTIONS_STEP_DEBUG). */
export const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  error: (message) => core.error(message),
};

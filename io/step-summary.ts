import { appendFile } from 'node:fs/promises';
import type { Logger } from '../src/lib/logger.js';

/**
 * Appends the Markdown `render` returns to the job summary. Without `$GITHUB_STEP_SUMMARY` (a
 * runner or an emulator that has no job summaries) the step goes on: one warning, nothing
 * rendered or written, false. The path is read when writing, not cached, so a test can point
 * each run at its own file.
 */
export async function appendStepSummary(render: () => string, logger: Logger): Promise<boolean> {
  const path = process.env.GITHUB_STEP_SUMMARY;
  if (!path) {
    logger.warning('GITHUB_STEP_SUMMARY is not set: no job summary written.');
    return false;
  }
  const markdown = render();
  await appendFile(path, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
  return true;
}

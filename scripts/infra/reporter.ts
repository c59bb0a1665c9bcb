/**
 * Progress of roots that run in parallel, without interleaving their output:
 *   - GitHub Actions (GITHUB_ACTIONS=true): each root's log in its own `::group::` block on
 *     stdout when the root finishes, failures as `::error::` annotations;
 *   - a terminal (stderr is a TTY): one live status line per root, redrawn in place;
 *   - anything else: one line per step on stderr.
 * Full logs stay in each root's plan.log.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { workflowCommand } from '../../src/render/workflow-command.js';

export interface RootResultLine {
  ok: boolean;
  /** One line: what happened ("2 to add, 1 to change" / the error). */
  summary: string;
}

export interface Reporter {
  start(name: string): void;
  step(name: string, step: string): void;
  finish(name: string, root: string, result: RootResultLine, logFile: string): Promise<void>;
}

export type ReporterMode = 'github' | 'tty' | 'plain';

export function detectMode(
  env: NodeJS.ProcessEnv = process.env,
  stream: { isTTY?: boolean } = process.stderr,
): ReporterMode {
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  return stream.isTTY && env.TERM !== 'dumb' ? 'tty' : 'plain';
}

export function createReporter(
  command: string,
  mode: ReporterMode,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Reporter {
  if (mode === 'github') {
    return {
      start: () => {},
      step: () => {},
      async finish(name, root, result, logFile) {
        const log = await readFile(logFile, 'utf8').catch(() => '(no log)\n');
        // A log line starting with '::' would be read as a workflow command: stop commands while
        // printing it. The log quotes values the pull request chose, so the token that resumes
        // commands must be one it cannot guess (GitHub's advice: a random one per use).
        const token = `infra-${randomUUID()}`;
        const title = result.summary.replace(/\s*[\r\n]+\s*/g, ' ');
        out.write(
          `${workflowCommand('group', {}, `${name} (${root}): ${result.ok ? 'ok' : 'FAILED'} — ${title}`)}\n::stop-commands::${token}\n${log}${log.endsWith('\n') ? '' : '\n'}::${token}::\n::endgroup::\n`,
        );
        if (!result.ok)
          out.write(`${workflowCommand('error', { title: `infra ${command} ${root}` }, result.summary)}\n`);
      },
    };
  }
  if (mode === 'plain') {
    return {
      start: (name) => err.write(`${name}: started\n`),
      step: (name, step) => err.write(`${name}: ${step}\n`),
      finish: async (name, _root, result) => {
        err.write(`${name}: ${result.ok ? 'ok' : 'FAILED'} — ${result.summary}\n`);
      },
    };
  }
  const lines = new Map<string, string>();
  let drawn = 0;
  const redraw = () => {
    let text = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const [name, status] of lines) text += `\x1b[2K  ${name.padEnd(24)} ${status}\n`;
    drawn = lines.size;
    err.write(text);
  };
  return {
    start(name) {
      lines.set(name, '… starting');
      redraw();
    },
    step(name, step) {
      lines.set(name, `… ${step}`);
      redraw();
    },
    async finish(name, _root, result) {
      lines.set(name, `${result.ok ? '✓' : '✗'} ${result.summary}`);
      redraw();
    },
  };
}

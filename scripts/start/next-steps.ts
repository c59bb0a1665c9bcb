/**
 * How `npm start` ends: a one-line verdict and the commands to run next (fix a violation, plan an
 * affected root, resolve a follow-up, fix a preview), from what the three sections found. Pure:
 * the shell passes the results in and prints the lines.
 */
import type { Followup, Violation } from '../../src/guard/index.js';
import type { AffectedRoot } from '../../src/orchestrate/index.js';

export interface StartResults {
  /** Error-severity boundary violations (they fail the pull request). */
  violations: readonly Violation[];
  followups: readonly Followup[];
  /** The ref the change was compared with; undefined when there was none. */
  base?: string;
  /** Undefined when the affected roots could not be worked out (no base). */
  affected?: readonly AffectedRoot[];
  /** Roots the plan preview could not plan, with why. */
  previewFailures: readonly { root: string; error: string }[];
}

export interface NextSteps {
  verdict: string;
  next: string[];
}

const SHOWN = 5;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const at = (f: { file: string; line: number }) => `${f.file}:${f.line}`;

/** `next`: what to do, in order; a line starting with two spaces belongs to the line above it (a command). */
export function nextSteps(results: StartResults): NextSteps {
  const open = results.followups.filter((f) => f.status === 'open');
  const next: string[] = [];

  if (results.violations.length > 0) {
    next.push('Fix the boundary violations (section 1), then run npm start again:');
    for (const v of results.violations.slice(0, SHOWN)) next.push(`  ${at(v)}  ${v.rule}`);
    if (results.violations.length > SHOWN) next.push(`  … and ${results.violations.length - SHOWN} more`);
  }

  for (const failure of results.previewFailures) next.push(`Fix the plan of ${failure.root}: ${failure.error}`);

  if (results.affected === undefined) next.push('See the affected roots against a base:', '  npm start -- --base REF');
  else if (results.affected.length === 0) next.push('No root is affected: nothing to plan.');
  else {
    next.push('Plan the affected roots with the real provider (needs the plan role; the pull request plans them too):');
    for (const { root } of results.affected) next.push(`  npm run --silent infra -- plan --root ${root}`);
  }

  if (open.length > 0) {
    next.push(
      'Resolve the open follow-ups (details in section 1; `npm run --silent guard -- --strict` fails while one is open):',
    );
    const width = Math.max(...open.slice(0, SHOWN).map((f) => f.id.length));
    for (const f of open.slice(0, SHOWN)) next.push(`  ${f.id.padEnd(width)}  ${at(f)}`);
    if (open.length > SHOWN) next.push(`  … and ${open.length - SHOWN} more`);
  }

  const parts = [
    results.affected === undefined
      ? 'affected roots unknown'
      : results.affected.length === 0
        ? 'no root affected'
        : `${plural(results.affected.length, 'root')} to plan`,
    plural(open.length, 'open follow-up'),
  ];
  if (results.previewFailures.length > 0) parts.push(`${plural(results.previewFailures.length, 'preview')} failed`);
  const verdict =
    results.violations.length > 0
      ? `FAIL: ${plural(results.violations.length, 'boundary violation')} to fix before this change can merge; ${parts.join(', ')}.`
      : results.previewFailures.length > 0
        ? `INCOMPLETE: no boundary violation, but the plan preview did not cover every root; ${parts.join(', ')}.`
        : `PASS: no boundary violation; ${parts.join(', ')}.`;
  return { verdict, next };
}

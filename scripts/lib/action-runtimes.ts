/**
 * Which runtime an action's metadata (`action.yml`) names, checked against the runtimes GitHub
 * documents for `runs.using` ("Metadata syntax for GitHub Actions", runs for JavaScript actions):
 * `node24` is current; `node12` and `node16` were removed from the runners and `node20` is
 * deprecated (forced onto Node 24 since June 2026, removed in September 2026). Composite and
 * Docker actions run no Node.js of their own.
 */
import { parse } from 'yaml';
import { errorMessage } from '../../src/lib/errors.js';

export const CURRENT_NODE_RUNTIMES: readonly string[] = ['node24'];
export const DEPRECATED_NODE_RUNTIMES: readonly string[] = ['node12', 'node16', 'node20'];
const OTHER_RUNTIMES = ['composite', 'docker'];

/** One line per problem of one action.yml (`file` names it); none when it runs on a current runtime. */
export function actionRuntimeProblems(text: string, file: string): string[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    return [`${file}: not valid YAML: ${errorMessage(error)}`];
  }
  const runs = doc && typeof doc === 'object' ? (doc as { runs?: unknown }).runs : undefined;
  const using = runs && typeof runs === 'object' ? (runs as { using?: unknown }).using : undefined;
  if (typeof using !== 'string')
    return [`${file}: runs.using is missing; expected ${CURRENT_NODE_RUNTIMES.join(' or ')}`];
  if (OTHER_RUNTIMES.includes(using) || CURRENT_NODE_RUNTIMES.includes(using)) return [];
  const expected = `expected ${CURRENT_NODE_RUNTIMES.join(' or ')}`;
  if (DEPRECATED_NODE_RUNTIMES.includes(using))
    return [`${file}: runs.using '${using}' is a runtime GitHub has deprecated; ${expected}`];
  return [`${file}: runs.using '${using}' is not a runtime GitHub documents; ${expected}, composite or docker`];
}

import { ConfigurationError } from '../lib/errors.js';

/**
 * The deepest nesting of objects and arrays the plan core accepts in a plan document (and in a
 * JSON document inside a string value). Real plans stay far below it (resource values nest a few
 * dozen levels at most); the walks over values (digest, attribute view, redaction, JSON.stringify)
 * recurse, and a document nested thousands of levels deep would overflow the stack. JSON.parse
 * itself is iterative and reads any depth, so the check runs on the parsed value.
 */
export const MAX_PLAN_NESTING = 512;

/** A path into a JSON value, as the messages show it (`resource_changes[0].change.after.a`). */
export function describePath(path: readonly (string | number)[]): string {
  let text = '';
  for (const step of path) text += typeof step === 'number' ? `[${step}]` : text === '' ? step : `.${step}`;
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * The path of the first object or array nested deeper than `limit` levels below `value` (which
 * counts as level 1 when it is a container), or undefined. Iterative: any depth is safe.
 */
export function tooDeepAt(value: unknown, limit = MAX_PLAN_NESTING): (string | number)[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const stack: { value: object; depth: number; path: (string | number)[] }[] = [{ value, depth: 1, path: [] }];
  while (stack.length > 0) {
    const { value: node, depth, path } = stack.pop()!;
    if (depth > limit) return path;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i -= 1) {
        const item: unknown = node[i];
        if (item !== null && typeof item === 'object')
          stack.push({ value: item, depth: depth + 1, path: [...path, i] });
      }
    } else {
      for (const key of Object.keys(node)) {
        const item: unknown = (node as Record<string, unknown>)[key];
        if (item !== null && typeof item === 'object')
          stack.push({ value: item, depth: depth + 1, path: [...path, key] });
      }
    }
  }
  return undefined;
}

/** The one message for a document nested too deeply (`where` names the file or call). */
export function tooDeepError(where: string, path: readonly (string | number)[]): ConfigurationError {
  return new ConfigurationError(
    `${where}: not a plan this tool can read: values nested deeper than ${MAX_PLAN_NESTING} levels (at ${describePath(path) || 'the top level'}); expected the JSON of \`terraform show -json PLANFILE\`.`,
  );
}

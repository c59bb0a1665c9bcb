import { ConfigurationError, errorMessage } from '../../lib/errors.js';

/** Replaces the matches of user-supplied regexes (the action's `masks`) in any text. */
export interface Redactor {
  readonly active: boolean;
  redact(text: string): string;
}

const MASK_REPLACEMENT = '***';

export const noRedaction: Redactor = { active: false, redact: (text) => text };

/**
 * Compiles `patterns` (JavaScript regular expressions, without slashes). `origin` names
 * where they came from for error messages (`--mask`, `input masks`). Blank entries are
 * ignored; a pattern that does not compile or matches the empty string is an error, and the
 * empty matches of any other pattern (a word boundary) leave the text as it is.
 */
export function createRedactor(patterns: readonly string[], origin = 'masks'): Redactor {
  const regexes: RegExp[] = [];
  for (const pattern of patterns.map((p) => p.trim()).filter(Boolean)) {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, 'g');
    } catch (error) {
      throw new ConfigurationError(`Invalid regex '${pattern}' in ${origin}: ${errorMessage(error)}.`);
    }
    if (new RegExp(pattern).test('')) {
      throw new ConfigurationError(
        `Invalid regex '${pattern}' in ${origin}: it matches the empty string. Expected a pattern that matches only what must be hidden.`,
      );
    }
    regexes.push(regex);
  }
  if (regexes.length === 0) return noRedaction;
  return {
    active: true,
    redact(text) {
      let result = text;
      for (const regex of regexes) {
        regex.lastIndex = 0;
        // A zero-width match (`\b`, a lookaround: the empty-string test cannot see them all) hides nothing.
        result = result.replace(regex, (match) => (match === '' ? match : MASK_REPLACEMENT));
      }
      return result;
    },
  };
}

/** Applies a redactor to every string (and object key) of a JSON-like value. */
export function redactJson<T>(value: T, redactor: Redactor): T {
  if (!redactor.active) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redactor.redact(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    }
    return item;
  };
  return walk(value) as T;
}

/**
 * How deeply a configuration text nests, found by a small iterative lexer before any parser
 * sees the text. Both parsers recurse per nesting level (HashiCorp's Go parser compiled to wasm
 * dies with "malloc deadlock" on a few thousand levels, and the syntax model is built
 * recursively), so text nested deeper than MAX_NESTING is reported as a parse error instead of
 * being parsed. Real configurations nest a few dozen levels at most.
 *
 * The lexer knows just enough of the syntax not to be fooled: brackets inside comments and
 * strings do not count, `${`/`%{` inside strings and heredocs do, `$${`/`%%{` are escapes.
 */

export const MAX_NESTING = 256;

export interface TooDeep {
  /** Offset of the opening bracket (or interpolation) that went past the limit. */
  offset: number;
  limit: number;
}

type Frame =
  | { kind: 'bracket' }
  | { kind: 'interp' }
  | { kind: 'quoted' }
  | { kind: 'heredoc'; marker: string }
  /** An open `%{ if }` / `%{ for }` of the template text below it (closed by `%{ endif }` / `%{ endfor }`). */
  | { kind: 'directive' };

const DIRECTIVE = /\s*~?\s*(if|for|endif|endfor)\b/y;

/** The string (quoted or heredoc) whose text the top of the stack is in, below any open directives. */
function textFrame(stack: readonly Frame[]): Frame | undefined {
  for (let i = stack.length - 1; i >= 0; i -= 1) if (stack[i]?.kind !== 'directive') return stack[i];
  return undefined;
}

const HEREDOC = /<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/y;

/**
 * The first place where native-syntax text nests deeper than `limit` (brackets, parentheses,
 * braces, strings, interpolations and directives), or undefined. `template` lexes the text as a
 * template (the contents of a heredoc, or a JSON string that Terraform parses as a template).
 */
export function hclTooDeep(text: string, limit = MAX_NESTING, template = false): TooDeep | undefined {
  if (openingsAtMost(text, limit)) return undefined;
  const stack: Frame[] = template ? [{ kind: 'heredoc', marker: '' }] : [];
  const base = stack.length;
  let lineStart = true;
  const push = (frame: Frame, at: number): TooDeep | undefined => {
    stack.push(frame);
    return stack.length - base > limit ? { offset: at, limit } : undefined;
  };
  for (let i = 0; i < text.length;) {
    const ch = text[i];
    const top = textFrame(stack);
    const atLineStart = lineStart;
    lineStart = ch === '\n';
    if (top?.kind === 'quoted' || top?.kind === 'heredoc') {
      if (top.kind === 'heredoc' && atLineStart && top.marker !== '') {
        const end = text.indexOf('\n', i);
        const line = text.slice(i, end === -1 ? text.length : end);
        if (line.trim() === top.marker) {
          while (stack.pop()?.kind === 'directive');
          i = end === -1 ? text.length : end;
          continue;
        }
      }
      if (top.kind === 'quoted') {
        if (ch === '\\') {
          i += 2;
          continue;
        }
        if (ch === '"' || ch === '\n') {
          while (stack.pop()?.kind === 'directive');
          i += 1;
          continue;
        }
      }
      if ((ch === '$' || ch === '%') && text[i + 1] === ch && text[i + 2] === '{') {
        i += 3;
        continue;
      }
      if ((ch === '$' || ch === '%') && text[i + 1] === '{') {
        if (ch === '%') {
          // Directives nest too: an `if`/`for` opens a level that its `endif`/`endfor` closes.
          DIRECTIVE.lastIndex = i + 2;
          const keyword = DIRECTIVE.exec(text)?.[1];
          if (keyword === 'if' || keyword === 'for') {
            const deep = push({ kind: 'directive' }, i);
            if (deep) return deep;
          } else if ((keyword === 'endif' || keyword === 'endfor') && stack[stack.length - 1]?.kind === 'directive') {
            stack.pop();
          }
        }
        const deep = push({ kind: 'interp' }, i);
        if (deep) return deep;
        i += 2;
        continue;
      }
      i += 1;
      continue;
    }
    // Expression context: the top level, inside brackets, inside an interpolation.
    if (ch === '#' || (ch === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      continue;
    }
    if (ch === '"') {
      const deep = push({ kind: 'quoted' }, i);
      if (deep) return deep;
      i += 1;
      continue;
    }
    if (ch === '<' && text[i + 1] === '<') {
      HEREDOC.lastIndex = i;
      const match = HEREDOC.exec(text);
      if (match) {
        const deep = push({ kind: 'heredoc', marker: match[1] ?? '' }, i);
        if (deep) return deep;
        i = HEREDOC.lastIndex;
        lineStart = true;
        continue;
      }
    }
    if (ch === '{' || ch === '[' || ch === '(') {
      const deep = push({ kind: 'bracket' }, i);
      if (deep) return deep;
    } else if (ch === '}' || ch === ']' || ch === ')') {
      if (top?.kind === 'bracket' || (top?.kind === 'interp' && ch === '}')) stack.pop();
    }
    i += 1;
  }
  return undefined;
}

/**
 * Whether `text` cannot open more than `limit` levels, by counting what may open one: every
 * level starts at a `{`, `[`, `(`, `"` or `<` (a directive `%{ if` opens two at its `{`), so
 * text with few of them (most files) needs no lexing.
 */
function openingsAtMost(text: string, limit: number): boolean {
  if (text.length <= limit) return true;
  let openings = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    // { [ ( " <
    if (c === 123) openings += 2;
    else if (c === 91 || c === 40 || c === 34 || c === 60) openings += 1;
    else continue;
    if (openings > limit) return false;
  }
  return true;
}

/** The first place where JSON text nests objects and arrays deeper than `limit`, or undefined. */
export function jsonTooDeep(text: string, limit = MAX_NESTING): TooDeep | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"') {
      for (i += 1; i < text.length && text[i] !== '"'; i += 1) if (text[i] === '\\') i += 1;
    } else if (ch === '{' || ch === '[') {
      depth += 1;
      if (depth > limit) return { offset: i, limit };
    } else if ((ch === '}' || ch === ']') && depth > 0) {
      depth -= 1;
    }
  }
  return undefined;
}

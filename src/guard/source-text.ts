/** An expression as it is written, for messages that show what could not be resolved. */
import type { Expr } from '../hcl/index.js';
import type { GuardContext } from './context.js';

const MAX_SHOWN = 80;

/** The source text of `expr` in `file` (whitespace collapsed, cut at `max` characters). */
export function sourceText(ctx: GuardContext, file: string, expr: Expr, max = MAX_SHOWN): string {
  const dir = ctx.repo.dirs.get(file.slice(0, Math.max(0, file.lastIndexOf('/'))) || '.');
  const parsed = dir?.files.find((f) => f.path === file);
  const text = parsed
    ? parsed.text.slice(expr.range.startOffset, expr.range.endOffset).replace(/\s+/g, ' ').trim()
    : expr.kind === 'other'
      ? expr.text
      : expr.kind;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

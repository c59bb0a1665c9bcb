/**
 * Plan renderers: RootSummary[] (src/plan) → Markdown comment / job summary, JSON report.
 * - `renderMarkdown(roots, options)` — within `maxChars` (default 65,536), degrading
 *   full → collapsed → addresses → counts; hidden marker `<!-- tf-plan-comment:<id> -->` first.
 * - `renderJson(roots, redactor)` / `jsonReport(...)` — the issue-5 JSON shape.
 * - `createRedactor(patterns)` — the `masks` regexes, applied to every output.
 */
export {
  renderMarkdown,
  renderAtLevel,
  summaryLine,
  commentMarker,
  DETAIL_LEVELS,
  GITHUB_COMMENT_LIMIT,
  STEP_SUMMARY_LIMIT_BYTES,
  MIN_MAX_CHARS,
  DEFAULT_HEADER,
  type DetailLevel,
  type MarkdownOptions,
  type RenderedMarkdown,
} from './markdown.js';
export { renderJson, jsonReport, type JsonReport, type JsonRoot } from './json.js';
export { createRedactor, noRedaction, type Redactor } from './redact.js';
export { inert, slug } from '../markdown-text.js';

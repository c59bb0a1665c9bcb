/**
 * The documentation of the guard's rules, generated from the registry: the tables and
 * sections of actions/env-guard/README.md, the table of the main README and the rule list of
 * `guard --help`. Tests compare the READMEs with this output; regenerate them with
 * `npx tsx io/readme-tables.ts`.
 */
import {
  GUARD_RULE_IDS,
  ruleAnchor,
  ruleOf,
  type GuardRuleId,
  type ViolationRule,
} from '../../guard/rules/registry.js';
import { cell } from '../markdown-text.js';

export const ACTION_README = 'actions/env-guard/README.md';

function severityText(rule: ViolationRule): string {
  const production = rule.productionSeverity
    ? `${rule.productionSeverity} in a production environment, otherwise `
    : '';
  const strict = rule.strictSeverity ? `; ${rule.strictSeverity} with --strict` : '';
  return `${production}${rule.defaultSeverity}${strict}${rule.warningWhen ? ` (warning when ${rule.warningWhen})` : ''}`;
}

const link = (id: GuardRuleId, base: string) => `[\`${id}\`](${base}#${ruleAnchor(id)})`;

/**
 * The rule tables (boundary rules, then follow-ups). `base` is the path of the action README
 * from the page the tables go into ('' inside that README).
 */
export function renderRuleTables(base = ''): string {
  const lines = ['| rule | default severity | what |', '|---|---|---|'];
  for (const id of GUARD_RULE_IDS) {
    const rule = ruleOf(id);
    if (rule.kind === 'violation')
      lines.push(`| ${link(id, base)} | ${cell(severityText(rule))} | ${cell(rule.summary)} |`);
  }
  lines.push('', '| follow-up | what |', '|---|---|');
  for (const id of GUARD_RULE_IDS) {
    const rule = ruleOf(id);
    if (rule.kind === 'followup') lines.push(`| ${link(id, base)} | ${cell(rule.summary)} |`);
  }
  return lines.join('\n');
}

/** The action README's rule reference: the tables, then one section per rule (its anchor is the rule id). */
export function renderRuleReference(): string {
  const sections = GUARD_RULE_IDS.map((id) => {
    const rule = ruleOf(id);
    const kind =
      rule.kind === 'violation'
        ? `Boundary rule, default severity ${severityText(rule)}.`
        : 'Follow-up (a note; open items fail only when strict).';
    return `### \`${id}\`\n\n${rule.summary}. ${kind}\n\n${rule.help}`;
  });
  return [renderRuleTables(), ...sections].join('\n\n');
}

/** `guard --help`: one line per rule and follow-up. */
export function renderRuleHelp(): string {
  const width = Math.max(...GUARD_RULE_IDS.map((id) => id.length));
  return GUARD_RULE_IDS.map((id) => {
    const rule = ruleOf(id);
    const severity = rule.kind === 'violation' ? rule.defaultSeverity : 'follow-up';
    return `  ${id.padEnd(width)}  ${severity.padEnd(9)}  ${rule.summary}`;
  }).join('\n');
}

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

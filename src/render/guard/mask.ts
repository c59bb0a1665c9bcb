/**
 * Nothing a report prints may echo a credential: every string of the report (messages, parity
 * values, backend settings, keys) goes through `maskSecrets` before any renderer sees it, and a
 * setting named like a credential (`password`, `secret_key`, `conn_str`, …) is masked whole.
 * Values of variables and outputs declared `sensitive` are already left out by the core
 * (src/guard/parity.ts, src/guard/sensitivity.ts); this catches what is written as a literal.
 */
import type { GuardReport } from '../../guard/types.js';

export const MASK = '***';

/** Names whose values are credentials wherever they appear (`password = "…"`, `"api_key": "…"`). */
const SECRET_NAME = String.raw`(?:[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|conn_str|connection_string))`;

const PATTERNS: readonly [RegExp, (match: string, ...groups: string[]) => string][] = [
  // PEM private keys.
  [
    /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    (_m, kind) => `-----BEGIN ${kind}PRIVATE KEY----- ${MASK} -----END ${kind}PRIVATE KEY-----`,
  ],
  // user:password@ in URLs and connection strings (postgres://, mysql://, https://, …).
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`]*):([^\s@/'"`]+)@/gi, (_m, head) => `${head}:${MASK}@`],
  // AWS access key ids, GitHub, Slack, GitLab and npm tokens, JWTs, bearer tokens.
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/g, (m) => `${m.slice(0, 4)}${MASK}`],
  [
    /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{30,})\b/g,
    (m) => `${m.slice(0, 4)}${MASK}`,
  ],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, () => `xox-${MASK}`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, () => MASK],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/g, (_m, scheme) => `${scheme} ${MASK}`],
  // name = value / name: value / "name": "value" / name=value; in connection strings.
  [
    new RegExp(
      String.raw`(\b${SECRET_NAME}\b["']?\s*[:=]\s*)(["']?)(?!\$\{|var\.|local\.|data\.|module\.|each\.|aws_|\*\*\*)([^\s"';,&)}]{3,})`,
      'gi',
    ),
    (_m, head, quote) => `${head}${quote}${MASK}`,
  ],
];

/** `text` with every credential-looking piece replaced by MASK. */
export function maskSecrets(text: string): string {
  let out = text;
  for (const [pattern, replace] of PATTERNS)
    out = out.replace(pattern, replace as (m: string, ...g: string[]) => string);
  return out;
}

const SECRET_KEY = new RegExp(`^${SECRET_NAME}$`, 'i');

/** The report with every string masked (a copy; the report itself is left as it is). */
export function maskReport(report: GuardReport): GuardReport {
  return JSON.parse(JSON.stringify(report), (key, value: unknown) => {
    if (typeof value !== 'string') return value;
    if (key !== '' && SECRET_KEY.test(key) && value !== '') return MASK;
    return maskSecrets(value);
  }) as GuardReport;
}

/** Input and output names exactly as in action.yml: a rename is a compile error, not a silent empty string. */
export const Inputs = {
  Root: 'root',
  Strict: 'strict',
  Config: 'config',
  MaxFileSize: 'max-file-size',
  RepositoryUrls: 'repository-urls',
} as const;

export const Outputs = {
  Violations: 'violations',
  Followups: 'followups',
  Report: 'report',
  Sarif: 'sarif',
} as const;

export const REPORT_FILE = 'env-guard-report.json';
export const SARIF_FILE = 'env-guard.sarif';

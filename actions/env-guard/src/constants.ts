/** Input and output names of action.yml (a rename is a compile error, not a silent ''). */
export const INPUTS = {
  root: 'root',
  strict: 'strict',
  config: 'config',
  environments: 'environments',
  maxFileSize: 'max-file-size',
  repositoryUrls: 'repository-urls',
} as const;

export const OUTPUTS = {
  violations: 'violations',
  followups: 'followups',
  report: 'report',
  sarif: 'sarif',
} as const;

export const REPORT_FILE = 'env-guard-report.json';
export const SARIF_FILE = 'env-guard.sarif';

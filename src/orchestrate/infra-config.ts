/** infra.yaml's settings and their defaults, apart from the parser (src/orchestrate/config.ts), which loads YAML and zod. */
export interface InfraConfig {
  allRoots: string[];
  ignore: string[];
  lockTimeout: string;
  parallel: number;
}

export const DEFAULT_INFRA_CONFIG: InfraConfig = {
  allRoots: [],
  ignore: ['**/*.md', 'docs/**', '**/*.test.ts'],
  lockTimeout: '5m',
  parallel: 2,
};

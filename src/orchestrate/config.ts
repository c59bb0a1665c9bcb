/**
 * `infra.yaml`: the orchestration CLI's own settings (which changes re-plan everything, which
 * never affect a root, Terraform's lock timeout, parallelism). Environments — which root
 * belongs where, its roles and apply order — are the environment model's (environments.yaml).
 * Validated through the project's YAML formatter; unknown keys are errors. Every key is
 * optional; `DEFAULT_INFRA_CONFIG` documents the defaults.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigurationError } from '../lib/errors.js';
import { boundedGlob } from '../lib/glob.js';
import { parseYamlConfig } from '../lib/yaml-config.js';
import { DEFAULT_INFRA_CONFIG, type InfraConfig } from './infra-config.js';

const glob = z.string().min(1).superRefine(boundedGlob);

const infraConfigSchema = z.strictObject({
  /** A change to a file matching one of these marks every root as affected. */
  'all-roots': z.array(glob).optional(),
  /** Changes matching these affect no root, neither by location nor through all-roots (they still do when a root reads the file). */
  ignore: z.array(glob).optional(),
  /** Kept only to say where environments went (environments.yaml). */
  environments: z.unknown().optional(),
  /** Value of terraform's `-lock-timeout` (e.g. `5m`, `90s`). */
  'lock-timeout': z
    .string()
    .regex(/^\d+(ms|s|m|h)$/, "expected a duration such as '90s' or '5m'")
    .optional(),
  /** Roots planned in parallel when `--parallel` is not given. */
  parallel: z.number().int().min(1).max(64).optional(),
});

/** The settings a file may hold (`environments` is only recognised to say where it went). */
const SETTINGS = Object.keys(infraConfigSchema.shape).filter((key) => key !== 'environments');

/** Nothing but whitespace and comments; YAML that does not parse is the formatter's to report. */
function isEmptyYaml(text: string): boolean {
  try {
    return (parseYaml(text) as unknown) == null;
  } catch {
    return false;
  }
}

export { DEFAULT_INFRA_CONFIG, type InfraConfig } from './infra-config.js';

/** Parses and validates the text of an `infra.yaml`; `source` names the file in messages. */
export function parseInfraConfig(text: string, source: string): InfraConfig {
  // An empty file is a mistake (a truncated write, a merge that lost the content), not a wish for
  // the defaults: those come from having no file at all.
  if (isEmptyYaml(text))
    throw new ConfigurationError(
      `${source}: empty; expected a mapping of settings (${SETTINGS.join(', ')}), or no file for the defaults.`,
    );
  const parsed = parseYamlConfig(infraConfigSchema, text, source);
  const value = parsed.value;
  if (value.environments !== undefined)
    throw parsed.error(
      ['environments'],
      'environments are declared once, in the environment model (environments.yaml), for every tool; move them there',
    );
  return {
    allRoots: value['all-roots'] ?? DEFAULT_INFRA_CONFIG.allRoots,
    ignore: value.ignore ?? DEFAULT_INFRA_CONFIG.ignore,
    lockTimeout: value['lock-timeout'] ?? DEFAULT_INFRA_CONFIG.lockTimeout,
    parallel: value.parallel ?? DEFAULT_INFRA_CONFIG.parallel,
  };
}

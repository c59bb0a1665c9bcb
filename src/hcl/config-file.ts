/** One entry point for every configuration file: the syntax follows the name, as in Terraform. */
import { parseJsonConfig } from './json.js';
import { parseHcl, type HclFile, type ParseOptions } from './parse.js';

/** `.tfvars.json` (values) and `.tf.json` (blocks) are JSON syntax; everything else native. */
export function parseConfigFile(path: string, source: string, options: ParseOptions = {}): Promise<HclFile> {
  if (path.endsWith('.tfvars.json')) return parseJsonConfig(path, source, 'values');
  if (path.endsWith('.json')) return parseJsonConfig(path, source, 'configuration');
  return parseHcl(path, source, options);
}

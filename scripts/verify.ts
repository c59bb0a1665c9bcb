/**
 * Post-apply verification of an environment root (our Terratest): see scripts/verify/README.md.
 *
 *   npm run --silent verify -- --root environments/production [--outputs FILE] [--endpoint URL] [--junit FILE]
 */
import { runCli } from '../io/cli.js';
import { main } from './verify/cli.js';

await runCli('verify', (argv) => main(argv));

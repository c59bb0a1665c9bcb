import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
let parserPromise: Promise<Parser> | undefined;

/**
 * The tree-sitter parser for Terraform-flavoured HCL, loaded once per process (wasm, no native build).
 * Its runtime's wasm is found through the package, not next to the JavaScript that runs: the CLI and
 * action bundles contain that JavaScript.
 */
export function treeSitterParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init({ locateFile: (file: string) => require.resolve(`web-tree-sitter/${file}`) });
    const language = await Language.load(
      require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
    );
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

export type { Tree };

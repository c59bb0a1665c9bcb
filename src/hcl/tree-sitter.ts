import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
let parserPromise: Promise<Parser> | undefined;
/** The binding's module object: Emscripten puts the wasm exports on the object `init` is given. */
const binding: Record<string, unknown> = {};

/**
 * The tree-sitter parser for Terraform-flavoured HCL, loaded once per process (wasm, no native build).
 * Its runtime's wasm is found through the package, not next to the JavaScript that runs: the CLI and
 * action bundles contain that JavaScript.
 */
export function treeSitterParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    // The options object becomes the binding's module: its wasm exports are put on it.
    binding.locateFile = (file: string) => require.resolve(`web-tree-sitter/${file}`);
    await Parser.init(binding);
    const language = await Language.load(
      require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
    );
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

/**
 * Starts loading the parser without waiting for it, so that its wasm compiles while the caller
 * reads files; a failure to load is reported by the first real use (treeSitterParser).
 */
export function preloadTreeSitter(): void {
  treeSitterParser().catch(() => undefined);
}

/** The binding's wasm exports once the parser is loaded (the tree walk in src/hcl/cst.ts drives its cursor through them). */
export function treeSitterExports(): Readonly<Record<string, unknown>> | undefined {
  return typeof binding._ts_init === 'function' ? binding : undefined;
}

export type { Tree };

/**
 * Whether a value must not be shown: it comes from a variable or a module output declared
 * `sensitive`, directly or through locals (as Terraform marks it), in the module where the
 * expression is written.
 */
import { walkExpr, type Expr } from '../hcl/index.js';
import type { ModuleCall, TerraformDir } from '../repo/index.js';
import { remembered } from '../lib/maps.js';

const MAX_DEPTH = 32;

/** Answers per directory and expression: one call's arguments are asked about once per instance of it. */
const answers = new WeakMap<TerraformDir, WeakMap<Expr, boolean>>();

export function isSensitiveExpr(
  expr: Expr,
  dir: TerraformDir | undefined,
  dirs: ReadonlyMap<string, TerraformDir>,
): boolean {
  if (!dir || !hasSensitiveSource(dir, dirs)) return false;
  let known = answers.get(dir);
  if (!known) answers.set(dir, (known = new WeakMap()));
  let answer = known.get(expr);
  if (answer === undefined) {
    answer = sensitive(expr, dir, dirs, 0);
    known.set(expr, answer);
  }
  return answer;
}

function sensitive(expr: Expr, dir: TerraformDir, dirs: ReadonlyMap<string, TerraformDir>, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  for (const e of walkExpr(expr)) {
    if (e.kind !== 'traversal') continue;
    const [first, second] = e.steps;
    const name = first?.kind === 'attr' ? first.name : undefined;
    if (!name) continue;
    if (e.root === 'var' && dir.variables.get(name)?.sensitive) return true;
    if (e.root === 'local') {
      const local = dir.locals.get(name);
      if (local && sensitive(local.attribute.expr, dir, dirs, depth + 1)) return true;
    }
    if (e.root === 'module' && second?.kind === 'attr') {
      const call: ModuleCall | undefined = dir.moduleCalls.find((c) => c.name === name);
      const target = call?.localDir ? dirs.get(call.localDir) : undefined;
      if (target?.outputs.get(second.name)?.sensitive) return true;
    }
  }
  return false;
}

const sensitiveSources = new WeakMap<TerraformDir, boolean>();

/**
 * Whether a directory has a variable or a called module's output declared sensitive: without one,
 * none of its expressions is sensitive, and they need not be walked one by one.
 */
function hasSensitiveSource(dir: TerraformDir, dirs: ReadonlyMap<string, TerraformDir>): boolean {
  return remembered(
    sensitiveSources,
    dir,
    () =>
      [...dir.variables.values()].some((v) => v.sensitive) ||
      dir.moduleCalls.some((call) => {
        const target = call.localDir ? dirs.get(call.localDir) : undefined;
        return [...(target?.outputs.values() ?? [])].some((o) => o.sensitive);
      }),
  );
}

/**
 * Structural checks of the Terraform code that need no provider (the `hcl` stage):
 * - every module under `modules/` has main.tf, variables.tf, outputs.tf and versions.tf;
 * - every variable has a `type` and a `description`;
 * - every local module call passes only variables the module declares, and every variable
 *   the module declares without a default;
 * - every `module.<name>.<output>` reference names a module call of that directory and an
 *   output the called module declares.
 * Pure: works on the repository model, returns findings with file, line and column.
 */
import { walkAttributes, walkExpr, type Range } from '../hcl/index.js';
import type { Repository, TerraformDir } from '../repo/index.js';
import type { ResourceCheck } from './resources.js';

export interface StructureFinding {
  check:
    | 'module-files'
    | 'variable-type'
    | 'variable-description'
    | 'module-unknown-input'
    | 'module-missing-input'
    | 'module-missing-source'
    | 'module-unknown-output'
    | 'module-unknown-call'
    | ResourceCheck;
  file: string;
  line: number;
  column: number;
  message: string;
}

export const REQUIRED_MODULE_FILES = ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf'] as const;

export function checkStructure(
  repo: Pick<Repository, 'dirs'>,
  options: { modulesDir?: string } = {},
): StructureFinding[] {
  const modulesDir = options.modulesDir ?? 'modules';
  const findings: StructureFinding[] = [];
  const at = (check: StructureFinding['check'], file: string, range: Range | undefined, message: string) =>
    findings.push({ check, file, line: range?.start.line ?? 1, column: range?.start.column ?? 1, message });

  for (const dir of repo.dirs.values()) {
    if (isModuleDir(dir.dir, modulesDir)) {
      const present = new Set(dir.files.map((f) => f.path.slice(dir.dir.length + 1)));
      const missing = REQUIRED_MODULE_FILES.filter((name) => !present.has(name));
      if (missing.length > 0)
        at(
          'module-files',
          dir.files[0]?.path ?? dir.dir,
          undefined,
          `module ${dir.dir} lacks ${missing.join(', ')} (every module has ${REQUIRED_MODULE_FILES.join(', ')})`,
        );
    }
    for (const variable of dir.variables.values()) {
      const range = variable.block.labelRanges[0] ?? variable.block.typeRange;
      if (!variable.type) at('variable-type', variable.file, range, `variable "${variable.name}" has no type`);
      if (!variable.description)
        at('variable-description', variable.file, range, `variable "${variable.name}" has no description`);
    }
    checkModuleCalls(dir, repo.dirs, at);
    checkModuleReferences(dir, repo.dirs, at);
  }
  return sortFindings(findings);
}

export function sortFindings<T extends { file: string; line: number; column: number }>(findings: T[]): T[] {
  return findings.sort((a, b) =>
    a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1,
  );
}

function isModuleDir(dir: string, modulesDir: string): boolean {
  const rest = dir.startsWith(`${modulesDir}/`) ? dir.slice(modulesDir.length + 1) : undefined;
  return rest !== undefined && rest.length > 0 && !rest.includes('/');
}

type Report = (check: StructureFinding['check'], file: string, range: Range | undefined, message: string) => void;

function checkModuleCalls(dir: TerraformDir, dirs: Map<string, TerraformDir>, at: Report): void {
  for (const call of dir.moduleCalls) {
    if (!call.localDir) continue;
    const target = dirs.get(call.localDir);
    if (!target) {
      at(
        'module-missing-source',
        call.file,
        call.sourceAttribute?.expr.range ?? call.block.typeRange,
        `module "${call.name}": source ${call.source ?? ''} has no Terraform files (${call.localDir})`,
      );
      continue;
    }
    for (const [name, attribute] of call.args) {
      if (!target.variables.has(name))
        at(
          'module-unknown-input',
          call.file,
          attribute.nameRange,
          `module "${call.name}" passes "${name}", which ${call.localDir} does not declare`,
        );
    }
    for (const variable of target.variables.values()) {
      if (!variable.default && !call.args.has(variable.name)) {
        at(
          'module-missing-input',
          call.file,
          call.block.labelRanges[0] ?? call.block.typeRange,
          `module "${call.name}" does not pass required variable "${variable.name}" of ${call.localDir}`,
        );
      }
    }
  }
}

function checkModuleReferences(dir: TerraformDir, dirs: Map<string, TerraformDir>, at: Report): void {
  const calls = new Map(dir.moduleCalls.map((c) => [c.name, c]));
  for (const file of dir.files) {
    for (const { attribute, parents } of walkAttributes(file.body)) {
      // `to`/`from` of import, moved and removed blocks are resource addresses, not output references.
      if (isAddressAttribute(attribute.name, parents)) continue;
      for (const expr of walkExpr(attribute.expr)) {
        if (expr.kind !== 'traversal' || expr.root !== 'module') continue;
        const [first, second] = expr.steps;
        if (first?.kind !== 'attr') continue;
        const call = calls.get(first.name);
        if (!call) {
          at('module-unknown-call', file.path, expr.range, `module.${first.name} is not a module call in ${dir.dir}`);
          continue;
        }
        if (second?.kind !== 'attr' || !call.localDir) continue;
        const target = dirs.get(call.localDir);
        if (target && !target.outputs.has(second.name)) {
          at(
            'module-unknown-output',
            file.path,
            expr.range,
            `module.${first.name}.${second.name}: ${call.localDir} declares no output "${second.name}"`,
          );
        }
      }
    }
  }
}

const ADDRESS_BLOCKS = new Set(['import', 'moved', 'removed']);

function isAddressAttribute(name: string, parents: { type: string }[]): boolean {
  return parents.length === 1 && ADDRESS_BLOCKS.has(parents[0]?.type ?? '') && (name === 'to' || name === 'from');
}

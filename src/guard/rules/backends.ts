/**
 * `shared-backend`: two roots whose backends resolve to the same state; a root whose state
 * cannot be resolved statically is a warning (partial configuration hides the key).
 * `missing-backend`: an environment directory with Terraform files but no backend.
 */
import { findBlocks } from '../../hcl/index.js';
import type { BackendDecl, TerraformDir } from '../../repo/index.js';
import { knownScalars, settingsOf, stateOf, type StateRef } from '../backends.js';
import { violation, type GuardContext } from '../context.js';
import type { BackendSummary, EnvironmentSummary, Violation } from '../types.js';

export interface RootState extends StateRef {
  root: TerraformDir;
  backend: BackendDecl;
  summary: BackendSummary;
}

/** The state of every root in the repository (environment or not), by root directory. */
export async function rootStates(ctx: GuardContext): Promise<Map<string, RootState>> {
  const out = new Map<string, RootState>();
  for (const root of ctx.repo.roots) {
    const backend = root.backend;
    if (!backend) continue;
    const [rootInstance] = await ctx.repo.instances(root.dir);
    if (!rootInstance) continue;
    const settings = settingsOf(backend.block.body, rootInstance.scope);
    const ref = stateOf(backend.type, settings, root.dir, ctx.repo.rootDir);
    out.set(root.dir, {
      ...ref,
      root,
      backend,
      summary: {
        type: backend.type,
        file: backend.file,
        line: backend.block.typeRange.start.line,
        column: backend.block.typeRange.start.column,
        state: ref.state,
        settings: knownScalars(settings),
        ...(ref.unresolved ? { unresolved: ref.unresolved } : {}),
      },
    });
  }
  return out;
}

/** Where a finding about this backend points: the attribute that names the state, else the block. */
function stateAttribute(backend: BackendDecl) {
  const name = { s3: 'key', local: 'path', gcs: 'prefix', azurerm: 'key', http: 'address', consul: 'path' }[
    backend.type
  ];
  return (name ? backend.attributes.get(name)?.range : undefined) ?? backend.block.typeRange;
}

export function checkBackends(ctx: GuardContext, states: Map<string, RootState>): Violation[] {
  const violations: Violation[] = [];
  const byState = new Map<string, RootState[]>();
  for (const state of states.values()) {
    if (state.state === null) {
      const env = ctx.envOfPath(state.root.dir);
      if (env) {
        violations.push(
          violation(
            'shared-backend',
            'warning',
            env.name,
            state.backend.file,
            stateAttribute(state.backend),
            `cannot verify that ${state.root.dir} has its own state: its ${state.backend.type} backend ${state.unresolved ?? 'is not statically known'} (partial configuration?)`,
            `unresolved:${state.root.dir}`,
          ),
        );
      }
      continue;
    }
    const group = byState.get(state.state) ?? [];
    group.push(state);
    byState.set(state.state, group);
  }
  for (const [state, group] of byState) {
    if (group.length < 2) continue;
    for (const member of group) {
      const others = group
        .filter((g) => g !== member)
        .map((g) => `${g.root.dir} (${g.backend.file}:${g.summary.line})`);
      violations.push(
        violation(
          'shared-backend',
          'error',
          ctx.envOfPath(member.root.dir)?.name ?? null,
          member.backend.file,
          stateAttribute(member.backend),
          `${member.root.dir} shares its state ${state} with ${others.join(', ')}; every root needs its own backend key`,
          `shared:${member.root.dir}:${state}`,
        ),
      );
    }
  }
  for (const env of ctx.envs) {
    const main = env.main;
    if (!main || main.backend) continue;
    const terraformBlock = main.files.flatMap((f) =>
      findBlocks(f.body, 'terraform').map((block) => ({ file: f.path, block })),
    )[0];
    const fallback = main.files.find((f) => f.path.endsWith('/main.tf')) ?? main.files[0];
    violations.push(
      violation(
        'missing-backend',
        'error',
        env.name,
        terraformBlock?.file ?? fallback?.path ?? env.dir,
        terraformBlock?.block.typeRange,
        `${env.dir} (environment ${env.name}) has Terraform files but no backend block: its state would be local and unshared; add backend.tf with its own key`,
        `missing-backend:${env.dir}`,
      ),
    );
  }
  return violations;
}

export function environmentSummaries(ctx: GuardContext, states: Map<string, RootState>): EnvironmentSummary[] {
  return ctx.envs.map((env) => {
    const root = env.main?.backend ? env.main : env.roots.length === 1 ? env.roots[0] : undefined;
    return { name: env.name, dir: env.dir, backend: (root && states.get(root.dir)?.summary) ?? null };
  });
}

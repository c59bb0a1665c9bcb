/**
 * `shared-backend`: two roots whose backends resolve to the same state; a root whose state
 * cannot be resolved statically is a warning (partial configuration hides the key).
 * `missing-backend`: an environment directory with Terraform files but no backend.
 */
import { findBlocks } from '../../hcl/index.js';
import type { BackendDecl } from '../../repo/index.js';
import type { RootState } from '../backends.js';
import { finding, type GuardContext } from '../context.js';
import type { EnvironmentSummary, Finding } from '../types.js';

/** Where a finding about this backend points: the attribute that names the state (in whichever file set it), else the block. */
function stateAttribute(backend: BackendDecl): { file: string; range: BackendDecl['block']['typeRange'] } {
  const name = { s3: 'key', local: 'path', gcs: 'prefix', azurerm: 'key', http: 'address', consul: 'path' }[
    backend.type
  ];
  const attribute = name ? backend.attributes.get(name) : undefined;
  return attribute
    ? { file: attribute.file, range: attribute.range }
    : { file: backend.file, range: backend.block.typeRange };
}

export async function checkSharedBackend(ctx: GuardContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  const byState = new Map<string, RootState[]>();
  for (const state of (await ctx.states()).values()) {
    if (state.state === null) {
      const env = ctx.envOfPath(state.root.dir);
      if (env) {
        const at = stateAttribute(state.backend);
        findings.push(
          finding(
            env.name,
            at.file,
            at.range,
            `cannot verify that ${state.root.dir} has its own state: its ${state.backend.type} backend's ${state.unresolved ?? 'settings are not statically known'}`,
            `unresolved:${state.root.dir}`,
            'warning',
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
      const at = stateAttribute(member.backend);
      findings.push(
        finding(
          ctx.envOfPath(member.root.dir)?.name ?? null,
          at.file,
          at.range,
          `${member.root.dir} shares its state ${state} with ${others.join(', ')}; every root needs its own backend key`,
          `shared:${member.root.dir}:${state}`,
        ),
      );
    }
  }
  return findings;
}

export async function checkMissingBackend(ctx: GuardContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const env of ctx.envs) {
    const main = env.main;
    if (!main || main.backend) continue;
    const terraformBlock = main.files.flatMap((f) =>
      findBlocks(f.body, 'terraform').map((block) => ({ file: f.path, block })),
    )[0];
    const fallback = main.files.find((f) => f.path.endsWith('/main.tf')) ?? main.files[0];
    findings.push(
      finding(
        env.name,
        terraformBlock?.file ?? fallback?.path ?? env.dir,
        terraformBlock?.block.typeRange,
        `${env.dir} (environment ${env.name}) has Terraform files but no backend block: its state would be local and unshared; add backend.tf with its own key`,
        `missing-backend:${env.dir}`,
      ),
    );
  }
  return findings;
}

export async function environmentSummaries(ctx: GuardContext): Promise<EnvironmentSummary[]> {
  const states = await ctx.states();
  return ctx.envs.map((env) => {
    const root = env.main?.backend ? env.main : env.roots.length === 1 ? env.roots[0] : undefined;
    return { name: env.name, dir: env.dir, backend: (root && states.get(root.dir)?.summary) ?? null };
  });
}

/**
 * Security settings checkov passes here only because it cannot evaluate them, and a provider
 * warning it does not know:
 * - `alb-access-logs` (CKV_AWS_91): every application/network load balancer has a static
 *   `access_logs` block that is enabled (true by default of its inputs) and names a bucket. A
 *   `dynamic "access_logs"` is accepted only when its for_each is statically non-empty.
 * - `ecs-readonly-root-filesystem` (CKV_AWS_336): every container of every task definition sets
 *   `readonlyRootFilesystem`, true by default of the module's inputs — read through
 *   `jsonencode([...])` (objects and `merge(...)` of objects) or a literal JSON string.
 * - `s3-lifecycle-filter`: every lifecycle rule has a filter that says what it applies to; an
 *   empty `filter {}` (or none) draws the provider's "invalid attribute combination" warning
 *   in several 6.x releases — the whole bucket is `filter { prefix = "" }`.
 */
import {
  evaluate,
  findAttribute,
  findBlocks,
  type Block,
  type Body,
  type Expr,
  type ObjectItem,
  type Range,
} from '../hcl/index.js';
import type { ResourceDecl, TerraformDir } from '../repo/index.js';
import { defaultsScope, truthByDefault } from './static-values.js';

export interface PolicyFinding {
  check: 'alb-access-logs' | 'ecs-readonly-root-filesystem' | 's3-lifecycle-filter';
  file: string;
  range: Range;
  message: string;
}

const LOAD_BALANCERS = new Set(['aws_lb', 'aws_alb']);

export function policyFindings(dir: TerraformDir): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  for (const resource of dir.resources) {
    if (resource.mode !== 'managed') continue;
    if (LOAD_BALANCERS.has(resource.type)) findings.push(...accessLogs(dir, resource));
    if (resource.type === 'aws_ecs_task_definition') findings.push(...readonlyRoot(dir, resource));
    if (resource.type === 'aws_s3_bucket_lifecycle_configuration') findings.push(...lifecycleFilters(resource));
  }
  return findings;
}

const name = (r: ResourceDecl) => `${r.type}.${r.name}`;

function accessLogs(dir: TerraformDir, resource: ResourceDecl): PolicyFinding[] {
  const body = resource.block.body;
  const type = findAttribute(body, 'load_balancer_type');
  const typeValue = type ? evaluate(type.expr, defaultsScope(dir)) : { known: true as const, value: 'application' };
  // Gateway load balancers have no access logs.
  if (typeValue.known && typeValue.value === 'gateway') return [];
  const at = (range: Range, message: string): PolicyFinding => ({
    check: 'alb-access-logs',
    file: resource.file,
    range,
    message: `${name(resource)}: ${message} (CKV_AWS_91)`,
  });
  const blocks = findBlocks(body, 'access_logs');
  const dynamic = findBlocks(body, 'dynamic').filter((b) => b.labels[0] === 'access_logs');
  if (blocks.length === 0 && dynamic.length === 0)
    return [at(resource.block.typeRange, 'no access_logs block, so access logs are off')];
  const findings: PolicyFinding[] = [];
  for (const block of dynamic) {
    const forEach = findAttribute(block.body, 'for_each');
    const items = forEach ? evaluate(forEach.expr, defaultsScope(dir)) : undefined;
    const nonEmpty =
      items?.known === true &&
      items.value !== null &&
      typeof items.value === 'object' &&
      Object.keys(items.value).length > 0;
    if (!nonEmpty) {
      findings.push(
        at(block.typeRange, 'access logs are a dynamic block whose for_each can be empty, so they can be off'),
      );
      continue;
    }
    const content = findBlocks(block.body, 'content')[0];
    if (content) findings.push(...accessLogsBlock(dir, resource, content, at));
  }
  for (const block of blocks) findings.push(...accessLogsBlock(dir, resource, block, at));
  return findings;
}

function accessLogsBlock(
  dir: TerraformDir,
  resource: ResourceDecl,
  block: Block,
  at: (range: Range, message: string) => PolicyFinding,
): PolicyFinding[] {
  const out: PolicyFinding[] = [];
  const enabled = findAttribute(block.body, 'enabled');
  // The provider's default is false, even with a bucket.
  if (!enabled) out.push(at(block.typeRange, 'access_logs sets no enabled (the provider default is false)'));
  else {
    const truth = truthByDefault(enabled.expr, dir, resource);
    if (truth.value !== true)
      out.push(
        at(
          enabled.range,
          truth.value === false ? 'access logs are disabled' : `access logs are not on by default (${truth.why})`,
        ),
      );
  }
  const bucket = findAttribute(block.body, 'bucket');
  if (!bucket || (bucket.expr.kind === 'literal' && (bucket.expr.value === null || bucket.expr.value === '')))
    out.push(at(bucket?.range ?? block.typeRange, 'access_logs names no bucket'));
  return out;
}

function readonlyRoot(dir: TerraformDir, resource: ResourceDecl): PolicyFinding[] {
  const attribute = findAttribute(resource.block.body, 'container_definitions');
  const at = (range: Range, message: string): PolicyFinding => ({
    check: 'ecs-readonly-root-filesystem',
    file: resource.file,
    range,
    message: `${name(resource)}: ${message} (CKV_AWS_336)`,
  });
  if (!attribute) return [];
  const containers = containerExprs(attribute.expr, dir);
  if ('why' in containers)
    return [at(attribute.range, `container definitions cannot be read statically (${containers.why})`)];
  const findings: PolicyFinding[] = [];
  for (const container of containers.items) {
    if (container.kind === 'json') {
      if (container.value.readonlyRootFilesystem !== true)
        findings.push(
          at(
            attribute.range,
            `container ${JSON.stringify(container.value.name ?? '?')} does not set readonlyRootFilesystem to true`,
          ),
        );
      continue;
    }
    const direct = readonlySettings(container.expr, false);
    const settings = readonlySettings(container.expr, true);
    if (direct.length === 0) {
      findings.push(
        at(container.expr.range, 'a container sets no readonlyRootFilesystem (the ECS default is a writable root)'),
      );
      continue;
    }
    for (const item of settings) {
      const truth = truthByDefault(item.value, dir, resource);
      if (truth.value !== true)
        findings.push(
          at(
            item.range,
            truth.value === false
              ? 'readonlyRootFilesystem is false'
              : `readonlyRootFilesystem is not true by default (${truth.why})`,
          ),
        );
    }
  }
  return findings;
}

type Container = { kind: 'expr'; expr: Expr } | { kind: 'json'; value: Record<string, unknown> };

/** The container definitions of `container_definitions`: one expression (or parsed JSON object) per container. */
function containerExprs(expr: Expr, dir: TerraformDir, depth = 0): { items: Container[] } | { why: string } {
  if (depth > 8) return { why: 'references nest too deeply' };
  if (expr.kind === 'traversal' && expr.root === 'local' && expr.steps.length === 1) {
    const step = expr.steps[0];
    const decl = step?.kind === 'attr' ? dir.locals.get(step.name) : undefined;
    if (decl) return containerExprs(decl.attribute.expr, dir, depth + 1);
  }
  if (expr.kind === 'call' && expr.name === 'jsonencode' && expr.args[0]) {
    const list = expr.args[0];
    if (list.kind !== 'tuple') return { why: 'jsonencode of something other than a list of containers' };
    return { items: list.items.map((item) => ({ kind: 'expr', expr: item })) };
  }
  const text = evaluate(expr, defaultsScope(dir));
  if (text.known && typeof text.value === 'string') {
    try {
      const parsed = JSON.parse(text.value) as unknown;
      if (!Array.isArray(parsed)) return { why: 'the JSON is not a list of containers' };
      return {
        items: parsed.map((value) => ({
          kind: 'json',
          value: value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {},
        })),
      };
    } catch {
      return { why: 'the string is not JSON' };
    }
  }
  return { why: text.known ? 'not a string' : text.reason };
}

/**
 * `readonlyRootFilesystem = …` items of a container object or of the objects a merge(...)
 * combines; with `branches`, also those in conditional arguments (which may override it).
 */
function readonlySettings(expr: Expr, branches: boolean): ObjectItem[] {
  if (expr.kind === 'object')
    return expr.items.filter((item) => {
      const key = evaluate(item.key);
      return key.known && key.value === 'readonlyRootFilesystem';
    });
  if (expr.kind === 'call' && expr.name === 'merge') return expr.args.flatMap((arg) => readonlySettings(arg, branches));
  if (expr.kind === 'other' && branches) return expr.children.flatMap((child) => readonlySettings(child, branches));
  return [];
}

function lifecycleFilters(resource: ResourceDecl): PolicyFinding[] {
  const rules: Body[] = [
    ...findBlocks(resource.block.body, 'rule').map((b) => b.body),
    ...findBlocks(resource.block.body, 'dynamic')
      .filter((b) => b.labels[0] === 'rule')
      .flatMap((b) => findBlocks(b.body, 'content').map((c) => c.body)),
  ];
  const findings: PolicyFinding[] = [];
  for (const rule of rules) {
    const id = findAttribute(rule, 'id');
    const label = id?.expr.kind === 'literal' ? ` ${JSON.stringify(id.expr.value)}` : '';
    const filter = findBlocks(rule, 'filter')[0] ?? findBlocks(rule, 'dynamic').find((b) => b.labels[0] === 'filter');
    const prefix = findAttribute(rule, 'prefix');
    const empty =
      filter !== undefined &&
      filter.type === 'filter' &&
      filter.body.attributes.length === 0 &&
      filter.body.blocks.length === 0;
    if (!filter && !prefix) {
      findings.push({
        check: 's3-lifecycle-filter',
        file: resource.file,
        range: id?.range ?? resource.block.typeRange,
        message: `${name(resource)}: rule${label} has no filter; for the whole bucket write filter { prefix = "" }`,
      });
    } else if (empty) {
      findings.push({
        check: 's3-lifecycle-filter',
        file: resource.file,
        range: filter.typeRange,
        message: `${name(resource)}: rule${label} has an empty filter {}, which draws the provider's "invalid attribute combination" warning; for the whole bucket write filter { prefix = "" }`,
      });
    }
  }
  return findings;
}

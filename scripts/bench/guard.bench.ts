/**
 * env-guard speed (issue 4). Generates a repository of 50 roots × 40 files (35 .tf, tfvars,
 * README, script, JSON, YAML; shared modules with nested calls, file reads and remote
 * state) and reports the whole guard against merely parsing the same files, then the time
 * on this repository. Targets: guard ≤ 2× parse-only; under 2 s on this repository.
 *
 * "parse-only" = `loadRepository` (listing, reading, tree-sitter) + HashiCorp's parser
 * (`hashicorp()`) on every .tf file — what any tool pays to look at the HCL at all.
 * "guard" = config + ledger + `loadRepository` + every rule, follow-up and parity
 * (guardRoot). Both are measured warm (after one run) as medians, in this process; the cold
 * CLI (a new Node process, `scripts/guard.ts`) on this repository is measured too.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../lib/tools.js';
import { peakMemory, row, timeIt } from './lib.js';

const ROOTS = 50;
const FILES_PER_ROOT = 40;
const MODULES = 6;

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const env = (i: number) => `env-${String(i).padStart(2, '0')}`;

function generateRepository(root: string): number {
  let files = 0;
  const put = (path: string, text: string) => {
    write(root, path, text);
    files += 1;
  };
  const environments = Array.from({ length: ROOTS }, (_, i) =>
    [
      `  - name: ${env(i)}`,
      `    roots: [environments/${env(i)}]`,
      `    identifiers:`,
      `      prefixes: [bench-${env(i)}]`,
      `      database_identifiers: [bench-${env(i)}-postgres]`,
      `      buckets: [bench-${env(i)}-media]`,
    ].join('\n'),
  );
  put('environments.yaml', `version: 1\nenvironments:\n${environments.join('\n')}\n`);
  put(
    'env-guard.yaml',
    `version: 1\nallowlist:\n  - literal: bench-env-00-postgres-snapshot\n    environment: env-01\n    reason: benchmark\nsnapshots:\n  - identifier: bench-env-00-postgres-snapshot\n    master_username: benchadmin\nfollowups:\n  ledger: ledger.yaml\n`,
  );
  put(
    'ledger.yaml',
    'version: 1\nfollowups:\n  - id: manual\n    environment: env-00\n    title: A manual step\n    status: open\n  - id: waf\n    environment: env-00\n    title: Codify the WebACL\n    resolved_by:\n      - type: aws_wafv2_web_acl\n',
  );
  for (let m = 0; m < MODULES; m += 1) {
    const next =
      m + 1 < MODULES
        ? `\nmodule "next" {\n  source = "../m${m + 1}"\n  name   = "\${var.name}-n"\n  key    = var.key\n}\n`
        : '';
    put(
      `modules/m${m}/variables.tf`,
      'variable "name" {\n  type        = string\n  description = "Name prefix."\n}\n\nvariable "key" {\n  type        = string\n  description = "State key."\n}\n\nvariable "snapshot" {\n  type        = string\n  description = "Snapshot."\n  default     = null\n}\n',
    );
    put(`modules/m${m}/outputs.tf`, 'output "name" {\n  description = "Name."\n  value       = var.name\n}\n');
    put(`modules/m${m}/versions.tf`, 'terraform {\n  required_version = ">= 1.11"\n}\n');
    put(
      `modules/m${m}/main.tf`,
      `data "archive_file" "fn" {\n  type        = "zip"\n  source_dir  = "\${path.module}/functions/fn/dist"\n  output_path = "\${path.module}/fn.zip"\n}\n\nlocals {\n  policy = templatefile("\${path.module}/policy.json.tpl", { name = var.name })\n  label  = format("%s-%s", var.name, "m${m}")\n}\n\ndata "terraform_remote_state" "shared" {\n  backend = "s3"\n  config = {\n    bucket = "bench-state"\n    key    = var.key\n  }\n}\n\nresource "aws_db_instance" "this" {\n  identifier          = "\${var.name}-postgres"\n  username            = "benchadmin"\n  snapshot_identifier = var.snapshot\n}\n${next}`,
    );
    put(`modules/m${m}/policy.json.tpl`, '{"name": "${name}"}\n');
  }
  for (let i = 0; i < ROOTS; i += 1) {
    const dir = `environments/${env(i)}`;
    const name = `bench-${env(i)}`;
    let count = 0;
    const rootFile = (path: string, text: string) => {
      put(`${dir}/${path}`, text);
      count += 1;
    };
    rootFile(
      'backend.tf',
      `terraform {\n  backend "s3" {\n    bucket       = "bench-state"\n    key          = "${env(i)}/terraform.tfstate"\n    region       = "us-east-1"\n    use_lockfile = true\n  }\n}\n`,
    );
    rootFile('versions.tf', 'terraform {\n  required_version = ">= 1.11"\n}\n');
    rootFile(
      'variables.tf',
      'variable "suffix" {\n  type        = string\n  description = "Suffix."\n  default     = "x"\n}\n',
    );
    rootFile(
      'locals.tf',
      `locals {\n  name     = "${name}"\n  snapshot = ${i === 1 ? '"bench-env-00-postgres-snapshot"' : 'null'}\n}\n`,
    );
    rootFile('outputs.tf', 'output "name" {\n  description = "Name."\n  value       = local.name\n}\n');
    rootFile('terraform.tfvars', 'suffix = "y"\n');
    rootFile('README.md', `# ${env(i)}\n\nDatabase \`${name}-postgres\`, media \`${name}-media\`.\n`);
    rootFile(
      'scripts/deploy.sh',
      `#!/usr/bin/env bash\naws ecs update-service --cluster ${name}-cluster --service api\n`,
    );
    rootFile('config.json', `{"bucket": "${name}-media", "db": "${name}-postgres"}\n`);
    rootFile('values.yaml', `cluster: ${name}-cluster\n`);
    for (let f = 0; count < FILES_PER_ROOT; f += 1) {
      const module = f % MODULES;
      const foreign = i % 10 === 0 && f === 0 ? `\n  tags = { Copy = "bench-${env(i + 1)}-media" }` : '';
      rootFile(
        `main-${String(f).padStart(2, '0')}.tf`,
        `module "m${f}" {\n  source   = "../../modules/m${module}"\n  name     = "\${local.name}-${f}"\n  key      = "shared/${f}.tfstate"\n  snapshot = local.snapshot\n}\n\nresource "aws_s3_bucket" "b${f}" {\n  bucket = "${name}-b${f}-\${var.suffix}"${foreign}\n}\n\nresource "aws_ssm_parameter" "p${f}" {\n  name  = "/${name}/p${f}"\n  type  = "String"\n  value = <<-EOT\n    ${name} parameter ${f}\n  EOT\n}\n`,
      );
    }
  }
  return files;
}

// Imported lazily: the cold measurement (--cold, a new process) times loading the core itself.
const core = async () => ({
  ...(await import('../../src/guard/index.js')),
  ...(await import('../../io/guard.js')),
  ...(await import('../../io/node-fs.js')),
});
type Core = Awaited<ReturnType<typeof core>>;

async function parseOnly(loadRepository: Core['loadRepositoryAt'], dir: string): Promise<number> {
  const repo = await loadRepository(dir);
  const files = [...repo.dirs.values()].flatMap((d) => d.files);
  await Promise.all(files.map((f) => f.validity()));
  return files.length;
}

async function main(): Promise<void> {
  const { guardExitCode, guardRoot, loadRepositoryAt: loadRepository } = await core();
  const dir = mkdtempSync(join(tmpdir(), 'env-guard-bench-'));
  try {
    const files = generateRepository(dir);
    let first: Awaited<ReturnType<typeof guardRoot>> | undefined;
    const memory = await peakMemory(async () => {
      first = await guardRoot(dir);
    });
    const tfFiles = await parseOnly(loadRepository, dir);
    if (!first) throw new Error('guard did not run');
    row(
      `generated: ${ROOTS} roots × ${FILES_PER_ROOT} files`,
      `${files} files (${tfFiles} .tf), ${first.report.violations.length} violations, ${first.report.followups.length} follow-ups`,
    );
    const parse = await timeIt(() => parseOnly(loadRepository, dir), 3);
    const guard = await timeIt(() => guardRoot(dir), 3);
    const ratio = guard.medianMs / parse.medianMs;
    row('generated: parse-only (load + HashiCorp parse)', `${parse.medianMs.toFixed(0)} ms`);
    row(
      'generated: whole guard',
      `${guard.medianMs.toFixed(0)} ms = ${ratio.toFixed(2)}× parse-only (target ≤ 2×: ${ratio <= 2 ? 'met' : 'MISSED'})`,
    );
    row('generated: peak memory of the first guard run (RSS)', `${memory.toFixed(0)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const own = await timeIt(() => guardRoot(repoRoot), 5);
  const ownParse = await timeIt(() => parseOnly(loadRepository, repoRoot), 5);
  const exit = guardExitCode((await guardRoot(repoRoot)).report);
  row('this repository: parse-only', `${ownParse.medianMs.toFixed(0)} ms`);
  row(
    'this repository: whole guard (warm, in process)',
    `${own.medianMs.toFixed(0)} ms (target < 2000 ms: ${own.medianMs < 2000 ? 'met' : 'MISSED'}), exit ${exit}`,
  );
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', import.meta.filename, '--cold'], {
    cwd: repoRoot,
  });
  const [importMs, runMs] = stdout.trim().split(' ').map(Number);
  row(
    'this repository: cold, new process: import the core',
    `${(importMs ?? 0).toFixed(0)} ms (tsx transpiles the sources; starts the wasm compiles)`,
  );
  row(
    'this repository: cold, new process: whole guard',
    `${(runMs ?? 0).toFixed(0)} ms (target < 2000 ms: ${(runMs ?? Infinity) < 2000 ? 'met' : 'MISSED'}; first wasm runs included)`,
  );
  const started = performance.now();
  await run(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/guard.ts'), '--format', 'json'], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  row(
    'this repository: `guard` CLI wall time, new process',
    `${(performance.now() - started).toFixed(0)} ms (Node and tsx start included)`,
  );
}

if (process.argv.includes('--cold')) {
  const started = performance.now();
  const { guardRoot } = await core();
  const imported = performance.now();
  await guardRoot(repoRoot);
  process.stdout.write(`${imported - started} ${performance.now() - imported}\n`);
} else {
  await main();
}

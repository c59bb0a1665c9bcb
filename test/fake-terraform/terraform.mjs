// Stand-in `terraform` executable for the orchestration CLI tests. Follows the parts of the
// Terraform CLI contract that `npm run infra` uses (arguments, exit codes, outputs) and
// records every invocation. Behaviour per root comes from the JSON file named by
// FAKE_TF_CONFIG; see README.md.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const cwd = process.cwd();

if (process.env.FAKE_TF_LOG) appendFileSync(process.env.FAKE_TF_LOG, `${JSON.stringify({ argv, cwd })}\n`);

function loadConfig() {
  const file = process.env.FAKE_TF_CONFIG;
  const all = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const roots = all.roots ?? {};
  const key = Object.keys(roots).find((k) => cwd === k || cwd.endsWith(`/${k}`));
  return { ...(all.default ?? {}), ...(key ? roots[key] : {}) };
}
const config = loadConfig();
const command = argv[0] ?? '';

function fail(message, code = 1) {
  process.stderr.write(`╷\n│ Error: ${message}\n│\n╵\n`);
  process.exit(code);
}
function flag(name) {
  const arg = argv.find((a) => a === `-${name}` || a.startsWith(`-${name}=`));
  if (arg === undefined) return undefined;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : true;
}
function fixturePath(name) {
  return isAbsolute(name) ? name : join(here, 'fixtures', name);
}
function planHasChanges(plan) {
  const changed = (actions) => actions.some((a) => a !== 'no-op' && a !== 'read');
  return (
    (plan.resource_changes ?? []).some((rc) => changed(rc.change?.actions ?? [])) ||
    Object.values(plan.output_changes ?? {}).some((oc) => changed(oc.actions ?? []))
  );
}

// Scripted failures, checked before the command runs.
if (config.crash === command) {
  process.stderr.write(
    'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV]\n\ngoroutine 1 [running]:\nmain.main()\n',
  );
  process.exit(2);
}
if (config.lock === command) {
  if (!flag('lock-timeout')) fail('fake terraform: lock scenario expects -lock-timeout');
  fail(
    'Error acquiring the state lock\n│\n│ Error message: operation error S3: PutObject, StatusCode: 412, PreconditionFailed\n│ Lock Info:\n│   ID:        00000000-0000-0000-0000-000000000001\n│   Operation: OperationTypeApply\n│   Who:       runner@ci',
  );
}
if (config.fail?.[command]) fail(config.fail[command]);
if (command !== 'fmt' && command !== 'init' && command !== 'version' && !existsSync(join(cwd, '.terraform'))) {
  fail('Backend initialization required, please run "terraform init"');
}

switch (command) {
  case 'version':
    process.stdout.write('Terraform v1.14.0 (fake)\n');
    break;
  case 'fmt': {
    if (!argv.includes('-check')) fail('fake terraform: only fmt -check is supported');
    const unformatted = config.unformatted ?? [];
    if (unformatted.length > 0) {
      process.stdout.write(unformatted.map((f) => `${f}\n`).join(''));
      process.exit(3);
    }
    break;
  }
  case 'init':
    if (flag('input') !== 'false') fail('fake terraform: init must run with -input=false in automation');
    mkdirSync(join(cwd, '.terraform'), { recursive: true });
    process.stdout.write('Initializing the backend...\n\nTerraform has been successfully initialized!\n');
    break;
  case 'validate':
    process.stdout.write('Success! The configuration is valid.\n');
    break;
  case 'plan': {
    if (flag('input') !== 'false') fail('fake terraform: plan must run with -input=false in automation');
    const out = flag('out');
    if (typeof out !== 'string') fail('fake terraform: plan needs -out=FILE');
    if (!config.plan) fail('fake terraform: no plan fixture configured for this root');
    const plan = JSON.parse(readFileSync(fixturePath(config.plan), 'utf8'));
    const changes = config.changes ?? planHasChanges(plan);
    mkdirSync(dirname(resolve(cwd, out)), { recursive: true });
    writeFileSync(resolve(cwd, out), JSON.stringify({ fakePlan: true, fixture: config.plan, cwd }));
    process.stdout.write(
      changes
        ? 'Terraform will perform the following actions:\n\nPlan: changes.\n'
        : 'No changes. Your infrastructure matches the configuration.\n',
    );
    process.exit(argv.includes('-detailed-exitcode') && changes ? 2 : 0);
    break;
  }
  case 'show': {
    const file = argv[argv.length - 1];
    if (!argv.includes('-json') || !file || file.startsWith('-')) fail('fake terraform: show -json FILE expected');
    if (!existsSync(resolve(cwd, file)))
      fail(`Failed to read the given file as a state or plan file: open ${file}: no such file or directory`);
    const saved = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
    if (!saved.fakePlan) fail('fake terraform: not a plan file written by plan -out');
    process.stdout.write(readFileSync(fixturePath(saved.fixture), 'utf8'));
    break;
  }
  case 'apply': {
    const file = argv[argv.length - 1];
    if (!file || file.startsWith('-')) fail('fake terraform: apply must be given the saved plan file');
    if (!existsSync(resolve(cwd, file))) fail(`Failed to load "${file}" as a plan file`);
    process.stdout.write('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.\n');
    break;
  }
  case 'output': {
    if (!argv.includes('-json')) fail('fake terraform: only output -json is supported');
    process.stdout.write(`${JSON.stringify(config.outputs ?? {})}\n`);
    break;
  }
  default:
    fail(`fake terraform: unsupported command '${command}'`);
}

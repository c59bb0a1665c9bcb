/**
 * Attempts to cross the production/staging boundary with the features Terraform has — override
 * files, the JSON syntax, tfvars in both syntaxes, symlinks, git sources, escapes, functions,
 * partial backends, plan-time code — each in an in-memory repository, each ending in a finding
 * at the file, line and column where it is written (positions found by string search in the
 * case's own text).
 */
import { describe, expect, it } from 'vitest';
import {
  BASE_FILES,
  backendBlock,
  ENVIRONMENTS_MODEL,
  GUARD_CONFIG,
  guardMemory,
  lines,
  position,
  SNAPSHOT_ALLOW,
} from '../../test/helpers/guard-memory.js';

const DEV = 'environments/development';
const at = (
  file: string,
  text: string,
  needle: string,
  rule: string,
  severity = 'error',
  env = 'development',
  nth = 1,
) => `${file}:${position(text, needle, nth)} ${rule} ${severity} ${env}`;
const PROD_STATE =
  'data "terraform_remote_state" "net" {\n  backend = "s3"\n  config = {\n    bucket = "phenom-tfstate"\n    key    = local.state_key\n  }\n}\n';

describe('override files', () => {
  it("an override file's backend replaces the original: production's state in development is a shared backend", async () => {
    const override = backendBlock('production/terraform.tfstate');
    for (const name of ['a_override.tf', 'override.tf']) {
      const report = await guardMemory({ files: { [`${DEV}/${name}`]: override } });
      expect(lines(report)).toEqual([
        at(`${DEV}/${name}`, override, 'key    =', 'shared-backend'),
        at(
          'environments/production/backend.tf',
          BASE_FILES['environments/production/backend.tf']!,
          'key    =',
          'shared-backend',
          'error',
          'production',
        ),
      ]);
      expect(report.environments.find((e) => e.name === 'development')?.roots[0]?.backend?.state).toBe(
        's3://phenom-tfstate/production/terraform.tfstate',
      );
    }
  });

  it('the JSON form of an override backend, and a backend added by an override to a root without one', async () => {
    const json =
      '{\n  "terraform": {\n    "backend": {\n      "s3": {\n        "bucket": "phenom-tfstate",\n        "key": "production/terraform.tfstate"\n      }\n    }\n  }\n}\n';
    const report = await guardMemory({ files: { [`${DEV}/zz_override.tf.json`]: json } });
    expect(lines(report)[0]).toBe(at(`${DEV}/zz_override.tf.json`, json, '"key"', 'shared-backend'));
    const added = await guardMemory({
      without: [`${DEV}/backend.tf`],
      files: { [`${DEV}/override.tf`]: backendBlock('production/terraform.tfstate') },
    });
    expect(lines(added).filter((l) => l.includes('shared-backend'))).toHaveLength(2);
  });

  it('an override replaces a local that feeds a state key, a variable default that feeds file(), a module source', async () => {
    const main = `locals {\n  state_key = "development/terraform.tfstate"\n}\n${PROD_STATE}variable "policy" {\n  type    = string\n  default = "policy.json"\n}\nlocals {\n  policy = file(var.policy)\n}\nmodule "app" {\n  source = "../../modules/app"\n}\n`;
    const override =
      'locals {\n  state_key = "production/terraform.tfstate"\n}\nvariable "policy" {\n  default = "../production/policy.json"\n}\nmodule "app" {\n  source = "../production/app"\n}\n';
    const report = await guardMemory({
      files: {
        [`${DEV}/net.tf`]: main,
        [`${DEV}/net_override.tf`]: override,
        'modules/app/main.tf': '',
        'environments/production/app/main.tf': 'output "x" {\n  value = 1\n}\n',
      },
    });
    expect(lines(report)).toEqual([
      at(`${DEV}/net.tf`, main, 'key    = local.state_key', 'remote-state-cross-env'),
      at(`${DEV}/net.tf`, main, 'file(var.policy)', 'path-escape'),
      at(`${DEV}/net_override.tf`, override, 'source = "../production/app"', 'path-escape'),
    ]);
  });

  it('merges as Terraform does: later override files win, lifecycle per argument, nested blocks replaced, provisioners added by an override', async () => {
    const main = 'resource "terraform_data" "x" {\n  input = "a"\n}\n';
    const first =
      'resource "terraform_data" "x" {\n  provisioner "local-exec" {\n    command = "cat ../production/terraform.tfstate"\n  }\n}\n';
    const report = await guardMemory({ files: { [`${DEV}/x.tf`]: main, [`${DEV}/a_override.tf`]: first } });
    expect(lines(report)).toEqual([at(`${DEV}/a_override.tf`, first, 'provisioner', 'plan-time-code', 'warning')]);
    expect(report.violations[0]?.message).toContain('cat ../production/terraform.tfstate');
    // A later override without provisioners keeps them; one with a provisioner replaces them all.
    const second = 'resource "terraform_data" "x" {\n  provisioner "remote-exec" {\n    inline = ["true"]\n  }\n}\n';
    const both = await guardMemory({
      files: { [`${DEV}/x.tf`]: main, [`${DEV}/a_override.tf`]: first, [`${DEV}/b_override.tf`]: second },
    });
    expect(lines(both)).toEqual([at(`${DEV}/b_override.tf`, second, 'provisioner', 'plan-time-code', 'warning')]);
  });
});

describe('JSON syntax', () => {
  it('remote state, module source, file() and a templated identifier in .tf.json; values from terraform.tfvars.json', async () => {
    const json = `{
  "//": "generated",
  "data": {
    "terraform_remote_state": {
      "prod": {
        "backend": "s3",
        "config": { "bucket": "phenom-tfstate", "key": "production/terraform.tfstate" }
      }
    }
  },
  "module": { "shared": { "source": "../production/app" } },
  "variable": { "secret_file": { "type": "string" } },
  "locals": {
    "policy": "\${file(\\"../production/policy.json\\")}",
    "secret": "\${file(var.secret_file)}",
    "name": "phenom-\${\\"prod\\"}-media"
  }
}
`;
    const report = await guardMemory({
      files: {
        [`${DEV}/generated.tf.json`]: json,
        [`${DEV}/terraform.tfvars.json`]: '{ "secret_file": "../production/policy.json" }\n',
        'environments/production/app/main.tf': '',
      },
    });
    const file = `${DEV}/generated.tf.json`;
    expect(lines(report)).toEqual([
      at(file, json, '"key": "production', 'remote-state-cross-env'),
      at(file, json, '"source"', 'path-escape'),
      at(file, json, 'file(\\"../production', 'path-escape'),
      at(file, json, 'file(var.secret_file)', 'path-escape'),
      at(file, json, '"phenom-${', 'foreign-identifier'),
    ]);
    expect(report.violations[4]?.message).toContain("evaluates to 'phenom-prod-media'");
  });

  it('JSON that is not valid, or maps to no Terraform block, is a parse error at its line', async () => {
    const broken = '{\n  "locals": {\n    "a": "x",\n  }\n}\n';
    const unknownBlock = '{\n  "resourse": {}\n}\n';
    const report = await guardMemory({ files: { [`${DEV}/a.tf.json`]: broken, [`${DEV}/b.tf.json`]: unknownBlock } });
    expect(lines(report)).toEqual([
      `${DEV}/a.tf.json:4:3 parse-error error development`,
      at(`${DEV}/b.tf.json`, unknownBlock, '"resourse"', 'parse-error'),
    ]);
  });
});

describe('paths through symlinks and this repository’s URLs', () => {
  it('a module directory under modules/ that is a symlink into the other environment', async () => {
    const main = 'module "x" {\n  source = "../../modules/x"\n}\n';
    const report = await guardMemory({
      files: { [`${DEV}/mods.tf`]: main, 'environments/production/modules/y/main.tf': 'locals {\n  a = 1\n}\n' },
      links: { 'modules/x': '../environments/production/modules/y' },
    });
    expect(lines(report)).toEqual([at(`${DEV}/mods.tf`, main, 'source =', 'path-escape')]);
    expect(report.violations[0]?.message).toContain('a symlink to environments/production/modules/y');
  });

  it('a file read through a symlinked directory, and tfvars read through a symlink', async () => {
    const main =
      'variable "p" {\n  type = string\n}\nlocals {\n  a = file("shared/policy.json")\n  b = file(var.p)\n}\n';
    const report = await guardMemory({
      files: { [`${DEV}/reads.tf`]: main, 'config/dev.tfvars': 'p = "../production/policy.json"\n' },
      links: {
        shared: 'environments/production',
        [`${DEV}/shared`]: '../../shared',
        [`${DEV}/terraform.tfvars`]: '../../config/dev.tfvars',
      },
    });
    expect(lines(report)).toEqual([
      at(`${DEV}/reads.tf`, main, 'file("shared', 'path-escape'),
      at(`${DEV}/reads.tf`, main, 'file(var.p)', 'path-escape'),
      `${DEV}/shared:1:1 path-escape error development`,
    ]);
  });

  it('a git source naming this repository with a //subdir into the other environment, in every URL form', async () => {
    for (const source of [
      'git::https://github.com/Phenom/infra.git//environments/production?ref=main',
      'git::ssh://git@github.com/phenom/infra.git//environments/production',
      'git@github.com:phenom/infra.git//environments/production',
      'github.com/phenom/infra//environments/production/',
    ]) {
      const main = `module "prod" {\n  source = "${source}"\n}\n`;
      const report = await guardMemory({
        files: { [`${DEV}/git.tf`]: main },
        load: { repositoryUrls: ['https://github.com/phenom/infra'] },
      });
      expect(lines(report), source).toContain(at(`${DEV}/git.tf`, main, 'source =', 'path-escape'));
      expect(report.violations[0]?.message).toContain('names this repository');
    }
    const other = 'module "x" {\n  source = "git::https://github.com/someone/else.git//environments/production"\n}\n';
    const none = await guardMemory({
      files: { [`${DEV}/git.tf`]: other },
      load: { repositoryUrls: ['https://github.com/phenom/infra'] },
    });
    expect(lines(none)).toEqual([]);
  });

  it('unresolvable file(), templatefile() and aws_s3_object paths and keys are warnings that show the expression', async () => {
    const main =
      'locals {\n  a = file(data.aws_ssm_parameter.p.value)\n  b = templatefile("${aws_s3_bucket.media.arn}/x.tpl", {})\n}\ndata "aws_ssm_parameter" "p" {\n  name = "p"\n}\ndata "aws_s3_object" "state" {\n  bucket = "phenom-tfstate"\n  key    = data.aws_ssm_parameter.p.value\n}\n';
    const report = await guardMemory({ files: { [`${DEV}/dyn.tf`]: main } });
    expect(lines(report)).toEqual([
      at(`${DEV}/dyn.tf`, main, 'file(data', 'path-escape', 'warning'),
      at(`${DEV}/dyn.tf`, main, 'templatefile(', 'path-escape', 'warning'),
      at(`${DEV}/dyn.tf`, main, 'key    = data', 'remote-state-cross-env', 'warning'),
    ]);
    expect(report.violations[0]?.message).toContain('reads data.aws_ssm_parameter.p.value, which cannot be resolved');
    expect(report.violations[2]?.message).toContain('(data.aws_ssm_parameter.p.value)');
  });
});

describe('strings as Terraform sees them', () => {
  it('unicode and other escapes are decoded before matching, in .tf and .tf.json', async () => {
    const tf =
      'resource "aws_s3_bucket" "copy" {\n  bucket = "phenom-\\u0070rod-media"\n  acl    = "\\U00000070henom-prod-x"\n}\n';
    const json = '{ "locals": { "b": "phenom\\u002dprod-media" } }\n';
    const report = await guardMemory({ files: { [`${DEV}/esc.tf`]: tf, [`${DEV}/esc.tf.json`]: json } });
    expect(lines(report)).toEqual([
      at(`${DEV}/esc.tf`, tf, 'phenom-\\u0070rod', 'foreign-identifier'),
      at(`${DEV}/esc.tf`, tf, '\\U00000070henom', 'foreign-identifier'),
      at(`${DEV}/esc.tf.json`, json, 'phenom\\u002d', 'foreign-identifier'),
    ]);
    expect(report.violations[0]?.message).toContain("'phenom-prod-media'");
  });

  it('an identifier derived from the allow-listed snapshot name with string functions, RE2 patterns included', async () => {
    const tf = `locals {
  snapshot = "phenom-prod-postgres-clone-20260620"
  a = trimsuffix(local.snapshot, "-clone-20260620")
  b = replace(local.snapshot, "/-clone-\\\\d+\\\\z/", "")
  c = replace(local.snapshot, "/^(?P<base>[a-z-]+?)-clone-.*$/", "$\${base}")
  d = join("-", slice(split("-", local.snapshot), 0, 3))
  e = substr(local.snapshot, 0, 20)
  ok = lower(local.snapshot)
}
`;
    const report = await guardMemory({ files: { [`${DEV}/derived.tf`]: tf }, config: GUARD_CONFIG + SNAPSHOT_ALLOW });
    expect(lines(report)).toEqual(
      ['trimsuffix(', 'replace(local.snapshot, "/-clone', 'replace(local.snapshot, "/^', 'join(', 'substr('].map((n) =>
        at(`${DEV}/derived.tf`, tf, n, 'foreign-identifier'),
      ),
    );
    expect(report.allowlisted[0]?.references.length).toBeGreaterThan(0);
  });

  it('a pattern RE2 rejects, or one JavaScript would take forever on, is unresolved, never a crash', async () => {
    const tf =
      'locals {\n  a = replace("x", "/(?P<n>/", "")\n  b = replace("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "/(a+)+$/", "")\n  c = file(replace("../production/x", "/(/", ""))\n}\n';
    const started = performance.now();
    const report = await guardMemory({ files: { [`${DEV}/re.tf`]: tf } });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(lines(report)).toEqual([at(`${DEV}/re.tf`, tf, 'file(', 'path-escape', 'warning')]);
    expect(report.violations[0]?.message).toContain('invalid RE2 pattern');
  });
});

describe('partial backends', () => {
  const partial = 'terraform {\n  backend "s3" {\n    region = "us-east-1"\n  }\n}\n';
  const prodConfig = 'bucket = "phenom-tfstate"\nkey    = "production/terraform.tfstate"\n';

  it('a backend.hcl or the one *.tfbackend beside the root is part of its backend', async () => {
    for (const name of ['backend.hcl', 'dev.s3.tfbackend']) {
      const report = await guardMemory({ files: { [`${DEV}/backend.tf`]: partial, [`${DEV}/${name}`]: prodConfig } });
      expect(lines(report)[0], name).toBe(at(`${DEV}/${name}`, prodConfig, 'key', 'shared-backend'));
    }
  });

  it('backend-config files and key=value settings declared for the root, in order', async () => {
    const report = await guardMemory({
      files: { [`${DEV}/backend.tf`]: partial, [`${DEV}/config/dev.tfbackend`]: 'bucket = "phenom-tfstate"\n' },
      load: { backendConfig: { [DEV]: ['config/dev.tfbackend', 'key=production/terraform.tfstate'] } },
    });
    expect(lines(report)[0]).toBe(at(`${DEV}/backend.tf`, partial, 'backend "s3"', 'shared-backend'));
  });

  it('an unresolvable backend is a warning naming the missing setting and the files looked at', async () => {
    const none = await guardMemory({ files: { [`${DEV}/backend.tf`]: partial } });
    expect(lines(none)).toEqual([at(`${DEV}/backend.tf`, partial, 'backend "s3"', 'shared-backend', 'warning')]);
    expect(none.violations[0]?.message).toContain(
      "'bucket' is not set in the backend block, and no backend-config file",
    );
    const two = await guardMemory({
      files: { [`${DEV}/backend.tf`]: partial, [`${DEV}/a.tfbackend`]: prodConfig, [`${DEV}/b.tfbackend`]: prodConfig },
    });
    expect(two.violations[0]?.message).toContain('several backend-config files');
    const missing = await guardMemory({
      files: { [`${DEV}/backend.tf`]: partial },
      load: { backendConfig: { [DEV]: ['nope.tfbackend'] } },
    });
    expect(missing.violations[0]?.message).toContain('environments/development/nope.tfbackend does not exist');
  });
});

describe('plan-time-code', () => {
  const code = `data "external" "x" {
  program = ["cat", "../production/terraform.tfstate"]
}
data "http" "y" {
  url = "https://example.invalid/state"
}
data "local_file" "z" {
  filename = "\${path.module}/notes.txt"
}
check "c" {
  data "local_sensitive_file" "w" {
    filename = "notes.txt"
  }
}
resource "terraform_data" "run" {
  provisioner "local-exec" {
    command = "terraform -chdir=../production output"
  }
}
resource "aws_instance" "vm" {
  provisioner "remote-exec" {
    inline = ["true"]
  }
}
`;

  it('external, http and local_file data sources and exec provisioners, in the root and in a module it uses; an error when strict', async () => {
    const files = {
      [`${DEV}/code.tf`]: 'module "m" {\n  source = "../../modules/m"\n}\n',
      'modules/m/main.tf': code,
      [`${DEV}/notes.txt`]: '',
    };
    const report = await guardMemory({ files });
    const expected = [
      'data "external"',
      'data "http"',
      'data "local_file"',
      'data "local_sensitive_file"',
      'provisioner "local-exec"',
      'provisioner "remote-exec"',
    ].map((needle) => at('modules/m/main.tf', code, needle, 'plan-time-code', 'warning'));
    expect(lines(report)).toEqual(expected);
    expect(report.violations[0]?.message).toContain('program = ["cat", "../production/terraform.tfstate"]');
    expect(report.violations[0]?.message).toContain('module.m (root environments/development)');
    const strict = await guardMemory({ files, guard: { strict: true } });
    expect(strict.violations.every((v) => v.severity === 'error')).toBe(true);
    const policy = await guardMemory({
      files,
      guard: { severityOverrides: { development: { 'plan-time-code': 'error' } } },
    });
    expect(policy.violations.every((v) => v.severity === 'error')).toBe(true);
  });

  it('an error in an environment planned with production credentials, until an allow-list entry a reviewer sees covers it', async () => {
    const PROD = 'environments/production';
    const files = { [`${PROD}/code.tf`]: code };
    const model = ENVIRONMENTS_MODEL.replace(
      '    roots: [environments/production]\n',
      '    roots: [environments/production]\n    production: true\n',
    );
    const report = await guardMemory({ files, model });
    expect(report.violations.filter((v) => v.rule === 'plan-time-code').map((v) => `${v.env} ${v.severity}`)).toEqual(
      Array(6).fill('production error'),
    );
    // The same code in the environment without production credentials stays a warning.
    const staging = await guardMemory({ files: { [`${DEV}/code.tf`]: code }, model });
    expect(new Set(staging.violations.map((v) => `${v.rule} ${v.severity}`))).toEqual(
      new Set(['plan-time-code warning']),
    );
    const allowed = await guardMemory({
      files,
      model,
      config: `${GUARD_CONFIG}allowlist:\n  - rule: plan-time-code\n    path: ${PROD}/code.tf\n    reason: 'reviewed, reads only this root''s files'\n`,
    });
    expect(allowed.violations.filter((v) => v.rule === 'plan-time-code')).toEqual([]);
    expect(allowed.allowlisted.map((a) => a.rule)).toContain('plan-time-code');
  });

  it('in the JSON syntax', async () => {
    const json =
      '{ "resource": { "terraform_data": { "r": { "provisioner": [ { "local-exec": { "command": "echo" } } ] } } }, "data": { "external": { "e": { "program": ["x"] } } } }\n';
    const report = await guardMemory({ files: { [`${DEV}/code.tf.json`]: json } });
    expect(lines(report)).toEqual([
      at(`${DEV}/code.tf.json`, json, '"local-exec"', 'plan-time-code', 'warning'),
      at(`${DEV}/code.tf.json`, json, '"e"', 'plan-time-code', 'warning'),
    ]);
  });
});

describe('hostile files', () => {
  it('text nested 5,000+ levels deep, in HCL or JSON, is a parse error at its line; so is a binary or too large configuration file', async () => {
    const deep = `locals {\n  a = ${'['.repeat(6_000)}${']'.repeat(6_000)}\n}\n`;
    const interpolations = `locals {\n  b = "${'${"'.repeat(5_000)}x${'"}'.repeat(5_000)}"\n}\n`;
    const json = `{\n  "locals": {\n    "c": ${'['.repeat(6_000)}1${']'.repeat(6_000)}\n  }\n}\n`;
    const report = await guardMemory({
      files: {
        [`${DEV}/deep.tf`]: deep,
        [`${DEV}/interp.tf`]: interpolations,
        [`${DEV}/deep.tf.json`]: json,
        [`${DEV}/nul.tf`]: new Uint8Array(1024),
        [`${DEV}/big.tf`]: `locals {\n  x = "${'a'.repeat(40_000)}"\n}\n`,
        [`${DEV}/big.md`]: `phenom-prod ${'a'.repeat(40_000)}\n`,
      },
      load: { maxFileBytes: 32 * 1024 },
    });
    expect(lines(report)).toEqual([
      `${DEV}/big.md:1:1 foreign-identifier warning development`,
      `${DEV}/big.tf:1:1 parse-error error development`,
      // The 257th level of each: the file's own braces count (locals {, the JSON objects).
      `${DEV}/deep.tf:2:${7 + 255} parse-error error development`,
      `${DEV}/deep.tf.json:3:${10 + 254} parse-error error development`,
      // Levels alternate between a string and an interpolation ("${"): the 257th is an interpolation.
      `${DEV}/interp.tf:2:${8 + 3 * 127} parse-error error development`,
      `${DEV}/nul.tf:1:1 parse-error error development`,
    ]);
    expect(report.violations.find((v) => v.file.endsWith('big.tf'))?.message).toContain(
      'larger than the 0.03 MiB limit',
    );
    expect(report.violations.find((v) => v.file.endsWith('deep.tf'))?.message).toContain(
      'nested deeper than 256 levels',
    );
    expect(report.violations.find((v) => v.file.endsWith('nul.tf'))?.message).toContain('binary content');
  });

  it('a file far over the size limit is not read at all, also not for the position of its finding', async () => {
    const read: string[] = [];
    const report = await guardMemory({
      files: { [`${DEV}/huge.tf`]: `locals {\n  x = "${'a'.repeat(300_000)}"\n}\n` },
      load: { maxFileBytes: 32 * 1024 },
      fs: (fs) => ({
        ...fs,
        readText: (path) => (read.push(path), fs.readText(path)),
        readTextWithin: async (path, max) => {
          const text = await fs.readTextWithin(path, max);
          if (text !== undefined) read.push(path);
          return text;
        },
      }),
    });
    expect(lines(report)).toEqual([`${DEV}/huge.tf:1:1 parse-error error development`]);
    expect(read).not.toContain(`${DEV}/huge.tf`);
    expect(read).toContain(`${DEV}/backend.tf`);
  });
});

describe('secrets are never echoed', () => {
  it('sensitive module inputs are shown as (sensitive) in the parity table', async () => {
    const mod =
      'variable "password" {\n  type      = string\n  sensitive = true\n}\nvariable "name" {\n  type = string\n}\n';
    const call = (pw: string, name: string) =>
      `module "db" {\n  source   = "../../modules/db"\n  password = "${pw}"\n  name     = "${name}"\n}\n`;
    const report = await guardMemory({
      files: {
        'modules/db/main.tf': mod,
        [`${DEV}/db.tf`]: call('dev-Secret-1', 'a'),
        'environments/production/db.tf': call('prod-Secret-2', 'b'),
      },
    });
    const values = report.parity.flatMap((m) => m.differences).map((d) => [d.input, d.values]);
    expect(values).toEqual([['name', { production: '"b"', development: '"a"' }]]);
    expect(JSON.stringify(report)).not.toMatch(/Secret-[12]/);
  });
});

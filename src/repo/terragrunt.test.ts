import { describe, expect, it } from 'vitest';
import { createMemoryFileSystem } from './memory-fs.js';
import { loadRepository } from './repository.js';

const load = (files: Record<string, string>) => loadRepository(createMemoryFileSystem(files, {}, '/repo'));

describe('Terragrunt units in the repository model', () => {
  it('a terragrunt.hcl that others include is a parent configuration; the others are roots with its remote_state, evaluated per unit', async () => {
    const repo = await load({
      'live/terragrunt.hcl':
        'remote_state {\n  backend = "s3"\n  config = {\n    bucket = get_env("STATE_BUCKET", "acme-state")\n    key    = "${path_relative_to_include()}/terraform.tfstate"\n  }\n}\n',
      'live/prod/app/terragrunt.hcl': 'include "root" {\n  path = find_in_parent_folders()\n}\n',
      'live/stage/app/terragrunt.hcl': 'include {\n  path = find_in_parent_folders()\n}\n',
    });
    expect(repo.roots.map((r) => r.dir)).toEqual(['live/prod/app', 'live/stage/app']);
    const backend = repo.dirs.get('live/prod/app')?.backend;
    expect(backend?.type).toBe('s3');
    expect(backend?.file).toBe('live/prod/app/terragrunt.hcl');
    const value = (name: string) => {
      const expr = backend?.attributes.get(name)?.expr;
      return expr?.kind === 'literal' ? expr.value : expr?.kind;
    };
    expect([value('bucket'), value('key')]).toEqual(['acme-state', 'prod/app/terraform.tfstate']);
    // Reported at the include that brings the setting in.
    expect(backend?.attributes.get('key')?.range.start).toEqual({ line: 2, column: 3 });
  });

  it('reads files through read_terragrunt_config and exposed includes, with find_in_parent_folders by name', async () => {
    const repo = await load({
      'root.hcl':
        'locals {\n  env = read_terragrunt_config(find_in_parent_folders("env.hcl"))\n}\nremote_state {\n  backend = "s3"\n  config = {\n    bucket = "state-${local.env.locals.name}"\n    key    = "${path_relative_to_include()}/tf.tfstate"\n  }\n}\n',
      'common/app.hcl':
        'locals {\n  source = "${dirname(find_in_parent_folders("root.hcl"))}/modules//app?ref=v1"\n}\n',
      'prod/env.hcl': 'locals {\n  name = "prod"\n}\n',
      'prod/app/terragrunt.hcl':
        'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\ninclude "common" {\n  path   = "${get_repo_root()}/common/app.hcl"\n  expose = true\n}\nterraform {\n  source = include.common.locals.source\n}\ninputs = {\n  size = 2\n}\n',
      'modules/app/main.tf': 'variable "size" {\n  type = number\n}\n',
    });
    expect(repo.roots.map((r) => r.dir)).toEqual(['prod/app']);
    const unit = repo.units.get('prod/app');
    expect(unit?.reads.map((r) => [r.site.via, r.path])).toEqual([
      ['include "root"', 'root.hcl'],
      ['include "common"', 'common/app.hcl'],
      ['read_terragrunt_config', 'prod/env.hcl'],
    ]);
    const bucket = repo.dirs.get('prod/app')?.backend?.attributes.get('bucket')?.expr;
    expect(bucket?.kind === 'literal' && bucket.value).toBe('state-prod');
    // terraform { source } is the module the unit runs, with its inputs.
    expect(await repo.modulesOf('prod/app')).toEqual([{ dir: 'modules/app', exists: true }]);
    const [, app] = await repo.instances('prod/app');
    expect(app?.scope.variable('size')).toEqual({ known: true, value: 2 });
    expect((await repo.readsOf('prod/app')).map((r) => r.path)).toEqual(['root.hcl', 'common/app.hcl', 'prod/env.hcl']);
  });

  it('dependencies: resolved relative to the unit, or unknown with the reason; a remote source is no local module', async () => {
    const repo = await load({
      'a/terragrunt.hcl':
        'terraform {\n  source = "git::https://example.com/modules.git//vpc?ref=v2"\n}\ndependency "b" {\n  config_path = "../b"\n}\ndependency "c" {\n  config_path = get_env("C_PATH")\n}\ndependencies {\n  paths = ["../b", "../d"]\n}\n',
      'b/terragrunt.hcl': '',
    });
    expect(repo.units.get('a')?.dependencies.map((d) => [d.name, d.dir ?? d.unresolved])).toEqual([
      ['dependency "b"', 'b'],
      ['dependency "c"', 'get_env("C_PATH") is only known at run time'],
      ['dependencies', 'b'],
      ['dependencies', 'd'],
    ]);
    expect(await repo.modulesOf('a')).toEqual([]);
    // A unit without remote_state is still a root (with local state).
    expect(repo.roots.map((r) => [r.dir, r.backend?.type ?? null])).toEqual([
      ['a', null],
      ['b', null],
    ]);
  });

  it("a generate block's backend file is the unit's backend, parsed like every file", async () => {
    const repo = await load({
      'x/terragrunt.hcl':
        'generate "backend" {\n  path     = "backend.tf"\n  contents = <<EOF\nterraform {\n  backend "gcs" {\n    bucket = "state"\n    prefix = "x"\n  }\n}\nEOF\n}\n',
    });
    const backend = repo.dirs.get('x')?.backend;
    expect(backend?.type).toBe('gcs');
    expect([...(backend?.attributes.keys() ?? [])]).toEqual(['bucket', 'prefix']);
    expect(backend?.attributes.get('prefix')?.range.start).toEqual({ line: 1, column: 1 });
  });
});

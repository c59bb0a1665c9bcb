import { execFile } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** scripts/setup/provider-double.sh with PATH limited to the system directories (plus `extra`). */
async function setup(extra?: string): Promise<{ code: number; stderr: string }> {
  const path = [extra, '/usr/bin', '/bin'].filter(Boolean).join(':');
  try {
    const { stderr } = await run('bash', ['scripts/setup/provider-double.sh'], { env: { ...process.env, PATH: path } });
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('setup: Terraform on PATH', () => {
  it('stops with one line when there is no terraform', async () => {
    const { code, stderr } = await setup();
    expect(code).toBe(1);
    expect(stderr).toBe(
      "setup: Terraform >= 1.11.0 is required on PATH and none was found (install it from HashiCorp's releases)\n",
    );
  });

  it('stops with one line naming the version and path of a terraform older than the floor', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phenom-old-tf-'));
    await writeFile(
      join(dir, 'terraform'),
      '#!/bin/sh\nprintf \'{\\n  "terraform_version": "1.10.5",\\n  "platform": "linux_amd64"\\n}\\n\'\n',
    );
    await chmod(join(dir, 'terraform'), 0o755);
    const { code, stderr } = await setup(dir);
    expect(code).toBe(1);
    expect(stderr).toBe(`setup: Terraform >= 1.11.0 is required on PATH, found '1.10.5' at ${dir}/terraform\n`);
  });
});

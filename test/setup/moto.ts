import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { toolPath } from '../../scripts/lib/tools.js';

/** A free TCP port on 127.0.0.1 (the kernel picks it; we release it right away). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts moto's server on 127.0.0.1 and a free port, and waits until it answers. `env` adds
 * moto settings for this server only (e.g. MOTO_ECS_SERVICE_RUNNING).
 */
export async function startMoto(options: { env?: Record<string, string> } = {}): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(toolPath('moto_server'), ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`moto_server exited with ${child.exitCode}: ${stderr.trim().split('\n').pop()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

import { startMoto, type MotoServer } from './moto.js';

/**
 * Vitest global setup of the integration project: starts moto's server on 127.0.0.1 and a
 * free port and passes it to every test file as MOTO_ENDPOINT (unless MOTO_ENDPOINT is
 * already set, then that server is used and left alone). Stopped after the run, also when
 * tests fail.
 */
let server: MotoServer | undefined;

export async function setup(): Promise<void> {
  if (process.env.MOTO_ENDPOINT) return;
  server = await startMoto();
  process.env.MOTO_ENDPOINT = server.endpoint;
  process.env.AWS_ACCESS_KEY_ID ??= 'testing';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
  process.env.AWS_REGION ??= 'us-east-1';
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';

const passwordsSecret = z.object({ passwords: z.array(z.string().min(1)).min(1) });

/**
 * Reads the upload passwords from Secrets Manager: a secret string of the form
 * `{"passwords":["…", …]}`. The error names the secret and the expected shape, never a value.
 */
export async function loadUploadPasswords(client: SecretsManagerClient, secretArn: string): Promise<string[]> {
  const result = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (result.SecretString === undefined)
    throw new Error(`secret ${secretArn} has no SecretString; expected JSON {"passwords":["…"]}`);
  let json: unknown;
  try {
    json = JSON.parse(result.SecretString);
  } catch {
    throw new Error(`secret ${secretArn} is not JSON; expected {"passwords":["…"]}`);
  }
  const parsed = passwordsSecret.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `secret ${secretArn} has the wrong shape; expected {"passwords":["…"]} with at least one non-empty password`,
    );
  return parsed.data.passwords;
}

/** Turning what a child process left behind into the core's ToolError (src/lib/errors.ts). */
import { errorMessage, ToolError } from '../src/lib/errors.js';

/** The rejection of a promisified `execFile` (exit code, signal, stderr) as a ToolError. */
export function execFailure(tool: string, error: unknown, cwd?: string): ToolError {
  const failed = error as { stderr?: string; code?: number | string; signal?: string | null };
  return new ToolError(
    {
      tool,
      exitCode: typeof failed.code === 'number' ? failed.code : null,
      signal: failed.signal ?? null,
      ...(cwd ? { cwd } : {}),
      detail: failed.stderr?.trim() || errorMessage(error),
    },
    { cause: error },
  );
}

/** The JSON a tool printed; no JSON at all is the tool failing. */
export function toolJson(tool: string, stdout: string, cwd: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    throw new ToolError({ tool, cwd, detail: `printed no JSON: ${stdout.trim().split('\n')[0] ?? ''}` });
  }
}

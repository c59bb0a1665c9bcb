import { execFile } from 'node:child_process';

/**
 * ClamAV's command-line scanner. `clamscan --no-summary -d <db> <file>` exits 0 when the
 * file is clean, 1 when a signature matched, 2 (or anything else) on an error: missing or
 * unreadable database, unreadable file, out of memory.
 */
export type ScanResult =
  { status: 'clean' } | { status: 'infected'; signature: string } | { status: 'error'; detail: string };

export interface ClamscanOptions {
  clamscanPath: string;
  dbPath: string;
  /** Kill the scan after this long and report an error (default 10 minutes). */
  timeoutMs?: number;
}

export function scanArgs(file: string, dbPath: string): string[] {
  return ['--no-summary', '-d', dbPath, file];
}

/** Exit code and output → result (pure). */
export function interpretClamscan(exitCode: number | null, stdout: string, stderr: string): ScanResult {
  if (exitCode === 0) return { status: 'clean' };
  if (exitCode === 1) {
    const found = /:\s*(.+?)\s+FOUND\s*$/m.exec(stdout);
    return { status: 'infected', signature: found?.[1] ?? 'unknown signature' };
  }
  const detail = (stderr.trim() || stdout.trim()).split('\n').filter(Boolean).pop() ?? '';
  return { status: 'error', detail: `clamscan exited with ${exitCode ?? 'a signal'}${detail ? `: ${detail}` : ''}` };
}

export function clamscan(file: string, options: ClamscanOptions): Promise<ScanResult> {
  return new Promise((resolve) => {
    execFile(
      options.clamscanPath,
      scanArgs(file, options.dbPath),
      { timeout: options.timeoutMs ?? 600_000, maxBuffer: 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve(interpretClamscan(0, stdout, stderr));
        if (error.killed)
          return resolve({ status: 'error', detail: `clamscan timed out after ${options.timeoutMs ?? 600_000} ms` });
        // A number is clamscan's exit code; a string (ENOENT, EACCES) means it did not start.
        if (typeof error.code === 'number') return resolve(interpretClamscan(error.code, stdout, stderr));
        resolve({ status: 'error', detail: `cannot run ${options.clamscanPath}: ${error.message}` });
      },
    );
  });
}

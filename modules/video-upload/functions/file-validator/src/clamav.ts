import { execFile } from 'node:child_process';

/**
 * ClamAV's command-line scanner. `clamscan --no-summary -d <db> <file>` exits 0 when the
 * file is clean, 1 when a signature matched, 2 (or anything else) on an error: missing or
 * unreadable database, unreadable file, out of memory.
 *
 * By default clamscan skips what lies beyond its limits (files over 100 MB, more than 400 MB
 * of data, two minutes of scanning) and still exits 0, so a large infected upload would pass
 * as clean. The limits are raised to what one upload can be, and `--alert-exceeds-max` turns
 * anything still beyond them into a `Heuristics.Limits.Exceeded.*` finding, which is a scan
 * that did not finish (an error), neither clean nor a virus.
 */
export type ScanResult =
  { status: 'clean' } | { status: 'infected'; signature: string } | { status: 'error'; detail: string };

export interface ClamscanOptions {
  clamscanPath: string;
  dbPath: string;
  /** Kill the scan after this long and report an error (default 10 minutes). */
  timeoutMs?: number;
}

/** The most clamscan can scan of one file (2 GiB - 1); an upload is far smaller. */
export const MAX_SCAN_BYTES = 2_147_483_647;
const DEFAULT_TIMEOUT_MS = 600_000;

/**
 * What an invocation keeps after a scan's deadline: clamscan is killed 5 s after its own time
 * limit, and the record must still be logged and reported failed before Lambda ends the run.
 */
const AFTER_SCAN_MS = 15_000;

/**
 * The scan's time limit when the invocation has `remainingMs` left: the default, or less, so that
 * a slow scan ends as a failed scan with its own log line, not as a Lambda timeout without one.
 */
export function scanTimeoutMs(remainingMs: number): number {
  return Math.max(1_000, Math.min(DEFAULT_TIMEOUT_MS, Math.floor(remainingMs - AFTER_SCAN_MS)));
}

export function scanArgs(file: string, dbPath: string, timeoutMs = DEFAULT_TIMEOUT_MS): string[] {
  return [
    '--no-summary',
    '--alert-exceeds-max=yes',
    `--max-filesize=${MAX_SCAN_BYTES}`,
    `--max-scansize=${MAX_SCAN_BYTES}`,
    `--max-scantime=${timeoutMs}`,
    '-d',
    dbPath,
    file,
  ];
}

const LIMIT_EXCEEDED = /^Heuristics\.Limits\.Exceeded\b/;

/** Exit code and output → result (pure). */
export function interpretClamscan(exitCode: number | null, stdout: string, stderr: string): ScanResult {
  if (exitCode === 0) return { status: 'clean' };
  if (exitCode === 1) {
    const signature = /:\s*(.+?)\s+FOUND\s*$/m.exec(stdout)?.[1] ?? 'unknown signature';
    if (LIMIT_EXCEEDED.test(signature))
      return { status: 'error', detail: `clamscan could not scan the whole file (${signature})` };
    return { status: 'infected', signature };
  }
  const detail = (stderr.trim() || stdout.trim()).split('\n').filter(Boolean).pop() ?? '';
  return { status: 'error', detail: `clamscan exited with ${exitCode ?? 'a signal'}${detail ? `: ${detail}` : ''}` };
}

export function clamscan(file: string, options: ClamscanOptions): Promise<ScanResult> {
  return new Promise((resolve) => {
    execFile(
      options.clamscanPath,
      scanArgs(file, options.dbPath, options.timeoutMs),
      // A little longer than --max-scantime, so the scanner itself says when it ran out of time.
      { timeout: (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + 5_000, maxBuffer: 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve(interpretClamscan(0, stdout, stderr));
        if (error.killed)
          return resolve({
            status: 'error',
            detail: `clamscan timed out after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`,
          });
        // A number is clamscan's exit code; a string (ENOENT, EACCES) means it did not start.
        if (typeof error.code === 'number') return resolve(interpretClamscan(error.code, stdout, stderr));
        resolve({ status: 'error', detail: `cannot run ${options.clamscanPath}: ${error.message}` });
      },
    );
  });
}

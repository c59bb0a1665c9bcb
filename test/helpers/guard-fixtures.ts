/**
 * Test support for the guard: copies a fixture from test/fixtures/guard into a temporary
 * directory (so tests can add symlinks, CRLF/BOM/empty/large files at run time) and finds
 * expected positions by plain string search in the fixture text — independent of the code
 * under test.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { guardRoot } from '../../io/guard.js';
import type { GuardReport } from '../../src/guard/types.js';
import { stripBom } from '../../modules/shared-functions/src/text.js';
import { tempRepo } from './temp-repo.js';

export const GUARD_FIXTURES = resolve(import.meta.dirname, '../fixtures/guard');

export interface FixtureExtras {
  files?: Record<string, string | Buffer>;
  links?: Record<string, string>;
}

/** A temporary copy of test/fixtures/guard/<name>, plus extra files and symlinks. */
export function fixtureCopy(name: string, extras: FixtureExtras = {}): Promise<string> {
  return tempRepo(extras.files ?? {}, extras.links ?? {}, {
    from: join(GUARD_FIXTURES, name),
    prefix: `env-guard-${name}-`,
  });
}

export async function guardFixture(
  name: string,
  extras: FixtureExtras = {},
  options: Parameters<typeof guardRoot>[1] = {},
): Promise<{ root: string; report: GuardReport }> {
  const root = await fixtureCopy(name, extras);
  return { root, report: (await guardRoot(root, options)).report };
}

/** 1-based line and column of the `nth` occurrence of `needle` in a file (BOM dropped). */
export async function locate(
  root: string,
  file: string,
  needle: string,
  nth = 1,
): Promise<{ line: number; column: number }> {
  const text = stripBom(await readFile(join(root, file), 'utf8'));
  let index = -1;
  for (let i = 0; i < nth; i += 1) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`'${needle}' (#${nth}) not found in ${file}`);
  }
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - (before.lastIndexOf('\n') + 1) + 1 };
}

/** `file:line:column rule severity env` lines, for whole-list assertions. */
export function brief(report: GuardReport): string[] {
  return report.violations.map((v) => `${v.file}:${v.line}:${v.column} ${v.rule} ${v.severity} ${v.env ?? '-'}`);
}

/** One file of test/fixtures/guard/<name>. */
export function readFixtureFile(name: string, file: string): Promise<string> {
  return readFile(join(GUARD_FIXTURES, name, file), 'utf8');
}

/** Every file of test/fixtures/guard/<name> as text, for an in-memory repository (createMemoryFileSystem). */
export async function fixtureFiles(name: string): Promise<Record<string, string>> {
  const base = join(GUARD_FIXTURES, name);
  const entries = await readdir(base, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const out: Record<string, string> = {};
  for (const file of files.sort()) out[relative(base, file).split('\\').join('/')] = await readFile(file, 'utf8');
  return out;
}

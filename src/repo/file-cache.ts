/**
 * Each file of a repository read and parsed at most once, whoever asks. Nothing larger than
 * the size limit is read (a 500 MB video in an environment directory costs one lstat), and
 * configuration files are parsed by syntax (src/hcl/config-file.ts), so a binary, huge or
 * deeply nested file comes back as a file with its reason instead of taking the run down.
 */
import { parseConfigFile, stripBom, unparsedFile, type HclFile, type ParseOptions } from '../hcl/index.js';
import { errorMessage } from '../lib/errors.js';
import type { FileSystem } from './fs.js';

/** Files larger than this are not read unless the caller sets another limit. */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

export type FileContent = { kind: 'text'; text: string } | { kind: 'too-large'; size: number; limit: number };

export interface FileCache {
  /** The text (a leading BOM dropped); no size limit (callers that must not read huge files use `content`). */
  readText(path: string): Promise<string>;
  /** The text, or that the file is over the size limit (then it is not read). */
  content(path: string): Promise<FileContent>;
  /** The parsed configuration file (`.tf`, `.tf.json`, `.tfvars`, `.tfvars.json`, backend-config files). */
  parse(path: string): Promise<HclFile>;
}

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`;
}

export function createFileCache(
  fs: FileSystem,
  maxFileBytes = DEFAULT_MAX_FILE_BYTES,
  parseOptions: ParseOptions = {},
): FileCache {
  const texts = new Map<string, Promise<string>>();
  const contents = new Map<string, Promise<FileContent>>();
  const parsed = new Map<string, Promise<HclFile>>();
  const readText = (path: string) => {
    let text = texts.get(path);
    if (!text) {
      text = fs.readText(path).then(stripBom);
      texts.set(path, text);
    }
    return text;
  };
  const sizeOf = async (path: string) => {
    const stat = await fs.lstat(path);
    return stat.kind === 'symlink' ? (await fs.lstat(await fs.realpath(path))).size : stat.size;
  };
  const content = (path: string) => {
    let result = contents.get(path);
    if (!result) {
      // One open reads a file within the limit; only a file over it is measured for the message.
      result = fs.readTextWithin(path, maxFileBytes).then(async (raw): Promise<FileContent> => {
        if (raw === undefined) return { kind: 'too-large', size: await sizeOf(path), limit: maxFileBytes };
        const text = stripBom(raw);
        if (!texts.has(path)) texts.set(path, Promise.resolve(text));
        return { kind: 'text', text };
      });
      contents.set(path, result);
    }
    return result;
  };
  const parse = (path: string) => {
    let file = parsed.get(path);
    if (!file) {
      file = content(path).then(
        (c) =>
          c.kind === 'text'
            ? parseConfigFile(path, c.text, parseOptions)
            : unparsedFile(
                path,
                '',
                `${megabytes(c.size)}, larger than the ${megabytes(c.limit)} limit (--max-file-size): not read, so the guard cannot vouch for it`,
              ),
        // A dangling symlink or an unreadable file is that file's problem, reported as such.
        (error: unknown) => unparsedFile(path, '', `cannot be read: ${errorMessage(error)}`),
      );
      parsed.set(path, file);
    }
    return file;
  };
  return { readText, content, parse };
}

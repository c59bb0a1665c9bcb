/** Each file of a repository read and parsed at most once, whoever asks. */
import { parseHcl, type HclFile } from '../hcl/index.js';
import type { FileSystem } from './fs.js';

export interface FileCache {
  /** The text (a leading BOM dropped). */
  readText(path: string): Promise<string>;
  /** The parsed HCL (`.tf`, `.tfvars`). */
  parse(path: string): Promise<HclFile>;
}

export function createFileCache(fs: FileSystem): FileCache {
  const texts = new Map<string, Promise<string>>();
  const parsed = new Map<string, Promise<HclFile>>();
  const readText = (path: string) => {
    let text = texts.get(path);
    if (!text) {
      text = fs.readText(path).then((t) => (t.charCodeAt(0) === 0xfeff ? t.slice(1) : t));
      texts.set(path, text);
    }
    return text;
  };
  const parse = (path: string) => {
    let file = parsed.get(path);
    if (!file) {
      file = readText(path).then((text) => parseHcl(path, text));
      parsed.set(path, file);
    }
    return file;
  };
  return { readText, parse };
}

/**
 * Module sources that name this repository by URL: `git::https://host/org/repo.git//dir?ref=x`,
 * `git::ssh://git@host/org/repo.git//dir`, `git@host:org/repo.git//dir`, `github.com/org/repo//dir`.
 * Terraform fetches such a module from the remote, but its `//subdir` is a directory of this
 * repository all the same: the loader reads it as one (so a source into the other environment
 * is seen), given this repository's URLs (`git remote -v`; LoadOptions.repositoryUrls).
 */

/** `host/path` of a repository URL, lower-cased, without scheme, user, `.git`, query or subdirectory. */
export function repositoryIdentity(url: string): string | undefined {
  let rest = url.trim().replace(/^git::/, '');
  rest = rest.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  // scp-like `git@host:org/repo` (a colon before the first slash, not a port number).
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\d+\/)(.+)$/.exec(rest);
  if (scp) rest = `${scp[1]}/${scp[2]}`;
  rest = rest.replace(/^[^@/]+@/, '');
  rest = rest.split('?')[0] ?? '';
  rest = rest.split('//')[0] ?? '';
  rest = rest
    .replace(/:\d+\//, '/')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  const identity = rest.toLowerCase();
  return /^[^/]+\/.+/.test(identity) ? identity : undefined;
}

/** The `//subdir` of a module source that names one of `urls`, or undefined. */
export function repositorySubdir(source: string, urls: readonly string[]): { subdir: string; url: string } | undefined {
  if (urls.length === 0) return undefined;
  const identity = repositoryIdentity(source);
  if (!identity) return undefined;
  const url = urls.find((u) => repositoryIdentity(u) === identity);
  if (!url) return undefined;
  const withoutScheme = source.replace(/^git::/, '').replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const [path] = withoutScheme.split('?');
  const index = (path ?? '').indexOf('//');
  const subdir = index === -1 ? '.' : (path ?? '').slice(index + 2).replace(/^\/+|\/+$/g, '') || '.';
  return {
    subdir:
      subdir
        .split('/')
        .filter((s) => s !== '' && s !== '.')
        .join('/') || '.',
    url,
  };
}

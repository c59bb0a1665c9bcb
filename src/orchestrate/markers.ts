/**
 * The hidden markers our GitHub comments and issues carry (`<!-- infra-drift root="…" -->`): how
 * a later run finds the issue or comment of a root among others, and never a human's copy of it.
 */

export function rootMarker(kind: string, root: string): string {
  return `<!-- ${kind} root=${JSON.stringify(root)} -->`;
}

/**
 * The root named by the marker of `kind` that `body` starts with (our bodies write it first), or
 * undefined. A marker further down is text the body quotes — a plan's addresses and values,
 * which a pull request chooses — and names nothing.
 */
export function markedRootOf(kind: string, body: string): string | undefined {
  const escaped = kind.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^<!-- ${escaped} root=("(?:[^"\\\\]|\\\\.)*") -->`).exec(body);
  if (!match?.[1]) return undefined;
  try {
    const value: unknown = JSON.parse(match[1]);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

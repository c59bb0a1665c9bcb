/**
 * Resource type lists with wildcards: an entry is an exact type name (`aws_db_instance`) or a
 * prefix followed by `*` (`aws_fsx_*`). Used for the stateful types and the routine
 * replacements.
 */
export function typeLookup<V>(
  entries: Iterable<readonly [pattern: string, value: V]>,
): (type: string | undefined) => V | undefined {
  const exact = new Map<string, V>();
  const prefixes: [string, V][] = [];
  for (const [pattern, value] of entries) {
    if (pattern.endsWith('*')) prefixes.push([pattern.slice(0, -1), value]);
    else if (!exact.has(pattern)) exact.set(pattern, value);
  }
  // A plan repeats few types many times: each is matched against the prefixes once.
  const matched = new Map<string, V | undefined>();
  return (type) => {
    if (!type) return undefined;
    const found = exact.get(type);
    if (found !== undefined) return found;
    if (matched.has(type)) return matched.get(type);
    let value: V | undefined;
    for (const [prefix, candidate] of prefixes)
      if (type.startsWith(prefix)) {
        value = candidate;
        break;
      }
    matched.set(type, value);
    return value;
  };
}

/** A resource type pattern as the configuration accepts it: letters, digits, `_`, optional trailing `*`. */
export const TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_]*\*?$/;

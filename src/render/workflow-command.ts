/**
 * Workflow commands (`::error file=…,title=…::message`) written as text, for shells that print
 * to a stream of their own. @actions/core escapes the same way but does not export its
 * escapers. The runner decodes `%25`, `%0D`, `%0A` in the message and also `%3A`, `%2C` in a
 * property value, where a raw `:` or `,` would end the value.
 */

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::<command> key=value,…::message`; properties keep their order, undefined ones are left out. */
export function workflowCommand(
  command: string,
  properties: Readonly<Record<string, string | number | undefined>>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** One en-US formatter for every count shown (`1,234`): `toLocaleString` builds a new one on each call. */
const NUMBER_FORMAT = new Intl.NumberFormat('en-US');

export function formatNumber(value: number): string {
  return NUMBER_FORMAT.format(value);
}

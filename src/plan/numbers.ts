/**
 * One en-US formatter for every count shown (`1,234`): `toLocaleString` builds a new one on each
 * call. Made on first use: building it loads ICU's locale data (≈ 20 ms), which a run that formats
 * no count (the guard's text output) never needs.
 */
let numberFormat: Intl.NumberFormat | undefined;

export function formatNumber(value: number): string {
  numberFormat ??= new Intl.NumberFormat('en-US');
  return numberFormat.format(value);
}

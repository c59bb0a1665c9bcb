/**
 * Counts as shown (`1,234`), en-US. Whole numbers, nearly every count, are grouped here: building
 * an Intl.NumberFormat loads ICU's locale data (≈ 20 ms), more than a small run does in all. Other
 * values go through one en-US formatter made on first use (`toLocaleString` would build a new one
 * on each call).
 */
let numberFormat: Intl.NumberFormat | undefined;

export function formatNumber(value: number): string {
  // -0 is a safe integer that Intl prints with its sign.
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
    const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, ',');
    return value < 0 ? `-${digits}` : digits;
  }
  numberFormat ??= new Intl.NumberFormat('en-US');
  return numberFormat.format(value);
}

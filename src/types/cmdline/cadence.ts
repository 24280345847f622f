/** A check that ends within this long keeps the plain interval (primecluster §3.3: about 0.25 s). */
export const FAST_CHECK_MS = 250;

/**
 * Milliseconds from the start of one periodic check to the start of the next (primecluster §3.3):
 * the interval when the check took at most 0.25 s; otherwise the interval plus the check's own
 * time, at most twice the interval — and never less than the check took, so checks never overlap.
 */
export function nextCheckDelayMs(intervalS: number, checkDurationMs: number): number {
  const intervalMs = intervalS * 1000;
  if (checkDurationMs <= FAST_CHECK_MS) return intervalMs;
  return Math.max(checkDurationMs, Math.min(intervalMs + checkDurationMs, 2 * intervalMs));
}

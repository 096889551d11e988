import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the server's old generation grow past what the last full collection left alive, in percent
 * (ADR 0194). V8 picks a factor of its own between 1.1 and 4 from how fast it collects against how fast the program
 * allocates; under fifty requests at once it picked high, and the heap stood at about twice what was alive. A server's
 * live set is small and steady, so a fixed 20 % keeps the heap near it for more frequent, concurrent collections.
 * CHIBO_HEAP_GROWTH_PERCENT=0 leaves V8's own choice (to measure the difference).
 */
export const DEFAULT_HEAP_GROWTH_PERCENT = 20;

/** The V8 flag for a setting of CHIBO_HEAP_GROWTH_PERCENT, or null to leave V8's choice; a bad value is refused. */
export function heapGrowthFlag(setting: string | undefined): string | null {
  const text = setting?.trim() || String(DEFAULT_HEAP_GROWTH_PERCENT);
  const percent = Number(text);
  if (!/^\d+$/.test(text) || percent > 300)
    throw new Error(
      `CHIBO_HEAP_GROWTH_PERCENT: một số nguyên từ 0 đến 300 (an integer from 0 to 300), not "${setting}"`,
    );
  return percent === 0 ? null : `--heap-growing-percent=${percent}`;
}

/**
 * Applied by `chibo start` before the server opens its store. The flag is read at each full collection, so setting it
 * in the running process takes effect (unlike the young generation's size, which is fixed when the process starts).
 * One-off commands such as a roster import keep V8's own choice: they live for one large job, not for requests.
 */
export function keepHeapNearItsUse(setting = process.env.CHIBO_HEAP_GROWTH_PERCENT): void {
  const flag = heapGrowthFlag(setting);
  if (flag) setFlagsFromString(flag);
}

/**
 * The one way the UI writes numbers and percentages, in the reader's language: "91,7%" in Vietnamese, "91.7%" in
 * English. Numbers passed to t() as parameters go through the same formatNumber, so catalogue text agrees.
 */
import { useMemo } from "react";
import { formatNumber, type Locale } from "../core/i18n/translate.js";
import { useI18n } from "./i18n";

/** A percentage to one decimal, without grouping; "—" when there is nothing to show (no meeting, no member). */
export function formatPercent(locale: Locale, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${formatNumber(locale, Math.round(value * 10) / 10)}%`;
}

/** A count, score or measurement: up to two decimals; "—" when unknown. */
export function formatAmount(locale: Locale, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return formatNumber(locale, value);
}

/** `const f = useFormat(); f.percent(91.67)` → "91,7%" with the Vietnamese UI. */
export function useFormat(): {
  percent: (value: number | null | undefined) => string;
  number: (value: number | null | undefined) => string;
} {
  const { locale } = useI18n();
  return useMemo(
    () => ({
      percent: (value: number | null | undefined) => formatPercent(locale, value),
      number: (value: number | null | undefined) => formatAmount(locale, value),
    }),
    [locale],
  );
}

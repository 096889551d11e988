import type { vi } from "./vi.js";

/**
 * The catalogue-free half of i18n: filling a template and the formats. The server holds both catalogues; the web
 * app holds the reader's only and fetches the other when the language is switched (ADR 0164), so nothing here may
 * import a catalogue.
 */
export type Locale = "vi" | "en";
export type MessageKey = keyof typeof vi;
export type Params = Record<string, string | number>;
export type Catalogue = Record<string, string>;

/** Fills `template`; a parameter that is itself a key of `catalogue` ("fields.startsOn") is translated. */
export function fill(catalogue: Catalogue, locale: Locale, template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) return `{${name}}`;
    const value = params[name];
    if (typeof value === "number") return formatNumber(locale, value);
    return typeof value === "string" && value in catalogue
      ? fill(catalogue, locale, catalogue[value]!, {})
      : String(value);
  });
}

const numberFormats: Record<Locale, Intl.NumberFormat> = {
  // No grouping: counts and years ("năm 2026") read as written; Vietnamese writes the decimal with a comma.
  vi: new Intl.NumberFormat("vi-VN", { useGrouping: false, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat("en-GB", { useGrouping: false, maximumFractionDigits: 2 }),
};

/** A number as the reader writes it: "91,7" in Vietnamese, "91.7" in English. */
export function formatNumber(locale: Locale, value: number): string {
  return numberFormats[locale].format(value);
}

/**
 * A rulebook's title for the reader. The official Vietnamese title is the rulebook's name; the English UI shows
 * `titleEn` when the rulebook has one and falls back to the Vietnamese title (a local variant, written by a đảng bộ,
 * has only that).
 */
export function rulebookTitle(book: { title: string; titleEn?: string | null }, locale: Locale): string {
  return locale === "en" && book.titleEn ? book.titleEn : book.title;
}

/**
 * Orders names (of organisations, documents…) the Vietnamese way: "Chi bộ Ấp Đông" before "Chi bộ Bến", and
 * numbers by value: "Chi bộ Thôn 2" before "Chi bộ Thôn 10".
 */
export const compareVietnamese = new Intl.Collator("vi", { numeric: true }).compare;

/** dd/mm/yyyy, the only date format users see. Accepts ISO yyyy-mm-dd or a Date. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "";
  const iso = typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

import { vi } from "./vi.js";
import { en } from "./en.js";

export type Locale = "vi" | "en";
export type MessageKey = keyof typeof vi;
export type Params = Record<string, string | number>;

const catalogues: Record<Locale, Record<MessageKey, string>> = { vi, en };

/** Translate a catalogue key; unknown keys come back unchanged so a missing entry is visible, not fatal. */
export function t(locale: Locale, key: string, params: Params = {}): string {
  const template = (catalogues[locale] as Record<string, string>)[key] ?? (vi as Record<string, string>)[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) return `{${name}}`;
    const value = params[name];
    // A parameter may itself be a catalogue key ("fields.startsOn"), so messages can name fields in the reader's language.
    if (typeof value === "number") return formatNumber(locale, value);
    return typeof value === "string" && value in catalogues[locale] ? t(locale, value) : String(value);
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

export function isMessageKey(key: string): key is MessageKey {
  return key in vi;
}

/** Picks the locale from an explicit choice, then Accept-Language; Vietnamese when unsure. */
export function pickLocale(explicit: string | undefined | null, acceptLanguage?: string): Locale {
  if (explicit === "vi" || explicit === "en") return explicit;
  if (acceptLanguage) {
    const first = acceptLanguage.split(",")[0]?.trim().toLowerCase() ?? "";
    if (first.startsWith("en")) return "en";
  }
  return "vi";
}

/** dd/mm/yyyy, the only date format users see. Accepts ISO yyyy-mm-dd or a Date. */
/**
 * Orders names (of organisations, documents…) the Vietnamese way: "Chi bộ Ấp Đông" before "Chi bộ Bến", and
 * numbers by value: "Chi bộ Thôn 2" before "Chi bộ Thôn 10".
 */
export const compareVietnamese = new Intl.Collator("vi", { numeric: true }).compare;

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "";
  const iso = typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

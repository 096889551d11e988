import { vi } from "./vi.js";
import { en } from "./en.js";
import { fill, type Locale, type MessageKey, type Params } from "./translate.js";

export {
  compareVietnamese,
  formatDate,
  formatNumber,
  rulebookTitle,
  type Catalogue,
  type Locale,
  type MessageKey,
  type Params,
} from "./translate.js";

const catalogues: Record<Locale, Record<MessageKey, string>> = { vi, en };

/** Translate a catalogue key; unknown keys come back unchanged so a missing entry is visible, not fatal. */
export function t(locale: Locale, key: string, params: Params = {}): string {
  const catalogue = catalogues[locale] as Record<string, string>;
  const template = catalogue[key] ?? (vi as Record<string, string>)[key] ?? key;
  return fill(catalogue, locale, template, params);
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

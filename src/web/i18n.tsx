import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import {
  type Catalogue,
  fill,
  formatDate,
  rulebookTitle,
  type Locale,
  type MessageKey,
  type Params,
} from "../core/i18n/translate.js";
import { loadCatalogueData } from "virtual:catalogues";
import { hanoiWallClock } from "../core/time";

const COOKIE = "chibo_lang";
const ONE_YEAR = 365 * 24 * 3600;

/** The language chosen on this device, if any. */
export function readLocaleCookie(): Locale | null {
  const match = document.cookie.match(/(?:^|;\s*)chibo_lang=(vi|en)(?:;|$)/);
  return match ? (match[1] as Locale) : null;
}

/** The server reads this cookie too, so its error messages come back in the same language. */
function writeLocaleCookie(locale: Locale): void {
  document.cookie = `${COOKIE}=${locale}; path=/; max-age=${ONE_YEAR}; samesite=lax`;
}

function applyLocale(locale: Locale): void {
  // In the browser only: the server drawing the home (ADR 0191) has no document; the page sets it as it starts.
  if (typeof document !== "undefined") document.documentElement.lang = locale;
}

/**
 * The catalogues this page holds. They are data, not code (ADR 0182): the reader's is fetched as JSON before the
 * first render (index.html preloads the Vietnamese one beside the scripts), the other when it is chosen (ADR 0164).
 */
const catalogues: Partial<Record<Locale, Catalogue>> = {};
const loading: Partial<Record<Locale, Promise<void>>> = {};

/** Fetches a language's catalogue once; resolves when `t` can answer in it. A failed fetch may be tried again. */
export function loadCatalogue(locale: Locale): Promise<void> {
  if (catalogues[locale]) return Promise.resolve();
  loading[locale] ??= loadCatalogueData(locale).then(
    (catalogue) => void (catalogues[locale] = catalogue),
    (error: unknown) => {
      delete loading[locale];
      throw error;
    },
  );
  return loading[locale];
}

/** A key in the reader's language (Vietnamese if its catalogue has not arrived); an unknown key shows as itself. */
function translate(locale: Locale, key: string, params: Params = {}): string {
  const catalogue: Catalogue = catalogues[locale] ?? catalogues.vi ?? {};
  const template = catalogue[key] ?? catalogues.vi?.[key] ?? key;
  return fill(catalogue, locale, template, params);
}

/** Whether the catalogue holds `key` (every catalogue has the same keys: src/core/i18n/i18n.test.ts). */
export function isMessageKey(key: string): key is MessageKey {
  return key in (catalogues.vi ?? catalogues.en ?? {});
}

interface I18nValue {
  locale: Locale;
  /** Remembers the choice on this device (cookie). Saving it to the account is the caller's job. */
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

/** `locale` is given by the server drawing a first screen (ADR 0191); in the browser the device's cookie decides. */
export function I18nProvider({ children, locale: given }: { children: ReactNode; locale?: Locale }) {
  const [locale, setState] = useState<Locale>(() => {
    const initial = given ?? readLocaleCookie() ?? "vi";
    applyLocale(initial);
    return initial;
  });
  // The page switches once the catalogue is here, so it never shows a mix of the two languages.
  const setLocale = useCallback((next: Locale) => {
    writeLocaleCookie(next);
    void loadCatalogue(next).then(() => {
      applyLocale(next);
      setState(next);
    });
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

export type Translate = (key: MessageKey, params?: Params) => string;

/** `t("ui.save")`: text from the catalogue in the current language. */
export function useT(): Translate {
  const { locale } = useI18n();
  return useCallback((key: MessageKey, params?: Params) => translate(locale, key, params), [locale]);
}

/** For keys built at run time (a warning's messageKey from the server); unknown keys show as themselves. */
export function useTranslateAny(): (key: string, params?: Params) => string {
  const { locale } = useI18n();
  return useCallback((key: string, params?: Params) => translate(locale, key, params), [locale]);
}

/** A rulebook's title in the reader's language: English where the rulebook gives one, else its official title. */
export function useRulebookTitle(): (book: { title: string; titleEn?: string | null }) => string {
  const { locale } = useI18n();
  return useCallback((book: { title: string; titleEn?: string | null }) => rulebookTitle(book, locale), [locale]);
}

export { formatDate };
export type { Locale, MessageKey, Params };

/** "dd/mm/yyyy HH:mm" in Vietnam time (UTC+7, no daylight saving), whatever the device's clock zone. */
export function formatDateTime(value: string): string {
  if (Number.isNaN(Date.parse(value))) return value;
  const local = hanoiWallClock(value).toISOString();
  return `${formatDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

export { todayIso } from "../core/time";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import {
  formatDate,
  rulebookTitle,
  t as translate,
  type Locale,
  type MessageKey,
  type Params,
} from "../core/i18n/index.js";
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
  document.documentElement.lang = locale;
}

interface I18nValue {
  locale: Locale;
  /** Remembers the choice on this device (cookie). Saving it to the account is the caller's job. */
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => {
    const initial = readLocaleCookie() ?? "vi";
    applyLocale(initial);
    return initial;
  });
  const setLocale = useCallback((next: Locale) => {
    writeLocaleCookie(next);
    applyLocale(next);
    setState(next);
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

import type { Catalogue, Locale } from "../core/i18n/translate.js";

/**
 * The catalogues from their sources: what `virtual:catalogues` is in development and in the unit tests. The build
 * replaces it with a fetch of each catalogue's JSON file (vite.config.ts, ADR 0182).
 */
export function loadCatalogueData(locale: Locale): Promise<Catalogue> {
  return locale === "en"
    ? import("../core/i18n/en.js").then((m) => m.en)
    : import("../core/i18n/vi.js").then((m) => m.vi);
}

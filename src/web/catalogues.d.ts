/** Built by vite.config.ts (`catalogues`, ADR 0182): fetches a language's catalogue, which is JSON in the build. */
declare module "virtual:catalogues" {
  import type { Catalogue, Locale } from "../core/i18n/translate";
  export function loadCatalogueData(locale: Locale): Promise<Catalogue>;
}

import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

/**
 * Builds the service worker (src/web/pwa/worker.ts → /sw.js) with the list of the app shell's files and a version
 * drawn from them: a new build is a new worker, which the browser finds and offers to the page (ADR 0147).
 * Fonts are left out: only the print pages use them, and they are kept when first fetched.
 */
const fromRoot = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function serviceWorker(): Plugin {
  return {
    name: "chibo-service-worker",
    // Not for the server's bundle of the first screen (ADR 0191): it serves no pages of its own.
    apply: (_config, env) => env.command === "build" && !env.isSsrBuild,
    async generateBundle(_options, bundle) {
      const icons = readdirSync(fromRoot("src/web/public/icons")).map((name) => `/icons/${name}`);
      const built = Object.keys(bundle)
        .filter((name) => /\.(js|css|json)$/.test(name))
        .map((name) => `/${name}`)
        .sort();
      const shell = ["/", "/manifest.webmanifest", ...icons, ...built];
      const { build } = await import("esbuild");
      const compile = (version: string) =>
        build({
          entryPoints: [fromRoot("src/web/pwa/worker.ts")],
          bundle: true,
          write: false,
          format: "iife",
          target: "es2020",
          minify: true,
          define: { __SHELL__: JSON.stringify(shell), __VERSION__: JSON.stringify(version) },
        });
      // The version covers the worker's own code and every file it keeps, so either changing makes a new worker.
      const draft = (await compile("")).outputFiles[0]!.text;
      const version = createHash("sha256").update(draft).digest("hex").slice(0, 12);
      const source = (await compile(version)).outputFiles[0]!.text;
      this.emitFile({ type: "asset", fileName: "sw.js", source });
    },
  };
}

/**
 * The web app's catalogues as data (ADR 0182). The build evaluates src/core/i18n/{vi,en}.ts and writes each as
 * /assets/<locale>-<hash>.json; `virtual:catalogues` fetches one, and index.html preloads the Vietnamese one beside
 * the scripts. A catalogue is a 190 KB object: as JSON it is parsed far faster than as a script, and the first
 * screen's code is smaller by as much. In development (and in vitest.config.ts) it is src/web/catalogues-source.ts.
 */
const LOCALES = ["vi", "en"] as const;
function catalogues(): Plugin {
  const id = "virtual:catalogues";
  const files: Partial<Record<(typeof LOCALES)[number], { fileName: string }>> = {};
  let serve = false;
  return {
    name: "chibo-catalogues",
    configResolved(config) {
      // The server's bundle of the first screen (ADR 0191) reads the catalogues from their sources, as development does.
      serve = config.command === "serve" || !!config.build.ssr;
    },
    async buildStart() {
      if (serve) return;
      const { build } = await import("esbuild");
      for (const locale of LOCALES) {
        const out = await build({
          entryPoints: [fromRoot(`src/core/i18n/${locale}.ts`)],
          bundle: true,
          write: false,
          format: "cjs",
          platform: "neutral",
        });
        const module = { exports: {} as Record<string, unknown> };
        new Function("module", "exports", out.outputFiles[0]!.text)(module, module.exports);
        const source = JSON.stringify(module.exports[locale]);
        const hash = createHash("sha256").update(source).digest("hex").slice(0, 10);
        files[locale] = { fileName: `assets/${locale}-${hash}.json` };
        this.emitFile({ type: "asset", fileName: files[locale]!.fileName, source });
      }
    },
    resolveId(source) {
      return source === id ? `\0${id}` : null;
    },
    load(source) {
      if (source !== `\0${id}`) return null;
      if (serve)
        return `export { loadCatalogueData } from ${JSON.stringify(fromRoot("src/web/catalogues-source.ts"))};`;
      const urls = Object.fromEntries(LOCALES.map((l) => [l, `/${files[l]!.fileName}`]));
      return `const urls = ${JSON.stringify(urls)};
export async function loadCatalogueData(locale) {
  const response = await fetch(urls[locale]);
  if (!response.ok) throw new Error("catalogue " + locale + ": " + response.status);
  return response.json();
}`;
    },
    transformIndexHtml: {
      order: "post",
      handler() {
        if (serve) return [];
        // The same request as the page's fetch() (cors mode, same-origin credentials), so the preload is used.
        return [
          {
            tag: "link",
            attrs: { rel: "preload", as: "fetch", crossorigin: "anonymous", href: `/${files.vi!.fileName}` },
            injectTo: "head",
          },
        ];
      },
    },
  };
}

export default defineConfig({
  root: "src/web",
  plugins: [react(), catalogues(), serviceWorker()],
  build: { outDir: "../../dist/web", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: { "/api": "http://localhost:3000" } },
});

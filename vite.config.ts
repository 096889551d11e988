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
    apply: "build",
    async generateBundle(_options, bundle) {
      const icons = readdirSync(fromRoot("src/web/public/icons")).map((name) => `/icons/${name}`);
      const built = Object.keys(bundle)
        .filter((name) => /\.(js|css)$/.test(name))
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

export default defineConfig({
  root: "src/web",
  plugins: [react(), serviceWorker()],
  build: { outDir: "../../dist/web", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: { "/api": "http://localhost:3000" } },
});

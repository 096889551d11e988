import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The browser bundle must never pull in server code: follow every relative import from the UI's entry
 * and check that nothing reached touches the database, the HTTP server or Node's own modules.
 */
const root = path.resolve(import.meta.dirname, "..");
const FORBIDDEN_PACKAGES = /^(node:|drizzle-orm|pg$|@electric-sql\/pglite|fastify|@fastify\/|exceljs|iconv-lite|tsx)/;
const FORBIDDEN_FILES =
  /(schema|store|routes|operations|roster-import)\.ts$|src\/core\/(db|http\/app|access|audit|rulebooks)\b/;

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec.replace(/\.js$/, ""));
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, "index.ts"),
    path.join(base, "index.tsx"),
  ]) {
    if (existsSync(candidate) && !candidate.endsWith("/")) {
      try {
        readFileSync(candidate);
        return candidate;
      } catch {
        // a directory
      }
    }
  }
  return null;
}

function closure(entry: string) {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(
      /(?:import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
    )) {
      if (match[1]) continue; // type-only imports vanish from the bundle
      const spec = (match[2] ?? match[3])!;
      if (spec.startsWith(".")) {
        const target = resolve(file, spec);
        if (target && !target.endsWith(".css")) stack.push(target);
      } else packages.set(spec, path.relative(root, file));
    }
  }
  return { files: [...seen].map((f) => path.relative(root, f)), packages };
}

describe("browser bundle boundaries", () => {
  const { files, packages } = closure(path.join(root, "src/web/main.tsx"));

  it("reaches the module pages through the shell", () => {
    expect(files).toContain("src/modules/members/ui/MemberList.tsx");
    expect(files.length).toBeGreaterThan(20);
  });

  it("imports no server-side file", () => {
    expect(files.filter((f) => FORBIDDEN_FILES.test(f))).toEqual([]);
  });

  it("imports no server-side package", () => {
    expect([...packages.entries()].filter(([spec]) => FORBIDDEN_PACKAGES.test(spec))).toEqual([]);
  });
});

// The module boundaries, as a checker over source files: which file imports which, and which tables its raw SQL
// names. Pure (no file system) so a test can feed it a made-up tree and watch it fail; sourceTree() reads the real one.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** A module's public face: the files another module may import. Anything else in a module is its own business. */
export const PUBLIC_ENTRIES = [
  "store.ts",
  "operations.ts",
  "model.ts",
  "present.ts",
  "names.ts",
  "presence.ts",
  "personal-data.ts",
] as const;
/** Files that are a module's public face beyond the common names, each with the reason. */
export const MODULE_PUBLIC_FILES: Record<string, string[]> = {
  // The official records a meeting or a plan turns into: other modules issue and read them.
  meetings: ["official.ts", "minutes.ts"],
  plans: ["official.ts", "progress.ts"],
  // The one way to render a document to a file, with its cache; and the one document model (compose) with its two
  // renderers and sample data, which a module that writes its own forms (evaluations) builds on.
  documents: ["render-file.ts", "compose.ts", "render-pdf.ts", "render-docx.ts", "samples.ts"],
};
/** What the UI may import from a module outside ui/: pure files with no I/O. */
export const UI_ENTRIES = ["model.ts", "present.ts", "names.ts"] as const;
/** Pure files of a module the UI shares with the server (rules without I/O, like model.ts). */
export const UI_MODULE_FILES: Record<string, string[]> = {
  meetings: ["scoring.ts", "minutes.ts"],
  members: ["status-history.ts"],
  // The congress preparation's and the elections' answers and rules, beside the recorded congress's (ADRs 0141,
  // 0144): pure and shared the same way.
  congresses: ["preparation-present.ts", "preparation-model.ts", "elections-model.ts", "elections-present.ts"],
};
/**
 * The organisation tree is shared: any module and core may read `organizations` (id, parent, path, name) to scope a
 * query to a subtree — the tree is the frame every record hangs on, not one module's state. Its writes, and the
 * organisations module's other tables (terms, positions, oversights), stay private.
 */
export const SHARED_TABLES = ["organizations"];
/** Core files the UI may import: pure and shared with the server. */
export const UI_CORE_FILES = [/^src\/core\/i18n\//, /^src\/core\/time\.ts$/];
/** Core's one file that names the modules: every table, for drizzle-kit's migrations (wiring, no rule). */
export const CORE_WIRING = ["src/core/db/schema.ts"];
/** Demo loaders seed a fresh store across modules; they run only on an empty store and hold no rule. */
const isDemo = (file: string) => /^src\/modules\/[^/]+\/demo\.ts$/.test(file);

export interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}
export interface Violation {
  file: string;
  /** The imported file, or `sql: <table>` for a table named in raw SQL. */
  target: string;
  rule: "module-private" | "module-tables" | "core-imports-module" | "ui-imports" | "sql-other-tables";
}
export const describeViolation = (v: Violation) => `${v.file} → ${v.target} (${v.rule})`;

const IMPORT =
  /(?:import|export)\s+(type\s+)?(?:[^'"`;]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const TABLE = /pgTable\(\s*["']([a-z_0-9]+)["']/g;
// Upper case only: English comments say "from members" in lower case, SQL in this code base is upper case.
const SQL_TABLE = /\b(?:FROM|JOIN|UPDATE|INTO)\s+([a-z_][a-z_0-9]*)\b/g;

/** The module a file belongs to (`src/modules/<m>/…`), or null. */
const moduleOf = (file: string) => /^src\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;
const isUi = (file: string) => /^src\/modules\/[^/]+\/ui\//.test(file) || file.startsWith("src/web/");
const isTest = (file: string) => /\.test\.tsx?$/.test(file);

function resolveImport(from: string, spec: string, known: Set<string>): string | null {
  if (!spec.startsWith(".")) return null;
  const base = path.posix.join(path.posix.dirname(from), spec).replace(/\.js$/, "");
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`])
    if (known.has(candidate)) return candidate;
  return /\.(json|css)$/.test(base) ? base : null;
}

/** Which module owns each table: from `pgTable("name")` in src/modules/<m>/schema.ts (core's tables map to null). */
export function tableOwners(files: SourceFile[]): Map<string, string | null> {
  const owners = new Map<string, string | null>();
  for (const f of files)
    if (f.path.endsWith("schema.ts")) for (const m of f.text.matchAll(TABLE)) owners.set(m[1]!, moduleOf(f.path));
  return owners;
}

/** Every boundary crossed in `files` (tests are not checked: a test may set up any table it needs; nor are demos). */
export function boundaryViolations(files: SourceFile[]): Violation[] {
  const known = new Set(files.map((f) => f.path));
  const owners = tableOwners(files);
  const out: Violation[] = [];
  for (const f of files) {
    if (isTest(f.path) || isDemo(f.path) || !f.path.startsWith("src/")) continue;
    const own = moduleOf(f.path);
    for (const m of f.text.matchAll(IMPORT)) {
      const target = resolveImport(f.path, (m[2] ?? m[3])!, known);
      if (!target) continue;
      const other = moduleOf(target);
      const name = path.posix.basename(target);
      if (isUi(f.path)) {
        const allowed =
          target.startsWith("src/web/") ||
          target.startsWith("rulebooks/") ||
          /^src\/modules\/[^/]+\/ui\//.test(target) ||
          (other !== null &&
            ((UI_ENTRIES as readonly string[]).includes(name) || UI_MODULE_FILES[other]?.includes(name))) ||
          UI_CORE_FILES.some((re) => re.test(target)) ||
          // Types vanish from the bundle: the UI may name a core type (a module's types come from its present.ts).
          (m[1] !== undefined && target.startsWith("src/core/"));
        if (!allowed) out.push({ file: f.path, target, rule: "ui-imports" });
        continue;
      }
      if (f.path.startsWith("src/core/") && other && !CORE_WIRING.includes(f.path)) {
        out.push({ file: f.path, target, rule: "core-imports-module" });
        continue;
      }
      if (!own || !other || other === own) continue;
      // A drizzle foreign key names the other module's table: schema files may reference each other.
      if (name === "schema.ts") {
        const names =
          /\{([^}]*)\}/
            .exec(m[0])?.[1]
            ?.split(",")
            .map((n) => n.trim().replace(/^type\s+/, "")) ?? [];
        const sharedOnly = names.length > 0 && names.every((n) => SHARED_TABLES.includes(n));
        // A module may split its tables over several schema files ("preparation-schema.ts").
        if (!/(^|-)schema\.ts$/.test(path.posix.basename(f.path)) && !sharedOnly)
          out.push({ file: f.path, target, rule: "module-tables" });
      } else if (!(PUBLIC_ENTRIES as readonly string[]).includes(name) && !name.startsWith("public-")) {
        if (!MODULE_PUBLIC_FILES[other]?.includes(name)) out.push({ file: f.path, target, rule: "module-private" });
      }
    }
    // Raw SQL: core names no module's table; a module names only its own and core's.
    if (isUi(f.path) || CORE_WIRING.includes(f.path)) continue;
    const inCore = f.path.startsWith("src/core/");
    if (!inCore && !own) continue;
    const named = new Set<string>();
    for (const m of f.text.matchAll(SQL_TABLE)) {
      const table = m[1]!;
      if (!owners.has(table) || named.has(table) || SHARED_TABLES.includes(table)) continue;
      const owner = owners.get(table)!;
      if (owner !== null && owner !== own) {
        named.add(table);
        out.push({ file: f.path, target: `sql: ${table}`, rule: "sql-other-tables" });
      }
    }
  }
  return out;
}

/** The repository's source files the checker reads: src/**, with rulebooks' JSON resolvable as import targets. */
export function sourceTree(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(entry.name)) out.push({ path: rel, text: readFileSync(path.join(root, rel), "utf8") });
    }
  };
  walk("src");
  return out;
}

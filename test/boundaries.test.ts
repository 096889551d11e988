import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { boundaryViolations, describeViolation, type SourceFile, sourceTree } from "./support/boundaries.js";

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

// Today's crossings, each being removed by the module moves of issue 13 (members owns "who was in the cell on date
// D", the outbox learns recipients from the members module, organisations are read through their store…). The list
// only shrinks: a new crossing fails the test.
const BEING_REMOVED = [
  "src/modules/accounts/store.ts → sql: members (sql-other-tables)",
  "src/modules/accounts/store.ts → sql: oversights (sql-other-tables)",
  "src/modules/accounts/store.ts → sql: positions (sql-other-tables)",
  "src/modules/meetings/store.ts → src/modules/plans/schema.ts (module-tables)",
  "src/modules/meetings/store.ts → src/modules/resolutions/schema.ts (module-tables)",
  "src/modules/meetings/store.ts → src/modules/tasks/schema.ts (module-tables)",
  "src/modules/organizations/store.ts → sql: members (sql-other-tables)",
  "src/modules/organizations/store.ts → src/modules/members/schema.ts (module-tables)",
  "src/modules/plans/store.ts → src/modules/members/schema.ts (module-tables)",
  "src/modules/tasks/store.ts → src/modules/members/schema.ts (module-tables)",
];
// Core reading the organisation tree and account names by SQL: no module move removes these; they go when access,
// audit and backup are given those reads by the modules (after issue 13).
const CORE_READS_TO_MOVE = ["src/core/audit/index.ts → sql: users (sql-other-tables)"];

describe("module boundaries (test/support/boundaries.ts)", () => {
  it("a module imports another only through its public entries, never its tables; core names no module", () => {
    const found = boundaryViolations(sourceTree(root)).map(describeViolation);
    const known = new Set([...BEING_REMOVED, ...CORE_READS_TO_MOVE]);
    expect(found.filter((v) => !known.has(v))).toEqual([]);
    // The lists only shrink: an entry whose crossing is gone must leave the list.
    expect([...known].filter((v) => !found.includes(v))).toEqual([]);
  });

  const file = (p: string, text: string): SourceFile => ({ path: p, text });
  const tables = [
    file("src/modules/members/schema.ts", 'export const members = pgTable("members", {});'),
    file(
      "src/modules/tasks/schema.ts",
      'import { members } from "../members/schema.js";\nexport const tasks = pgTable("tasks", {});',
    ),
    file("src/modules/members/store.ts", ""),
    file("src/modules/members/roster-write.ts", ""),
    file("src/modules/members/public-tasks.ts", ""),
    file("src/modules/members/model.ts", ""),
  ];
  const check = (...extra: SourceFile[]) => boundaryViolations([...tables, ...extra]).map(describeViolation);

  it("fails on a deliberate violation of each rule, and passes the allowed forms", () => {
    // A foreign key between schema files, public entries and the module's own tables are allowed.
    expect(
      check(
        file(
          "src/modules/tasks/store.ts",
          `import { listMembers } from "../members/store.js";
import { forTasks } from "../members/public-tasks.js";
const q = sql\`SELECT * FROM tasks\`;`,
        ),
        file("src/modules/tasks/ui/TaskList.tsx", 'import { fullName } from "../../members/model.js";'),
      ),
    ).toEqual([]);
    expect(check(file("src/modules/tasks/store.ts", 'import { members } from "../members/schema.js";'))).toEqual([
      "src/modules/tasks/store.ts → src/modules/members/schema.ts (module-tables)",
    ]);
    expect(
      check(file("src/modules/tasks/operations.ts", 'import { write } from "../members/roster-write.js";')),
    ).toEqual(["src/modules/tasks/operations.ts → src/modules/members/roster-write.ts (module-private)"]);
    expect(
      check(file("src/core/outbox/index.ts", 'import { listMembers } from "../../modules/members/store.js";')),
    ).toEqual(["src/core/outbox/index.ts → src/modules/members/store.ts (core-imports-module)"]);
    expect(
      check(file("src/modules/tasks/ui/TaskList.tsx", 'import { listMembers } from "../../members/store.js";')),
    ).toEqual(["src/modules/tasks/ui/TaskList.tsx → src/modules/members/store.ts (ui-imports)"]);
    expect(
      check(file("src/modules/tasks/reminders.ts", "const q = sql`SELECT 1 FROM tasks t JOIN members m ON true`;")),
    ).toEqual(["src/modules/tasks/reminders.ts → sql: members (sql-other-tables)"]);
    expect(check(file("src/core/outbox/index.ts", "const q = sql`SELECT email FROM members`;"))).toEqual([
      "src/core/outbox/index.ts → sql: members (sql-other-tables)",
    ]);
  });
});

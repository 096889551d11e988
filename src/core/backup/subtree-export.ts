import { createHash } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { queryRows, sql, uuidArray, type Executor } from "../db/index.js";
import type { SQL } from "drizzle-orm";

/**
 * An organisation's own data, for its office: every row of the subtree under it, as one JSON Lines file per table
 * in a zip with a manifest. It is not a backup (it cannot be restored over a database) — the whole database belongs
 * to the system administrator alone — and it never holds a secret.
 *
 * Which rows belong to the subtree is read from the schema itself, so a new table is covered without a list to keep:
 *  - `organizations`: the organisation and everything under it (by path);
 *  - a table with an `organization_id` column: its rows of those organisations;
 *  - any other table: its rows that hang, by a declared foreign key, off a row already in the export. References to
 *    people (members, users) say who did something, not whose the row is, so they decide only for a table that hangs
 *    off nothing else (a member's user account).
 * A table that belongs to no organisation (mail queue) is left out, and so is every table and column declared secret
 * and every table of derived data.
 */

/** Tables never exported: sign-in sessions and their CSRF tokens, calendar feed tokens, the mail queue (it carries
 * temporary passwords and reset mails to any address), the request counters (they name addresses and the
 * names people tried to sign in with), and Web Push: a subscription's endpoint and keys let anyone send to that
 * phone, the queue is its mail queue, and the VAPID private key signs for the installation (ADR 0148). */
export const SECRET_TABLES = new Set([
  "sessions",
  "calendar_tokens",
  "outbox",
  "rate_limits",
  "push_subscriptions",
  "push_deliveries",
  "push_keys",
]);
/** Tables of derived data, made again on demand from what is exported: stored renderings of drafts. */
export const DERIVED_TABLES = new Set(["rendered_files"]);
const NEVER_EXPORTED = new Set([...SECRET_TABLES, ...DERIVED_TABLES]);
/**
 * Tables a module declares confidential (an inspection on signs of violation, a denunciation, a discipline file):
 * the office of the organisation is not among those who may read them, so its export leaves them out.
 */
export const CONFIDENTIAL_TABLES = new Set<string>();
export function excludeFromOfficeExport(tables: string[]): void {
  for (const t of tables) {
    CONFIDENTIAL_TABLES.add(t);
    NEVER_EXPORTED.add(t);
  }
}
/** Columns never exported, by table. */
export const SECRET_COLUMNS: Record<string, string[]> = { users: ["password_hash"] };
/**
 * Any column whose name looks like a secret is left out too, declared or not, so a secret added later is not
 * exported by default (fail closed). Content digests of files (docx_sha256) are not secrets and do not match.
 */
export const SECRET_NAME = /pass|token|secret|hash|salt|otp|csrf/i;
const PEOPLE = new Set(["members", "users"]);

export interface ExportManifest {
  format: "chibo-organization-export";
  formatVersion: 1;
  createdAt: string;
  organization: { id: string; code: string; name: string };
  organizations: number;
  tables: Record<string, { rows: number; sha256: string; omittedColumns: string[] }>;
  /** Tables of the schema with no row in this export because they belong to no organisation or are secret. */
  leftOut: string[];
}

interface TableInfo {
  name: string;
  columns: string[];
  fks: { column: string; parent: string }[];
}

/** The plan: in which order tables are read, and how each row is tied to the subtree. */
export interface ExportPlan {
  order: {
    table: string;
    /** The organisation's path, its organization_id, or the foreign keys to rows already exported. */
    by: "path" | "organization" | { column: string; parent: string }[];
    columns: string[];
    omitted: string[];
  }[];
  leftOut: string[];
}

export async function planSubtreeExport(ex: Executor): Promise<ExportPlan> {
  const columns = await queryRows<{ table: string; column: string }>(
    ex,
    sql`SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const fks = await queryRows<{ table: string; column: string; parent: string }>(
    ex,
    sql`SELECT c.conrelid::regclass::text AS "table", a.attname AS "column", c.confrelid::regclass::text AS parent
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND c.connamespace = 'public'::regnamespace`,
  );
  const tables = new Map<string, TableInfo>();
  for (const c of columns) {
    const t = tables.get(c.table) ?? { name: c.table, columns: [], fks: [] };
    t.columns.push(c.column);
    tables.set(c.table, t);
  }
  const unquote = (name: string) => name.replace(/^"|"$/g, "");
  for (const f of fks) tables.get(unquote(f.table))?.fks.push({ column: f.column, parent: unquote(f.parent) });

  const order: ExportPlan["order"] = [];
  const placed = new Set<string>();
  const place = (t: TableInfo, by: ExportPlan["order"][number]["by"]) => {
    const omitted = t.columns.filter((c) => SECRET_NAME.test(c) || (SECRET_COLUMNS[t.name] ?? []).includes(c));
    order.push({ table: t.name, by, columns: t.columns.filter((c) => !omitted.includes(c)), omitted });
    placed.add(t.name);
  };
  const candidates = [...tables.values()].filter((t) => !NEVER_EXPORTED.has(t.name));
  const orgs = candidates.find((t) => t.name === "organizations");
  if (orgs) place(orgs, "path");
  for (const t of candidates) {
    if (!placed.has(t.name) && t.columns.includes("organization_id")) place(t, "organization");
  }
  // Tables that hang, directly or through others, off a placed one.
  const linked = (t: TableInfo, within: Set<string>) =>
    t.fks.filter((f) => f.parent !== t.name && within.has(f.parent));
  const reachable = new Set(placed);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of candidates) {
      if (reachable.has(t.name) || linked(t, reachable).length === 0) continue;
      reachable.add(t.name);
      grew = true;
    }
  }
  // Each placed once every table it hangs off is placed, so those tables' ids are known; a cycle is broken by
  // placing what waits with the links already placed.
  for (let strict = true; candidates.some((t) => reachable.has(t.name) && !placed.has(t.name)); ) {
    let progressed = false;
    for (const t of candidates) {
      if (placed.has(t.name) || !reachable.has(t.name)) continue;
      const links = linked(t, reachable);
      if (strict && links.some((f) => !placed.has(f.parent))) continue;
      const ready = links.filter((f) => placed.has(f.parent));
      const owning = ready.some((f) => !PEOPLE.has(f.parent)) ? ready.filter((f) => !PEOPLE.has(f.parent)) : ready;
      if (owning.length === 0) continue;
      place(t, owning);
      progressed = true;
    }
    if (!progressed && !strict) break;
    strict = progressed;
  }
  const unplaced = candidates.filter((t) => !placed.has(t.name)).map((t) => t.name);
  return { order, leftOut: [...unplaced, ...[...NEVER_EXPORTED].filter((n) => tables.has(n))].sort() };
}

/** The organisations of the subtree under `path`, the root included: what an export covers. */
export async function subtreeOrganizations(ex: Executor, path: string) {
  return queryRows<{ id: string; path: string; code: string; name: string }>(
    ex,
    sql`SELECT id, path, code, name FROM organizations WHERE path LIKE ${`${path.replace(/[\\%_]/g, "\\$&")}%`}`,
  );
}

/**
 * Builds the export of the subtree under one organisation, inside a single transaction so the files agree with each
 * other. Returns the zip's bytes and its manifest.
 */
export async function exportSubtree(
  ex: Executor,
  organization: { id: string; path: string; code: string; name: string },
): Promise<{ bytes: Uint8Array; manifest: ExportManifest }> {
  const plan = await planSubtreeExport(ex);
  const ids = new Map<string, string[]>();
  const files: Record<string, Uint8Array> = {};
  const tables: ExportManifest["tables"] = {};
  let organizations = 0;
  for (const step of plan.order) {
    let where: SQL;
    if (step.by === "path") where = sql`path LIKE ${`${organization.path.replace(/[\\%_]/g, "\\$&")}%`}`;
    else if (step.by === "organization") {
      where = sql`organization_id = ANY(${uuidArray(ids.get("organizations") ?? [])})`;
    } else {
      where = sql.join(
        step.by.map((f) => sql`${sql.identifier(f.column)} = ANY(${uuidArray(ids.get(f.parent) ?? [])})`),
        sql` OR `,
      );
    }
    const list = sql.join(
      step.columns.map((c) => sql.identifier(c)),
      sql`, `,
    );
    const hasId = step.columns.includes("id");
    const rows = await queryRows<{ j: string; id: string | null }>(
      ex,
      sql`SELECT to_jsonb(x)::text AS j, ${hasId ? sql`x.id::text` : sql`NULL`} AS id
          FROM (SELECT ${list} FROM ${sql.identifier(step.table)} WHERE ${where}) x ORDER BY 1`,
    );
    if (hasId)
      ids.set(
        step.table,
        rows.map((r) => r.id!),
      );
    if (step.table === "organizations") organizations = rows.length;
    const bytes = strToU8(rows.map((r) => `${r.j}\n`).join(""));
    files[`tables/${step.table}.jsonl`] = bytes;
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    tables[step.table] = { rows: rows.length, sha256, omittedColumns: step.omitted };
  }
  const manifest: ExportManifest = {
    format: "chibo-organization-export",
    formatVersion: 1,
    createdAt: new Date().toISOString(),
    organization: { id: organization.id, code: organization.code, name: organization.name },
    organizations,
    tables,
    leftOut: plan.leftOut,
  };
  files["manifest.json"] = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  return { bytes: zipSync(files, { level: 6 }), manifest };
}

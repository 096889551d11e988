import { randomUUID } from "node:crypto";
import { migrateDatabase, openDatabase, insertMany, sql } from "../../src/core/db/index.js";
import { members } from "../../src/core/db/schema.js";
const dir = process.argv[2] ?? "memory://";
const db = await openDatabase({ dataDir: dir });
await migrateDatabase(db);
const [org] = await db.rows<{ id: string }>(sql`INSERT INTO organizations (name, kind, path, code, abbreviation) VALUES ('x','party_cell','x','X','X') RETURNING id`).catch(async (e) => { console.error(e.message); return db.rows<{id:string}>(sql`SELECT id FROM organizations LIMIT 1`); });
const now = new Date();
const rows = Array.from({ length: 100000 }, (_, i) => ({
  id: randomUUID(), organizationId: org!.id, fullName: `Nguyễn Văn An ${i}`, sortKey: `an nguyen van ${i}`, searchText: `nguyen van an ${i}`,
  status: "official" as const, cardNumber: String(90000000 + i), dateOfBirth: "1970-01-02", gender: null, ethnicity: null, education: null,
  admissionDate: null, ceremonyDate: null, officialDate: null, phone: null, email: null, unit: null, exemptFromActivities: false,
  leftOn: null, leftReason: null, createdAt: now, updatedAt: now, version: 1,
}));
const mode = process.argv[3] ?? "json";
const t = performance.now();
await db.db.transaction(async (tx) => {
  if (mode === "nofk") await tx.execute(sql`SET LOCAL session_replication_role = replica`);
  if (mode === "notrgm") await tx.execute(sql`DROP INDEX members_search_text_trgm`);
  if (mode === "noidx") { await tx.execute(sql`DROP INDEX members_search_text_trgm`); await tx.execute(sql`DROP INDEX members_org_sort_idx`); await tx.execute(sql`DROP INDEX members_card_key`); }
  if (mode === "jsontype") {
    const cols = Object.keys(rows[0]!);
    const { getTableColumns } = await import("drizzle-orm");
    const tc = getTableColumns(members) as Record<string, { name: string }>;
    const list = sql.join(cols.map((f) => sql.identifier(tc[f]!.name)), sql`, `);
    for (let i = 0; i < rows.length; i += 1000) {
      const json = JSON.stringify(rows.slice(i, i + 1000).map((r) => Object.fromEntries(cols.map((f) => [tc[f]!.name, (r as any)[f] ?? null]))));
      await tx.execute(sql`INSERT INTO ${members} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${members}, ${json}::json)`);
    }
  } else if (mode === "arrays") {
    const cols = Object.keys(rows[0]!);
    const { getTableColumns } = await import("drizzle-orm");
    const tc = getTableColumns(members) as Record<string, { name: string; getSQLType(): string }>;
    const list = sql.join(cols.map((f) => sql.identifier(tc[f]!.name)), sql`, `);
    const exprs = sql.join(cols.map((f, k) => sql.raw(`(e->>${k})::${tc[f]!.getSQLType()}`)), sql`, `);
    for (let i = 0; i < rows.length; i += 1000) {
      const json = JSON.stringify(rows.slice(i, i + 1000).map((r) => cols.map((f) => (r as any)[f] ?? null)));
      await tx.execute(sql`INSERT INTO ${members} (${list}) SELECT ${exprs} FROM json_array_elements(${json}::json) e`);
    }
  } else if (mode === "fastjson") {
    const { getTableColumns } = await import("drizzle-orm");
    const tc = getTableColumns(members) as Record<string, { name: string }>;
    const fields = Object.keys(rows[0]!);
    const keys = fields.map((f) => JSON.stringify(tc[f]!.name) + ":");
    const list = sql.join(fields.map((f) => sql.identifier(tc[f]!.name)), sql`, `);
    for (let i = 0; i < rows.length; i += 1000) {
      let json = "[";
      for (let j = i; j < Math.min(rows.length, i + 1000); j++) {
        const r = rows[j] as any;
        if (j > i) json += ",";
        json += "{";
        for (let k = 0; k < fields.length; k++) json += (k ? "," : "") + keys[k] + JSON.stringify(r[fields[k]!] ?? null);
        json += "}";
      }
      json += "]";
      await tx.execute(sql`INSERT INTO ${members} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${members}, ${json}::jsonb)`);
    }
  } else await insertMany(tx, members, rows as never);
});
console.log(mode, dir.slice(0, 9), Math.round(performance.now() - t), "ms");
await db.close();

// A process that owns an embedded store and writes to it without pause, for the power-cut test: it takes one
// scheduled-style backup, then commits numbered writes and prints each one the moment it is acknowledged.
// Usage: node --import tsx test/support/torn-writer.ts DATA_DIR BACKUP_DIR
import { migrateDatabase, openDatabase, sql } from "../../src/core/db/index.js";
import { takeBackup } from "../../src/core/backup/schedule.js";

const [dataDir, backupDir] = process.argv.slice(2) as [string, string];
const database = await openDatabase({ dataDir });
await migrateDatabase(database);
// Each write is two statements in one transaction, so a half-applied transaction shows as count ≠ counter.
await database.db.execute(sql`CREATE TABLE IF NOT EXISTS torn_probe (id int PRIMARY KEY, body text NOT NULL)`);
await database.db.execute(sql`CREATE INDEX IF NOT EXISTS torn_probe_body ON torn_probe (body)`);
await database.db.execute(sql`CREATE TABLE IF NOT EXISTS torn_counter (one int PRIMARY KEY, n int NOT NULL)`);
await database.db.execute(sql`INSERT INTO torn_counter VALUES (1, 0) ON CONFLICT DO NOTHING`);

let id = 0;
async function write() {
  id++;
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO torn_probe VALUES (${id}, ${`write ${id} `.padEnd(200, "x")})`);
    await tx.execute(sql`UPDATE torn_counter SET n = n + 1 WHERE one = 1`);
  });
  process.stdout.write(`ack ${id}\n`);
}

for (let i = 0; i < 100; i++) await write();
await takeBackup(database, backupDir, new Date());
const [file] = await database.rows<{ path: string }>(sql`SELECT pg_relation_filepath('torn_probe') AS path`);
process.stdout.write(`backup ${id} ${file!.path}\n`);
// Checkpoints now and then, as a long-running store has them, so data files change while a copy is taken.
for (;;) {
  await write();
  if (id % 100 === 0) await database.db.execute(sql`CHECKPOINT`);
}

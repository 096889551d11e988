import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandby } from "../scripts/pg-cluster.mjs";
import { WROTE_AT_COOKIE } from "../src/core/http/route.js";
import { createTestServer, type Session, type TestServer } from "./support/server.js";
import { testStore } from "./support/stores.js";

/**
 * Heavy reads on a streaming-replication hot standby (ADR 0178), against a real standby of the test cluster: the
 * standby serves them, a user never reads it before it has replayed their own write, and it being down costs nothing
 * but speed. Pausing the standby's replay stands for a standby that lags.
 */
describe.runIf(testStore === "postgres")("heavy reads on a hot standby", () => {
  let s: TestServer;
  let dir: string;
  let standby: { url: string; stop(): void } | null = null;
  let control: pg.Client;
  let cell: string;
  let secretary: Session;
  let office: Session;

  /** The standby's own connection (its `postgres` database), to pause and resume replay. */
  const onStandby = (q: string) => control.query(q);
  const replayedAll = async () => {
    const primary = new pg.Client({ connectionString: process.env.CHIBO_TEST_DATABASE_URL });
    await primary.connect();
    const { rows } = await primary.query("SELECT pg_current_wal_insert_lsn()::text AS lsn");
    await primary.end();
    for (let i = 0; i < 300; i++) {
      const r = await control.query("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done", [rows[0].lsn]);
      if (r.rows[0].done) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("the standby did not catch up in 30 s");
  };
  const board = async (who: Session, cookies: Record<string, string> = {}) => {
    const res = await s.request(who, { method: "GET", url: `/api/organizations/${cell}/admission-pipeline`, cookies });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().candidates as { fullName: string }[]).map((c) => c.fullName);
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "chibo-standby-"));
    const started = await startStandby(process.env.CHIBO_TEST_DATABASE_URL!, dir);
    standby = started;
    const standbyPort = new URL(started.url).port;
    control = new pg.Client({ connectionString: started.url });
    await control.connect();
    s = await createTestServer({
      readUrlOf: (url) => {
        const u = new URL(url);
        u.port = standbyPort;
        return u.toString();
      },
    });
    // The test's database was made on the primary after the base backup: wait until the standby has it.
    await replayedAll();
    cell = await s.orgId("CB-LLCS");
    secretary = await s.signIn("bithu.llcs");
    office = await s.signIn("vanphong");
  }, 180_000);

  afterAll(async () => {
    await s?.close();
    await control?.end().catch(() => {});
    standby?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves others from the standby, and the writer from the primary until the standby has their write", async () => {
    expect(s.database.replica).toBeDefined();
    await onStandby("SELECT pg_wal_replay_pause()");
    try {
      const created = await s.request(secretary, {
        method: "POST",
        url: `/api/organizations/${cell}/candidates`,
        payload: {
          fullName: "Đoàn Thị Bản Sao",
          dateOfBirth: "2001-04-12",
          helperIds: [await s.memberId("Lê Thị Ngọc Ánh")],
          courseCertificateOn: "2025-10-01",
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const wroteAt = created.cookies.find((c) => c.name === WROTE_AT_COOKIE);
      expect(wroteAt?.value).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/u);

      // The writer, with the position their write left: the standby has not replayed it, so the primary answers.
      expect(await board(secretary, { [WROTE_AT_COOKIE]: wroteAt!.value })).toContain("Đoàn Thị Bản Sao");
      // Anyone else reads the standby, which lags: the candidate is not there yet. This is what proves the standby
      // serves the read at all.
      expect(await board(office)).not.toContain("Đoàn Thị Bản Sao");
      // A light read (one candidate) always reads the primary.
      const one = await s.request(office, { method: "GET", url: `/api/candidates/${created.json().id}` });
      expect(one.statusCode).toBe(200);
    } finally {
      await onStandby("SELECT pg_wal_replay_resume()");
    }
    await replayedAll();
    expect(await board(office)).toContain("Đoàn Thị Bản Sao");
  });

  it("a standby that is down costs speed, not answers: the primary serves the heavy reads", async () => {
    await control.end();
    standby!.stop();
    standby = null;
    expect(await board(office)).toContain("Đoàn Thị Bản Sao");
    expect(await board(secretary, { [WROTE_AT_COOKIE]: "0/1" })).toContain("Đoàn Thị Bản Sao");
  });
});

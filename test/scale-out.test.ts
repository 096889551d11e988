import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startStandby } from "../scripts/pg-cluster.mjs";
import { startProxy } from "../scripts/proxy.mjs";
import { DEMO_PASSWORD } from "../src/demo/demo-data.js";
import { startSmtpSink } from "./support/smtp.js";
import { startChiboServer } from "./support/chibo-process.js";
import { freePort, freshStore, testStore } from "./support/stores.js";

/**
 * Two real chibo servers (`chibo start`, each with its outbox worker) behind the repository's reverse proxy, on one
 * PostgreSQL primary with a streaming-replication hot standby for the heavy reads (ADR 0178). What they share lives
 * in the database: sessions, sign-in limits, the outbox and the periodic jobs' dedupe keys.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const startServer = (env: Record<string, string>, port: number) => startChiboServer(env, port, cleanups);

describe.runIf(testStore === "postgres")("two app servers behind a proxy, a primary and a hot standby", () => {
  it("send each mail once, and losing one server mid-load loses no session and no acknowledged write", {
    timeout: 300_000,
  }, async () => {
    const store = await freshStore("scale", cleanups);
    if (!("databaseUrl" in store)) throw new Error("PostgreSQL only");
    const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-scale-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const standby = await startStandby(store.databaseUrl, dir);
    cleanups.push(() => standby.stop());
    const readUrl = new URL(store.databaseUrl);
    readUrl.port = new URL(standby.url).port;
    const smtp = await startSmtpSink();
    cleanups.push(() => smtp.close());
    const env = {
      DATABASE_URL: store.databaseUrl,
      DATABASE_READ_URL: readUrl.toString(),
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      CHIBO_OUTBOX_INTERVAL_MS: "300",
    };
    // The first loads the demo into the empty database; the second finds it there.
    const [portA, portB] = [await freePort(), await freePort()];
    const a = await startServer(env, portA);
    await startServer(env, portB);
    const proxy = await startProxy(0, [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`]);
    cleanups.push(() => proxy.close());
    const base = `http://127.0.0.1:${proxy.port}`;
    const db = new pg.Client({ connectionString: store.databaseUrl });
    await db.connect();
    cleanups.push(() => db.end());

    // Mail: 40 messages queued at once; both servers' workers drain the one outbox every 300 ms.
    const before = smtp.messages.length;
    const { rows: queued } = await db.query<{ id: number }>(
      `INSERT INTO outbox (recipient, subject, text)
       SELECT 'dangvien' || n || '@example.vn', 'Thư thử ' || n, 'Nội dung' FROM generate_series(1, 40) n
       RETURNING id::int AS id`,
    );
    for (let i = 0; i < 300; i++) {
      const { rows } = await db.query("SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL");
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1_000)); // a second send, if there were one, would have arrived by now
    const ids = smtp.messages
      .slice(before)
      .map((m) => /Message-ID: <outbox-(\d+)@chibo>/i.exec(m.raw)?.[1])
      .filter((x) => x !== undefined)
      .map(Number);
    const ours = ids.filter((id) => queued.some((q) => q.id === id));
    expect(ours.sort((x, y) => x - y)).toEqual(queued.map((q) => q.id).sort((x, y) => x - y));

    // A session made through the proxy, and a stream of writes through it.
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: "bithu.llcs", password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith("chibo_session="))!
      .split(";")[0]!;
    const me = await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json();
    const headers = { "content-type": "application/json", cookie, "x-csrf-token": me.csrfToken as string };
    const { rows: found } = await db.query(
      `SELECT o.id AS cell, (SELECT id FROM members WHERE full_name = 'Lê Thị Ngọc Ánh') AS helper
         FROM organizations o WHERE o.code = 'CB-LLCS'`,
    );
    const { cell, helper } = found[0];
    const acknowledged: string[] = [];
    const unanswered: number[] = [];
    let sent = 0;
    const write = async () => {
      const name = `Quần chúng Tải ${++sent}`;
      const res = await fetch(`${base}/api/organizations/${cell}/candidates`, {
        method: "POST",
        headers,
        body: JSON.stringify({ fullName: name, dateOfBirth: "2001-04-12", helperIds: [helper] }),
      }).catch(() => null);
      if (res?.status === 201) acknowledged.push(name);
      else unanswered.push(res?.status ?? 0);
    };
    // Three clients at a time; server A is killed once 15 writes are acknowledged.
    let killed = false;
    while (sent < 60) {
      await Promise.all([write(), write(), write()]);
      if (!killed && acknowledged.length >= 15) {
        a.kill("SIGKILL");
        killed = true;
      }
    }
    expect(killed).toBe(true);
    // Every write after the kill went to the server still running: at most the writes in flight at the kill failed.
    expect(unanswered.length).toBeLessThanOrEqual(3);
    expect(acknowledged.length).toBeGreaterThanOrEqual(57);

    // Nothing acknowledged is lost, and the session made before the kill still works on the other server.
    const { rows: stored } = await db.query<{ full_name: string }>(
      "SELECT full_name FROM admission_candidates WHERE full_name LIKE 'Quần chúng Tải %'",
    );
    const names = new Set(stored.map((r) => r.full_name));
    expect(acknowledged.filter((n) => !names.has(n))).toEqual([]);
    for (let i = 0; i < 4; i++) expect((await fetch(`${base}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
  });
});

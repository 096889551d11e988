import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "../../../test/support/server.js";
import { startSmtpSink, subjectOf, type SmtpSink } from "../../../test/support/smtp.js";
import {
  DAILY_JOB_EVERY_MS,
  drainOutbox,
  notify,
  registerPeriodicJob,
  runPeriodicJobs,
  startOutboxWorker,
} from "./index.js";

let s: TestServer;
let smtp: SmtpSink;
let ha: string; // Nguyễn Thị Thu Hà, secretary of CB-LLCS, has an account
let duc: string; // Phạm Văn Đức, member of CB-LLCS, has an account
let cell: string;

beforeAll(async () => {
  s = await createTestServer();
  smtp = await startSmtpSink();
  ha = await s.memberId("Nguyễn Thị Thu Hà");
  duc = await s.memberId("Phạm Văn Đức");
  cell = await s.orgId("CB-LLCS");
  await s.database.db.execute(sql`UPDATE members SET email = 'thuha@example.org' WHERE id = ${ha}`);
  await s.database.db.execute(sql`UPDATE members SET email = 'duc@example.org' WHERE id = ${duc}`);
});
afterAll(async () => {
  await smtp.close();
  await s.close();
});
beforeEach(async () => {
  smtp.messages.length = 0;
  await s.database.db.execute(sql`DELETE FROM outbox`);
  await s.database.db.execute(sql`DELETE FROM notices`);
});

const count = async (table: "outbox" | "notices", where = sql`true`) =>
  (await s.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ${where}`))[0]!.n;

describe("notify", () => {
  it("queues an in-app notice and an email with the calendar attachment, sent once over SMTP", async () => {
    const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    const { queued } = await s.database.db.transaction((tx) =>
      notify(tx, {
        organizationId: cell,
        memberIds: [ha],
        subject: "Giấy mời sinh hoạt chi bộ tháng 12",
        text: "Kính mời đồng chí dự họp.",
        link: "/cuoc-hop/1",
        ics: { filename: "hop.ics", content: ics },
      }),
    );
    expect(queued).toBe(2);
    expect(await drainOutbox(s.database, smtp.transport())).toBe(1);
    expect(await drainOutbox(s.database, smtp.transport())).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail!.to).toEqual(["thuha@example.org"]);
    expect(subjectOf(mail!.raw)).toBe("Giấy mời sinh hoạt chi bộ tháng 12");
    expect(mail!.raw).toContain("text/calendar");
    expect(mail!.raw).toMatch(/filename="?hop\.ics/);

    const session = await s.signIn("bithu.llcs");
    const list = (await s.request(session, { method: "GET", url: "/api/notices" })).json();
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({
      subject: "Giấy mời sinh hoạt chi bộ tháng 12",
      link: "/cuoc-hop/1",
      readAt: null,
    });
  });

  it("is part of the caller's transaction: a rolled-back change leaves no notice and no mail", async () => {
    await expect(
      s.database.db.transaction(async (tx) => {
        await notify(tx, { organizationId: cell, memberIds: [ha, duc], subject: "Thử", text: "Thử" });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await count("outbox")).toBe(0);
    expect(await count("notices")).toBe(0);
  });

  it("ignores a second notice with the same key for the same person", async () => {
    const send = () =>
      s.database.db.transaction((tx) =>
        notify(tx, {
          organizationId: cell,
          memberIds: [ha, duc],
          subject: "Nhắc việc",
          text: "Sắp đến hạn",
          dedupeKey: "task:1:before",
        }),
      );
    expect((await send()).queued).toBe(4);
    expect((await send()).queued).toBe(0);
    await drainOutbox(s.database, smtp.transport());
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(["duc@example.org", "thuha@example.org"]);
  });

  it("reaches each recipient by the channels they have, however many there are", async () => {
    const [noAccount] = await s.database.rows<{ id: string; email: string | null }>(
      sql`SELECT m.id, m.email FROM members m WHERE m.left_on IS NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id) ORDER BY m.id LIMIT 1`,
    );
    const [noAddress] = await s.database.rows<{ id: string }>(
      sql`SELECT m.id FROM members m JOIN users u ON u.member_id = m.id AND u.disabled_at IS NULL
           WHERE m.left_on IS NULL AND COALESCE(m.email, '') = '' AND COALESCE(u.email, '') = '' ORDER BY m.id LIMIT 1`,
    );
    await s.database.db.execute(
      sql`UPDATE members SET email = 'khongtaikhoan@example.org' WHERE id = ${noAccount!.id}`,
    );
    try {
      const { queued } = await s.database.db.transaction((tx) =>
        notify(tx, {
          organizationId: cell,
          memberIds: [ha, noAccount!.id, noAddress!.id, ha],
          subject: "Thông báo",
          text: "Nội dung",
        }),
      );
      // Thu Hà: notice + mail; the member without an account: mail only; the one without an address: notice only.
      expect(queued).toBe(4);
      expect(await count("notices")).toBe(2);
      expect(
        (await s.database.rows<{ recipient: string }>(sql`SELECT recipient FROM outbox ORDER BY recipient`)).map(
          (r) => r.recipient,
        ),
      ).toEqual(["khongtaikhoan@example.org", "thuha@example.org"]);
    } finally {
      await s.database.db.execute(sql`UPDATE members SET email = ${noAccount!.email} WHERE id = ${noAccount!.id}`);
    }
  });

  it("holds a notice until its time: not listed, not sent before sendAfter", async () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    await s.database.db.transaction((tx) =>
      notify(tx, {
        organizationId: cell,
        memberIds: [duc],
        subject: "Nhắc họp ngày mai",
        text: "…",
        sendAfter: tomorrow,
      }),
    );
    expect(await drainOutbox(s.database, smtp.transport())).toBe(0);
    const session = await s.signIn("dangvien.llcs");
    expect((await s.request(session, { method: "GET", url: "/api/notices" })).json().unread).toBe(0);
    expect(await drainOutbox(s.database, smtp.transport(), { now: new Date(tomorrow.getTime() + 1000) })).toBe(1);
  });
});

describe("drainOutbox", () => {
  it("sends each message once and only once with two workers draining at the same time", async () => {
    const ids = (
      await s.database.rows<{ id: string }>(sql`SELECT id FROM members WHERE left_on IS NULL ORDER BY id LIMIT 12`)
    ).map((r) => r.id);
    await s.database.db.execute(
      sql`UPDATE members SET email = 'm' || substr(id::text, 1, 8) || '@example.org' WHERE id IN (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
    await s.database.db.transaction((tx) =>
      notify(tx, { organizationId: cell, memberIds: ids, subject: "Thông báo chung", text: "…" }),
    );
    const queued = await count("outbox");
    expect(queued).toBe(12);
    const one = smtp.transport();
    const two = smtp.transport();
    const results = await Promise.all([
      drainOutbox(s.database, one, { limit: 5 }),
      drainOutbox(s.database, two, { limit: 5 }),
      drainOutbox(s.database, one, { limit: 5 }),
      drainOutbox(s.database, two, { limit: 5 }),
    ]);
    await Promise.all([drainOutbox(s.database, one), drainOutbox(s.database, two)]);
    expect(results.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(12);
    const recipients = smtp.messages.map((m) => m.to[0]);
    expect(recipients).toHaveLength(12);
    expect(new Set(recipients).size).toBe(12);
    expect(await count("outbox", sql`sent_at IS NULL`)).toBe(0);
  });

  it("keeps a message whose sending failed and retries it after a back-off", async () => {
    await s.database.db.transaction((tx) =>
      notify(tx, { organizationId: cell, memberIds: [ha], subject: "Thử lại", text: "…" }),
    );
    const failing = { sendMail: async () => Promise.reject(new Error("452 mailbox busy")) };
    expect(await drainOutbox(s.database, failing)).toBe(0);
    const [row] = await s.database.rows<{ attempts: number; last_error: string; sent_at: string | null }>(
      sql`SELECT attempts, last_error, sent_at FROM outbox`,
    );
    expect(row).toMatchObject({ attempts: 1, last_error: "452 mailbox busy", sent_at: null });
    expect(await drainOutbox(s.database, smtp.transport())).toBe(0); // still backing off
    expect(await drainOutbox(s.database, smtp.transport(), { now: new Date(Date.now() + 2 * 60_000) })).toBe(1);
    expect(smtp.messages).toHaveLength(1);
  });

  it("sends a message claimed by a worker that died once its lease has run out", async () => {
    await s.database.db.transaction((tx) =>
      notify(tx, { organizationId: cell, memberIds: [duc], subject: "Sau sự cố", text: "…" }),
    );
    // A worker claimed it, then the process was killed before sending.
    await s.database.db.execute(sql`UPDATE outbox SET claimed_until = now() + interval '5 minutes', attempts = 1`);
    expect(await drainOutbox(s.database, smtp.transport())).toBe(0);
    expect(await drainOutbox(s.database, smtp.transport(), { now: new Date(Date.now() + 6 * 60_000) })).toBe(1);
    expect(smtp.messages).toHaveLength(1);
  });

  it("gives up on mail older than a week instead of sending stale reminders", async () => {
    await s.database.db.transaction((tx) =>
      notify(tx, { organizationId: cell, memberIds: [duc], subject: "Cũ", text: "…" }),
    );
    await s.database.db.execute(sql`UPDATE outbox SET created_at = now() - interval '8 days'`);
    expect(await drainOutbox(s.database, smtp.transport())).toBe(0);
    expect(await count("outbox", sql`abandoned_at IS NOT NULL`)).toBe(1);
  });
});

describe("notices", () => {
  it("marks only the owner's notices as read", async () => {
    await s.database.db.transaction((tx) =>
      notify(tx, { organizationId: cell, memberIds: [ha, duc], subject: "Đọc", text: "…" }),
    );
    const [ducNotice] = await s.database.rows<{ id: number }>(
      sql`SELECT n.id::int AS id FROM notices n JOIN users u ON u.id = n.user_id WHERE u.username = 'dangvien.llcs'`,
    );
    const secretary = await s.signIn("bithu.llcs");
    expect((await s.request(secretary, { method: "POST", url: `/api/notices/${ducNotice!.id}/read` })).statusCode).toBe(
      404,
    );
    const member = await s.signIn("dangvien.llcs");
    expect((await s.request(member, { method: "POST", url: `/api/notices/${ducNotice!.id}/read` })).statusCode).toBe(
      200,
    );
    expect((await s.request(member, { method: "GET", url: "/api/notices" })).json().unread).toBe(0);
    expect((await s.request(secretary, { method: "GET", url: "/api/notices" })).json().unread).toBe(1);
    expect((await s.request(secretary, { method: "POST", url: "/api/notices/read-all" })).json().marked).toBe(1);
  });
});

describe("periodic jobs", () => {
  it("runs every registered job and keeps going when one fails", async () => {
    const ran: string[] = [];
    const failed: string[] = [];
    registerPeriodicJob("test.failing", async () => {
      throw new Error("boom");
    });
    registerPeriodicJob("test.ok", async (_db, now) => {
      ran.push(now.toISOString());
    });
    const now = new Date("2026-11-22T01:00:00Z");
    await runPeriodicJobs(s.database, now, (name) => failed.push(name));
    expect(ran).toEqual([now.toISOString()]);
    expect(failed).toContain("test.failing");
  });

  it("stopping the worker waits a moment for a long tick, not for all of it", async () => {
    let release!: () => void;
    const endless = new Promise<void>((resolve) => {
      release = resolve;
    });
    registerPeriodicJob("test.endless", () => endless);
    const worker = startOutboxWorker(s.database, { transport: null, stopWaitMs: 50, tickAtStart: true });
    const stopping = worker.stop().then(() => "stopped");
    const outcome = await Promise.race([stopping, new Promise((r) => setTimeout(() => r("still waiting"), 2_000))]);
    release();
    expect(outcome).toBe("stopped");
  });

  it("runs its first tick one interval after the start, not at once (ADR 0181)", async () => {
    const ran: number[] = [];
    registerPeriodicJob("test.first", async () => void ran.push(performance.now()));
    const started = performance.now();
    const worker = startOutboxWorker(s.database, { transport: null, intervalMs: 600 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Before the fix the jobs ran as the worker started, while the server was still starting.
    expect(ran).toEqual([]);
    while (ran.length === 0 && performance.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect(ran.length).toBeGreaterThan(0);
    expect(ran[0]! - started).toBeGreaterThanOrEqual(590);
  });

  it("runs a day-granular job at most once per its interval, on every tick otherwise", async () => {
    const daily: string[] = [];
    const everyTick: string[] = [];
    registerPeriodicJob("test.daily", async (_db, now) => void daily.push(now.toISOString()), {
      everyMs: DAILY_JOB_EVERY_MS,
    });
    registerPeriodicJob("test.tick", async (_db, now) => void everyTick.push(now.toISOString()));
    const at = (minutes: number) => new Date(Date.UTC(2026, 11, 3, 2, minutes));
    for (const minutes of [0, 1, 14, 15, 16, 31]) await runPeriodicJobs(s.database, at(minutes));
    expect(daily).toEqual([at(0), at(15), at(31)].map((d) => d.toISOString()));
    expect(everyTick).toHaveLength(6);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "../../../test/support/server.js";
import { startSmtpSink, subjectOf, type SmtpSink } from "../../../test/support/smtp.js";
import { countTransactions } from "../../../test/support/database.js";
import { drainOutbox, runPeriodicJobs } from "../../core/outbox/index.js";
import { todayIso } from "../../core/time.js";
import { addDays } from "../congresses/model.js";
import { sendTaskReminders } from "./reminders.js";

let s: TestServer;
let smtp: SmtpSink;
const today = todayIso();

beforeAll(async () => {
  s = await createTestServer();
  smtp = await startSmtpSink();
  const cell = await s.orgId("CB-LLCS");
  const duc = await s.memberId("Phạm Văn Đức");
  const mai = await s.memberId("Hoàng Thị Mai");
  await s.database.db.execute(sql`UPDATE members SET email = 'duc@example.org' WHERE id = ${duc}`);
  await s.database.db.execute(sql`UPDATE members SET email = 'mai@example.org' WHERE id = ${mai}`);
  // Only this test's tasks: the demo's own are set aside.
  await s.database.db.execute(sql`UPDATE tasks SET deleted_at = now()`);
  const secretary = await s.signIn("bithu.llcs");
  const create = async (title: string, memberId: string, startsOn: string, dueOn: string) => {
    const res = await s.request(secretary, {
      method: "POST",
      url: `/api/organizations/${cell}/tasks`,
      payload: { title, responsibleMemberId: memberId, startsOn, dueOn },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  await create("Nộp báo cáo chuyên đề", duc, addDays(today, -20), addDays(today, 2)); // due in 2 days → "before" reminder
  await create("Tổng hợp ý kiến dự thảo", mai, addDays(today, -30), addDays(today, -1)); // overdue → "overdue" reminder
  await create("Việc còn xa", duc, today, addDays(today, 40)); // nothing yet
  await create("Việc quá hạn từ lâu", mai, addDays(today, -90), addDays(today, -40)); // overdue past the rulebook's 7 days → nothing
  const done = await create("Việc đã xong", mai, addDays(today, -10), addDays(today, -1));
  await s.request(secretary, {
    method: "POST",
    url: `/api/tasks/${done}/progress`,
    payload: { percent: 100, note: "Xong", version: 1 },
  });
  // Assigning sent each member a notice (loop.test.ts checks those): only the reminders are this file's subject.
  await s.database.db.execute(sql`DELETE FROM outbox`);
  await s.database.db.execute(sql`DELETE FROM notices`);
});
afterAll(async () => {
  await smtp.close();
  await s.close();
});

describe("task reminders", () => {
  it("reach the loopback SMTP server once per due task, with two workers running the job and draining at the same time", async () => {
    const now = new Date();
    // Two workers tick at once, twice.
    await Promise.all([runPeriodicJobs(s.database, now), runPeriodicJobs(s.database, now)]);
    await Promise.all([sendTaskReminders(s.database, now), sendTaskReminders(s.database, now)]);
    const one = smtp.transport();
    const two = smtp.transport();
    await Promise.all([
      drainOutbox(s.database, one),
      drainOutbox(s.database, two),
      drainOutbox(s.database, one),
      drainOutbox(s.database, two),
    ]);
    const subjects = smtp.messages.map((m) => `${m.to.join(",")} ${subjectOf(m.raw)}`).sort();
    expect(subjects).toEqual([
      `duc@example.org Nhắc việc: "Nộp báo cáo chuyên đề" đến hạn ngày ${addDays(today, 2).split("-").reverse().join("/")}`,
      `mai@example.org Quá hạn: "Tổng hợp ý kiến dự thảo" (hạn ${addDays(today, -1).split("-").reverse().join("/")})`,
    ]);
    // The in-app notice exists once too, for the member's account.
    const duc = await s.signIn("dangvien.llcs");
    const notices = (await s.request(duc, { method: "GET", url: "/api/notices" })).json();
    expect(notices.items.filter((n: { subject: string }) => n.subject.startsWith("Nhắc việc"))).toHaveLength(1);
  });

  it("the next day's tick sends nothing new; the day after the deadline sends the single overdue reminder", async () => {
    smtp.messages.length = 0;
    const tomorrow = new Date(Date.now() + 86_400_000);
    await Promise.all([sendTaskReminders(s.database, tomorrow), sendTaskReminders(s.database, tomorrow)]);
    await drainOutbox(s.database, smtp.transport(), { now: tomorrow });
    expect(smtp.messages).toHaveLength(0);
    const later = new Date(Date.now() + 3 * 86_400_000);
    await Promise.all([sendTaskReminders(s.database, later), sendTaskReminders(s.database, later)]);
    await Promise.all([
      drainOutbox(s.database, smtp.transport(), { now: later }),
      drainOutbox(s.database, smtp.transport(), { now: later }),
    ]);
    expect(smtp.messages.map((m) => subjectOf(m.raw))).toEqual([
      `Quá hạn: "Nộp báo cáo chuyên đề" (hạn ${addDays(today, 2).split("-").reverse().join("/")})`,
    ]);
  });

  it("a tick with nothing new to send writes nothing: no transaction per due task, every 30 s", async () => {
    // Also a member nobody can reach (no account, no address): the reminder is due for ever, and never sent.
    const [unreachable] = await s.database.rows<{ id: string }>(sql`
      SELECT m.id FROM members m JOIN organizations o ON o.id = m.organization_id AND o.code = 'CB-LLCS'
       WHERE COALESCE(m.email, '') = '' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id) ORDER BY m.id LIMIT 1`);
    expect(unreachable).toBeDefined();
    const res = await s.request(await s.signIn("bithu.llcs"), {
      method: "POST",
      url: `/api/organizations/${await s.orgId("CB-LLCS")}/tasks`,
      payload: {
        title: "Việc không ai nhận nhắc",
        responsibleMemberId: unreachable!.id,
        startsOn: addDays(today, -9),
        dueOn: addDays(today, -3),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const now = new Date();
    // Every reminder due today was queued by the ticks above; this one has nobody to go to.
    const transactions = await countTransactions(s.database, async () => {
      expect(await sendTaskReminders(s.database, now)).toBe(0);
      expect(await sendTaskReminders(s.database, now)).toBe(0);
    });
    expect(transactions).toBe(0);
  });
});

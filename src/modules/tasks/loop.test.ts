// The tasks loop: assigning tells the member, reporting tells the secretary and the assigner, "Gia hạn" moves the
// deadline of the same task, the overseer comments and directs; each notice once, each act audited.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../core/db/index.js";
import { setClockForTests } from "../../core/time.js";
import { addOversight } from "../organizations/operations.js";
import type { OrganizationRow } from "../organizations/store.js";
import type { MemberRow } from "../members/store.js";
import { buildMember, buildOrganization, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";

let s: TestServer;
let cell: OrganizationRow;
const people = {} as Record<"secretary" | "deputy" | "member" | "overseer", { member: MemberRow; session: Session }>;

const call = (as: Session, method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
  s.request(as, { method, url, payload });

/** In-app notices and emails a member got about a link, by subject. */
async function noticesOf(who: keyof typeof people, link: string) {
  const { member } = people[who];
  const inApp = await s.database.rows<{ subject: string }>(
    sql`SELECT n.subject FROM notices n JOIN users u ON u.id = n.user_id
         WHERE u.member_id = ${member.id} AND n.link = ${link} ORDER BY n.id`,
  );
  const mail = await s.database.rows<{ subject: string }>(
    sql`SELECT subject FROM outbox WHERE recipient = ${`${member.id}@example.vn`} AND text LIKE ${`%${link}`}
         ORDER BY id`,
  );
  return { inApp: inApp.map((r) => r.subject), mail: mail.map((r) => r.subject) };
}

/** Oversight is recorded by the office; the test acts as an administrator outside any organisation. */
const FACTORY_OFFICE = {
  userId: "00000000-0000-4000-8000-000000000000",
  username: "factory",
  displayName: "factory",
  memberId: null,
  isAdmin: true,
  locale: "vi" as const,
  mustChangePassword: false,
  scopes: [],
  sessionId: "",
  csrfToken: "",
};

beforeAll(async () => {
  s = await createTestServer();
  setClockForTests("2026-03-10");
  // The overseer is a đảng ủy member who belongs to another cell of the đảng bộ.
  const org = await buildOrganization(s, { cells: 2 });
  cell = org.cells[0]!;
  const members = {
    secretary: await buildMember(s, { organization: cell, position: "secretary", fullName: "Trần Văn Bí" }),
    deputy: await buildMember(s, { organization: cell, position: "deputy_secretary", fullName: "Lê Thị Phó" }),
    member: await buildMember(s, { organization: cell, fullName: "Ngô Văn Làm" }),
    overseer: await buildMember(s, { organization: org.cells[1]!, fullName: "Hà Thị Phụ Trách" }),
  };
  await inTransaction(s.database, (tx) =>
    addOversight(tx, { ...FACTORY_OFFICE }, cell, { memberId: members.overseer.id, startsOn: "2025-01-01" }),
  );
  for (const [who, member] of Object.entries(members)) {
    await s.database.db.execute(sql`UPDATE members SET email = ${`${member.id}@example.vn`} WHERE id = ${member.id}`);
    people[who as keyof typeof people] = { member, session: (await buildUser(s, { member })).session };
  }
});
afterEach(() => setClockForTests("2026-03-10"));
afterAll(async () => {
  setClockForTests();
  await s.close();
});

async function assign(title: string, dueOn: string, by: keyof typeof people = "deputy") {
  const res = await call(people[by].session, "POST", `/api/organizations/${cell.id}/tasks`, {
    title,
    responsibleMemberId: people.member.member.id,
    startsOn: "2026-02-01",
    dueOn,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; dueOn: string; title: string };
}

describe("notices of the tasks loop", () => {
  it("assigning tells the member once, in the app and by email; an edit does not tell them again", async () => {
    const task = await assign("Viết bài tuyên truyền Nghị quyết", "2026-04-30");
    const link = `/nhiem-vu/${task.id}`;
    expect(await noticesOf("member", link)).toEqual({
      inApp: ['Nhiệm vụ mới: "Viết bài tuyên truyền Nghị quyết" (hạn 30/04/2026)'],
      mail: ['Nhiệm vụ mới: "Viết bài tuyên truyền Nghị quyết" (hạn 30/04/2026)'],
    });
    const edit = await call(people.secretary.session, "PUT", `/api/tasks/${task.id}`, {
      title: "Viết bài tuyên truyền Nghị quyết Đại hội",
      responsibleMemberId: people.member.member.id,
      helperIds: [],
      startsOn: "2026-02-01",
      dueOn: "2026-04-30",
      version: task.version,
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const after = await noticesOf("member", link);
    expect([after.inApp.length, after.mail.length]).toEqual([1, 1]);
    // The one who assigned it is not told of their own act.
    expect(await noticesOf("deputy", link)).toEqual({ inApp: [], mail: [] });
  });

  it("a progress report tells the secretary and the assigner, once each, and not the reporter", async () => {
    const task = await assign("Thu đảng phí quý I", "2026-03-31");
    const link = `/nhiem-vu/${task.id}`;
    const res = await call(people.member.session, "POST", `/api/tasks/${task.id}/progress`, {
      percent: 60,
      note: "Đã thu 6/10 đồng chí",
      version: task.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const subject = 'Báo cáo tiến độ: "Thu đảng phí quý I" đạt 60%';
    expect(await noticesOf("secretary", link)).toEqual({ inApp: [subject], mail: [subject] });
    expect(await noticesOf("deputy", link)).toEqual({ inApp: [subject], mail: [subject] });
    expect((await noticesOf("member", link)).inApp).not.toContain(subject);
    const [mail] = await s.database.rows<{ text: string }>(
      sql`SELECT text FROM outbox
           WHERE recipient = ${`${people.secretary.member.id}@example.vn`} AND subject = ${subject}`,
    );
    expect(mail!.text).toContain("Ngô Văn Làm");
    expect(mail!.text).toContain("Đã thu 6/10 đồng chí");
  });
});

describe("Gia hạn", () => {
  it("extends the same task: no duplicate, no longer late anywhere, the extension kept in its history", async () => {
    const task = await assign("Hoàn thiện hồ sơ đại hội", "2026-03-05");
    const lateOnHome = async () =>
      (await call(people.secretary.session, "GET", `/api/organizations/${cell.id}/dashboard`)).json().tasks
        .lateList as { id: string; status: string }[];
    const statusOnHome = async () => (await lateOnHome()).find((t) => t.id === task.id)?.status;
    expect(await statusOnHome()).toBe("late");
    const before = (await call(people.secretary.session, "GET", `/api/organizations/${cell.id}/tasks`)).json().items
      .length;

    const res = await call(people.secretary.session, "POST", `/api/tasks/${task.id}/extend`, {
      dueOn: "2026-03-31",
      reason: "Chờ Đảng ủy cho ý kiến về tờ trình",
      version: task.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: task.id, dueOn: "2026-03-31", version: task.version + 1 });

    const list = (await call(people.secretary.session, "GET", `/api/organizations/${cell.id}/tasks`)).json().items;
    expect(list.length).toBe(before);
    expect(list.filter((t: { title: string }) => t.title === "Hoàn thiện hồ sơ đại hội")).toHaveLength(1);
    // Still at risk (nothing done with 3 weeks left), no longer "Quá hạn".
    expect(await statusOnHome()).toBe("at_risk");
    const mine = (await call(people.member.session, "GET", "/api/me/tasks")).json().items;
    expect(mine.find((t: { id: string }) => t.id === task.id).status).not.toBe("late");

    const detail = (await call(people.member.session, "GET", `/api/tasks/${task.id}`)).json();
    expect(detail.extensions).toEqual([
      expect.objectContaining({
        fromDueOn: "2026-03-05",
        toDueOn: "2026-03-31",
        reason: "Chờ Đảng ủy cho ý kiến về tờ trình",
        byName: "Trần Văn Bí",
      }),
    ]);
    const [event] = await s.database.rows<{ before: { dueOn: string }; after: { dueOn: string } }>(
      sql`SELECT before, after FROM audit_events WHERE entity_id = ${task.id} AND action = 'extend'`,
    );
    expect([event!.before.dueOn, event!.after.dueOn]).toEqual(["2026-03-05", "2026-03-31"]);
    expect((await noticesOf("member", `/nhiem-vu/${task.id}`)).inApp).toContain(
      'Gia hạn: "Hoàn thiện hồ sơ đại hội" đến 31/03/2026',
    );
  });

  it("refuses, at the field, a deadline not later than the current one, a missing reason, and a member", async () => {
    const task = await assign("Tổng hợp ý kiến góp ý", "2026-03-20");
    const earlier = await call(people.secretary.session, "POST", `/api/tasks/${task.id}/extend`, {
      dueOn: "2026-03-20",
      reason: "Nhầm ngày",
      version: task.version,
    });
    expect(earlier.statusCode).toBe(422);
    expect(earlier.json().fields.dueOn).toBe("Thời hạn mới phải sau thời hạn hiện tại (20/03/2026).");
    const noReason = await call(people.secretary.session, "POST", `/api/tasks/${task.id}/extend`, {
      dueOn: "2026-04-20",
      reason: "  ",
      version: task.version,
    });
    expect(noReason.statusCode).toBe(422);
    expect(Object.keys(noReason.json().fields)).toEqual(["reason"]);
    const byMember = await call(people.member.session, "POST", `/api/tasks/${task.id}/extend`, {
      dueOn: "2026-04-20",
      reason: "Xin thêm thời gian",
      version: task.version,
    });
    expect(byMember.statusCode).toBe(403);
    const [row] = await s.database.rows<{ due_on: string; n: number }>(
      sql`SELECT t.due_on::text, (SELECT count(*)::int FROM task_extensions e WHERE e.task_id = t.id) AS n
            FROM tasks t WHERE t.id = ${task.id}`,
    );
    expect(row).toEqual({ due_on: "2026-03-20", n: 0 });
  });

  it("refuses a later deadline through editing the task, so lateness goes through an extension with its reason", async () => {
    const task = await assign("Rà soát hồ sơ đảng viên", "2026-03-10");
    const edit = (dueOn: string, version: number) =>
      call(people.secretary.session, "PUT", `/api/tasks/${task.id}`, {
        title: task.title,
        responsibleMemberId: people.member.member.id,
        helperIds: [],
        startsOn: "2026-02-01",
        dueOn,
        version,
      });
    const later = await edit("2026-04-10", task.version);
    expect(later.statusCode).toBe(422);
    expect(later.json().fields.dueOn).toBe("Muốn lùi thời hạn (10/03/2026) thì dùng “Gia hạn” để ghi lại lý do.");
    const [row] = await s.database.rows<{ due_on: string }>(sql`SELECT due_on::text FROM tasks WHERE id = ${task.id}`);
    expect(row!.due_on).toBe("2026-03-10");
    // An earlier date is a correction and stays possible.
    const earlier = await edit("2026-03-09", task.version);
    expect(earlier.statusCode, earlier.body).toBe(200);
    expect(earlier.json().dueOn).toBe("2026-03-09");
  });
});

describe("the overseer's comments and directions", () => {
  it("on a task: by the overseer, read by the committee, refused to the member, notified, audited", async () => {
    const task = await assign("Chuẩn bị sinh hoạt chuyên đề", "2026-04-15");
    const res = await call(people.overseer.session, "POST", `/api/tasks/${task.id}/comments`, {
      kind: "direction",
      body: "Đề nghị chi bộ mời đại diện Công đoàn dự sinh hoạt chuyên đề.",
    });
    expect(res.statusCode, res.body).toBe(201);
    const list = (await call(people.secretary.session, "GET", `/api/tasks/${task.id}/comments`)).json().items;
    expect(list).toEqual([
      expect.objectContaining({ kind: "direction", authorName: "Hà Thị Phụ Trách", taskId: task.id, month: null }),
    ]);
    expect((await call(people.member.session, "GET", `/api/tasks/${task.id}/comments`)).statusCode).toBe(403);
    expect(
      (await call(people.member.session, "POST", `/api/tasks/${task.id}/comments`, { body: "Tôi góp ý" })).statusCode,
    ).toBe(403);
    const subject = 'Chỉ đạo về nhiệm vụ "Chuẩn bị sinh hoạt chuyên đề"';
    const link = `/nhiem-vu/${task.id}`;
    expect(await noticesOf("secretary", link)).toEqual({ inApp: [subject], mail: [subject] });
    expect((await noticesOf("deputy", link)).inApp).toEqual([subject]);
    expect((await noticesOf("overseer", link)).inApp).toEqual([]);
    expect((await noticesOf("member", link)).inApp).not.toContain(subject);
    const events = await s.database.rows<{ action: string }>(
      sql`SELECT action FROM audit_events WHERE entity_id = ${task.id} ORDER BY id`,
    );
    expect(events.map((e) => e.action)).toEqual(["create", "comment"]);

    const overseerView = (await call(people.overseer.session, "GET", `/api/tasks/${task.id}`)).json();
    expect([overseerView.mine, overseerView.mayComment, overseerView.mayManage]).toEqual([false, true, false]);
    const memberView = (await call(people.member.session, "GET", `/api/tasks/${task.id}`)).json();
    expect([memberView.mine, memberView.mayComment]).toEqual([true, false]);
  });

  it("on the cell's month: kept by month, read by the committee, refused to the member", async () => {
    const url = `/api/organizations/${cell.id}/month-comments`;
    const res = await call(people.overseer.session, "POST", url, {
      month: "2026-03",
      kind: "comment",
      body: "Tháng 3 chi bộ cần đẩy nhanh việc thu đảng phí.",
    });
    expect(res.statusCode, res.body).toBe(201);
    const reply = await call(people.secretary.session, "POST", url, {
      month: "2026-03",
      body: "Chi bộ xin tiếp thu.",
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const march = (await call(people.secretary.session, "GET", `${url}?month=2026-03`)).json().items;
    expect(march.map((c: { authorName: string }) => c.authorName)).toEqual(["Hà Thị Phụ Trách", "Trần Văn Bí"]);
    expect((await call(people.overseer.session, "GET", `${url}?month=2026-04`)).json().items).toEqual([]);
    expect((await call(people.member.session, "GET", `${url}?month=2026-03`)).statusCode).toBe(403);
    const bad = await call(people.overseer.session, "POST", url, { month: "2026-13", body: "Sai tháng" });
    expect([bad.statusCode, Object.keys(bad.json().fields ?? {})]).toEqual([422, ["month"]]);
    const subject = "Ý kiến về công việc tháng 3/2026 của chi bộ";
    expect((await noticesOf("secretary", "/")).inApp).toEqual([subject]);
    // The secretary's reply reaches the overseer.
    expect((await noticesOf("overseer", "/")).inApp).toEqual(["Ý kiến về công việc tháng 3/2026 của chi bộ"]);
    const [event] = await s.database.rows<{ entity_type: string; organization_id: string }>(
      sql`SELECT entity_type, organization_id FROM audit_events WHERE entity_id = ${res.json().id}`,
    );
    expect(event).toEqual({ entity_type: "month_comment", organization_id: cell.id });
  });
});

describe("a plan item lists its tasks", () => {
  it("with who carries each, its deadline and how it stands today", async () => {
    const plan = await call(people.secretary.session, "POST", `/api/organizations/${cell.id}/plans`, {
      kind: "yearly",
      title: "Kế hoạch công tác năm 2026",
      startsOn: "2026-01-01",
      endsOn: "2026-12-31",
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const item = await call(people.secretary.session, "POST", `/api/plans/${plan.json().id}/items`, {
      what: "Sinh hoạt chuyên đề mỗi quý",
      dueOn: "2026-12-31",
      responsibleMemberId: people.member.member.id,
    });
    expect(item.statusCode, item.body).toBe(201);
    const task = await call(people.secretary.session, "POST", `/api/organizations/${cell.id}/tasks`, {
      title: "Chuyên đề quý I",
      responsibleMemberId: people.member.member.id,
      startsOn: "2026-01-01",
      dueOn: "2026-03-01",
      source: { kind: "plan_item", id: item.json().id },
    });
    expect(task.statusCode, task.body).toBe(201);
    const detail = (await call(people.secretary.session, "GET", `/api/plans/${plan.json().id}`)).json();
    expect(detail.items[0].tasks).toEqual([
      {
        id: task.json().id,
        title: "Chuyên đề quý I",
        responsibleName: "Ngô Văn Làm",
        dueOn: "2026-03-01",
        progress: 0,
        status: "late",
      },
    ]);
    const taskView = (await call(people.secretary.session, "GET", `/api/tasks/${task.json().id}`)).json();
    expect(taskView.plan).toEqual({ id: plan.json().id, title: "Kế hoạch công tác năm 2026" });
  });
});

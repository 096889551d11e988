import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import { startSmtpSink, subjectOf } from "../../../test/support/smtp.js";
import { drainOutbox } from "../../core/outbox/index.js";
import { addMonths, setClockForTests, todayIso } from "../../core/time.js";

let s: TestServer;
let secretary: Session;
let cell: string;
const inDays = (n: number) =>
  new Date(Date.parse(`${todayIso()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  s = await createTestServer();
  secretary = await s.signIn("bithu.llcs");
  cell = await s.orgId("CB-LLCS");
});
afterAll(() => s.close());
afterEach(() => setClockForTests());

async function create(payload: Record<string, unknown> = {}, as = secretary, org = cell) {
  const res = await s.request(as, {
    method: "POST",
    url: `/api/organizations/${org}/meetings`,
    payload: { kind: "monthly", date: inDays(3), startTime: "14:00", place: "Phòng họp Khoa", ...payload },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    id: string;
    version: number;
    enteredLate: boolean;
    chairMemberId: string | null;
    rulebookKey: string;
  };
}
const get = async (id: string, as = secretary) =>
  (await s.request(as, { method: "GET", url: `/api/meetings/${id}` })).json();
const post = (url: string, payload: unknown, as = secretary) =>
  s.request(as, { method: "POST", url, payload: payload as object });
const put = (url: string, payload: unknown, as = secretary) =>
  s.request(as, { method: "PUT", url, payload: payload as object });
const transition = async (id: string, to: string, as = secretary) =>
  post(`/api/meetings/${id}/transition`, { to, version: (await get(id)).version }, as);

describe("the calendar", () => {
  it("proposes the 3rd (50-CT/TW) and records the rulebook in force; a past date is marked as entered late", async () => {
    const list = (await s.request(secretary, { method: "GET", url: `/api/organizations/${cell}/meetings` })).json();
    expect(list.proposal.date.slice(8)).toBe("03");
    expect(list.permissions.manage).toBe(true);
    const future = await create();
    expect(future.enteredLate).toBe(false);
    expect(future.rulebookKey).toBe("meeting-42-hd-2025");
    expect(future.chairMemberId).toBe(await s.memberId("Nguyễn Thị Thu Hà"));
    const before = await s.request(secretary, {
      method: "POST",
      url: `/api/organizations/${cell}/meetings`,
      payload: { kind: "monthly", date: "2017-05-03", startTime: "14:00", place: "x" },
    });
    expect(before.statusCode).toBe(422);
    expect(before.json().code).toBe("no_meeting_rulebook");
    const old = await create({ date: "2024-03-10" });
    expect(old.enteredLate).toBe(true);
    expect(old.rulebookKey).toBe("meeting-12-hd-2018");
  });

  it("an ordinary member sees the calendar but cannot plan a meeting", async () => {
    const member = await s.signIn("dangvien.llcs");
    expect((await s.request(member, { method: "GET", url: `/api/organizations/${cell}/meetings` })).statusCode).toBe(
      200,
    );
    const res = await s.request(member, {
      method: "POST",
      url: `/api/organizations/${cell}/meetings`,
      payload: { kind: "monthly", date: inDays(3), startTime: "14:00", place: "x" },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe("a monthly meeting from preparation to approved minutes", () => {
  it("runs through every stage with the rules enforced on the server", async () => {
    const m = await create();
    const id = m.id;
    const chair = await s.memberId("Nguyễn Thị Thu Hà");
    const taker = await s.memberId("Trần Quốc Bảo");
    const probationary = await s.memberId("Huỳnh Thị Kim Oanh");
    // One member has an email, so the invitation goes out by mail too.
    await s.database.rows(
      sql`UPDATE members SET email = 'duc@example.vn' WHERE id = ${await s.memberId("Phạm Văn Đức")}`,
    );

    // Preparation: the committee step cannot be skipped in a cell with a chi ủy.
    const skip = await post(`/api/meetings/${id}/steps/prep/committee_meeting`, { skipped: true, note: "Bận" });
    expect(skip.statusCode).toBe(422);
    expect(skip.json().code).toBe("step_required");
    for (const step of ["assign_preparer", "content_draft", "committee_meeting", "notice", "publish_documents"]) {
      const res = await post(`/api/meetings/${id}/steps/prep/${step}`, {});
      expect(res.statusCode, res.body).toBe(200);
      if (step === "notice") expect(res.json().invitations).toBeGreaterThan(0);
      if (step === "publish_documents") expect(res.json().latePublication).toBe(false);
    }
    const prepared = await get(id);
    expect(prepared.steps.filter((x: { phase: string }) => x.phase === "prep")).toHaveLength(5);
    expect(prepared.steps[0].doneByName).toBe("Nguyễn Thị Thu Hà");

    // The overseeing đảng ủy member got the invitation in the app; a reminder waits for the day before.
    const [overseerUser] = await s.database.rows<{ id: string }>(
      sql`SELECT id FROM users WHERE username = 'danguyvien'`,
    );
    const notices = await s.database.rows<{ subject: string; visible_from: string }>(
      sql`SELECT subject, visible_from FROM notices WHERE user_id = ${overseerUser!.id} ORDER BY visible_from`,
    );
    expect(notices.map((n) => n.subject)).toEqual([
      expect.stringContaining("Giấy mời"),
      expect.stringContaining("Nhắc lịch"),
    ]);

    // No attendance, no vote before the meeting opens.
    expect((await put(`/api/meetings/${id}/attendance/${chair}`, { status: "present" })).statusCode).toBe(409);
    const early = await post(`/api/meetings/${id}/votes`, {
      subject: "NQ",
      rule: "ordinary",
      mode: "counted",
      inFavour: 1,
      against: 0,
      other: 0,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("vote_meeting_not_open");

    // A meeting starts on its day: the clock moves to 14:00 (Hanoi) of the meeting day.
    setClockForTests(`${inDays(3)}T07:00:00Z`);
    expect((await transition(id, "open")).statusCode).toBe(200);
    await put(`/api/meetings/${id}`, {
      version: (await get(id)).version,
      minuteTakerMemberId: taker,
      agenda: ["Đánh giá tháng trước", "Nhiệm vụ tháng tới"],
      content: "Nội dung",
      conclusion: "Kết luận",
      dues: "Đã thu đủ",
    });
    const live = await post(`/api/meetings/${id}/steps/live/purpose_guests`, {});
    expect(live.statusCode).toBe(200);

    // Attendance: only members of the cell on that date.
    const foreign = await put(`/api/meetings/${id}/attendance/${await s.memberId("Trần Văn Hùng")}`, {
      status: "present",
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().fields.memberId).toBeDefined();
    // The tap is saved before its reason (ADR 0110).
    const noReason = await put(`/api/meetings/${id}/attendance/${chair}`, { status: "absent_with_reason" });
    expect(noReason.statusCode).toBe(200);
    expect(noReason.json().reason).toBeNull();
    const roster = (await get(id)).roster as { id: string; fullName: string }[];
    expect(roster).toHaveLength(12);
    let last;
    for (const [i, r] of roster.entries()) {
      const status = i === roster.length - 1 ? "absent_with_reason" : i === roster.length - 2 ? "late" : "present";
      last = await put(`/api/meetings/${id}/attendance/${r.id}`, {
        status,
        reason: status === "absent_with_reason" ? "Đi công tác" : null,
      });
      expect(last.statusCode, last.body).toBe(200);
    }
    expect(last!.json().counts).toMatchObject({
      total: 12,
      present: 11,
      late: 1,
      absentWithReason: 1,
      ratePercent: 91.7,
    });

    // Contributions, tasks.
    expect(
      (
        await post(`/api/meetings/${id}/contributions`, {
          memberId: taker,
          text: "Đề nghị bổ sung chỉ tiêu nghiên cứu khoa học.",
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await post(`/api/meetings/${id}/tasks`, {
          what: "Hoàn thiện đề cương",
          responsibleMemberId: taker,
          deadline: inDays(20),
        })
      ).statusCode,
    ).toBe(201);

    // Votes: totals above the eligible count are refused; the server decides.
    const tooMany = await post(`/api/meetings/${id}/votes`, {
      subject: "Nghị quyết tháng",
      rule: "ordinary",
      mode: "counted",
      inFavour: 11,
      against: 1,
      other: 0,
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().detail).toContain("(12)");
    expect(tooMany.json().detail).toContain("(11)");
    // Admission-type decisions: the probationary member present may not vote.
    const named = await post(`/api/meetings/${id}/votes`, {
      subject: "Kết nạp",
      rule: "admission",
      mode: "named",
      ballots: [{ memberId: probationary, choice: "for" }],
    });
    expect(named.statusCode).toBe(422);
    expect(named.json().code).toBe("voter_not_eligible");
    const vote = await post(`/api/meetings/${id}/votes`, {
      subject: "Nghị quyết tháng",
      rule: "ordinary",
      mode: "counted",
      inFavour: 10,
      against: 0,
      other: 1,
    });
    expect(vote.statusCode, vote.body).toBe(201);
    expect(vote.json()).toMatchObject({ eligible: 11, passed: true });

    expect((await transition(id, "closed")).statusCode).toBe(200);
    const closed = await get(id);
    expect(closed.facts).toMatchObject({
      members: 12,
      present: 11,
      speakers: 1,
      voteHeld: true,
      preparation: { committeeMet: true, noticeSent: true },
    });

    // Scored by the sheet in force on the date: computed criteria from the record, judgements with a note.
    expect(closed.scorePreview.sheetKey).toBe("meeting-score-42hd-2025");
    const tooHigh = await put(`/api/meetings/${id}/score`, {
      judgements: [{ criterionId: "criticism", points: 11, note: "Nhiều ý kiến" }],
    });
    expect(tooHigh.statusCode).toBe(422);
    expect(Object.keys(tooHigh.json().fields)).toEqual(["judgements.criticism"]);
    const scored = await put(`/api/meetings/${id}/score`, {
      judgements: [
        { criterionId: "criticism", points: 8, note: "Phê bình thẳng thắn" },
        { criterionId: "results", points: 9, note: "Hoàn thành nghị quyết tháng trước" },
      ],
    });
    expect(scored.statusCode, scored.body).toBe(200);
    expect(scored.json()).toMatchObject({ sheetKey: "meeting-score-42hd-2025", max: 100 });
    expect(["good", "fair", "average", "poor"]).toContain(scored.json().rating);
    expect(scored.json().facts.present).toBe(11);

    // Two devices edit the same draft: the second, stale one gets a clear 409.
    const v = closed.version;
    const edited = await put(`/api/meetings/${id}`, { version: v, conclusion: "Kết luận đã sửa" });
    expect(edited.statusCode).toBe(200);
    // Saving one field leaves the others as they were.
    expect(edited.json()).toMatchObject({
      content: "Nội dung",
      dues: "Đã thu đủ",
      conclusion: "Kết luận đã sửa",
      agenda: ["Đánh giá tháng trước", "Nhiệm vụ tháng tới"],
    });
    const stale = await put(`/api/meetings/${id}`, { version: v, conclusion: "Ghi đè" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("stale_version");

    // Only the chair and the minute-taker approve.
    const office = await s.signIn("vanphong");
    expect((await post(`/api/meetings/${id}/approve`, { version: (await get(id)).version }, office)).statusCode).toBe(
      403,
    );
    expect((await post(`/api/meetings/${id}/approve`, { version: (await get(id)).version })).json().status).toBe(
      "closed",
    );
    const taker2 = await s.signIn("phobithu.llcs");
    const approved = await post(`/api/meetings/${id}/approve`, { version: (await get(id)).version }, taker2);
    expect(approved.json().status).toBe("approved");

    // Locked: no route changes approved minutes; a correction is an amendment.
    const version = (await get(id)).version;
    expect((await put(`/api/meetings/${id}`, { version, conclusion: "Sửa sau" })).statusCode).toBe(409);
    expect((await put(`/api/meetings/${id}/attendance/${chair}`, { status: "late" })).statusCode).toBe(409);
    expect((await post(`/api/meetings/${id}/contributions`, { memberId: chair, text: "Thêm" })).statusCode).toBe(409);
    expect(
      (await post(`/api/meetings/${id}/tasks`, { what: "x", responsibleMemberId: chair, deadline: inDays(30) }))
        .statusCode,
    ).toBe(409);
    expect((await post(`/api/meetings/${id}/steps/live/vote`, {})).statusCode).toBe(409);
    expect((await post(`/api/meetings/${id}/transition`, { to: "cancelled", version, reason: "x" })).statusCode).toBe(
      409,
    );
    const contributionId = (await get(id)).contributions[0].id;
    expect(
      (await put(`/api/meetings/${id}/contributions/${contributionId}`, { text: "x", version: 1 })).statusCode,
    ).toBe(409);
    expect(
      (await post(`/api/meetings/${id}/amendments`, { text: "Đính chính: đồng chí Bảo đến lúc 14 giờ 05." }))
        .statusCode,
    ).toBe(201);

    const minutes = (await s.request(secretary, { method: "GET", url: `/api/meetings/${id}/minutes` })).json();
    expect(minutes).toMatchObject({
      status: "approved",
      chair: "Nguyễn Thị Thu Hà",
      minuteTaker: "Trần Quốc Bảo",
      attendance: { total: 12, present: 11 },
    });
    expect(minutes.attendance.absentWithReason[0].reason).toBe("Đi công tác");
    expect(minutes.vote).toMatchObject({
      inFavour: 10,
      other: 1,
      eligible: 11,
      passed: true,
      rule: "quá nửa số đảng viên có mặt tán thành",
    });
    expect(minutes.amendments).toHaveLength(1);
    expect(minutes.quality).toMatch(/^(Tốt|Khá|Trung bình|Kém) \(\d+(\.\d+)? điểm\)$/);

    // Every write left a trace.
    const [events] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'meeting' AND entity_id = ${id}`,
    );
    expect(events!.n).toBeGreaterThan(20);

    // The member's own attendance record.
    const mine = (
      await s.request(await s.signIn("phobithu.llcs"), { method: "GET", url: `/api/members/${taker}/attendance` })
    ).json();
    expect(mine.items[0]).toMatchObject({ meetingId: id, status: "present" });
  });

  it("the committee step does not apply to a cell without a chi ủy", async () => {
    const xddSecretary = await s.signIn("bithu.xdd");
    const m = await create({}, xddSecretary, await s.orgId("CB-XDD"));
    const res = await post(`/api/meetings/${m.id}/steps/prep/committee_meeting`, {}, xddSecretary);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("step_not_applicable");
    expect((await get(m.id, xddSecretary)).rules.preparation.map((x: { id: string }) => x.id)).not.toContain(
      "committee_meeting",
    );
  });
});

describe("thematic meetings", () => {
  it("runs the five steps in order; step 3 cannot be skipped where a chi ủy exists", async () => {
    const m = await create({ kind: "thematic", title: "Nâng cao chất lượng giảng dạy" });
    expect((await post(`/api/meetings/${m.id}/steps/thematic/draft`, {})).json().code).toBe("step_out_of_order");
    await put(`/api/meetings/${m.id}`, {
      version: m.version,
      thematic: { criteria: ["important_task", "systemic_weakness"], topic: "Chất lượng giảng dạy" },
    });
    expect((await post(`/api/meetings/${m.id}/steps/thematic/topic`, {})).statusCode).toBe(200);
    expect((await post(`/api/meetings/${m.id}/steps/thematic/draft`, {})).statusCode).toBe(200);
    const skip = await post(`/api/meetings/${m.id}/steps/thematic/committee_approval`, {
      skipped: true,
      note: "Không họp",
    });
    expect(skip.statusCode).toBe(422);
    expect(skip.json().code).toBe("step_required");
    const jump = await post(`/api/meetings/${m.id}/steps/thematic/cell_meeting`, {});
    expect(jump.statusCode).toBe(422);
    expect(jump.json().detail).toContain("Chi ủy họp thông qua");
    expect((await post(`/api/meetings/${m.id}/steps/thematic/committee_approval`, {})).statusCode).toBe(200);
    expect((await post(`/api/meetings/${m.id}/steps/thematic/cell_meeting`, {})).statusCode).toBe(200);
    const view = await get(m.id);
    expect(view.thematic.criteria).toEqual(["important_task", "systemic_weakness"]);
  });

  it("a recorded step stands: the same recording again changes nothing, a different one from a stale view is refused", async () => {
    const m = await create();
    const first = await post(`/api/meetings/${m.id}/steps/prep/assign_preparer`, {});
    expect(first.statusCode).toBe(200);
    const again = await post(`/api/meetings/${m.id}/steps/prep/assign_preparer`, {}, await s.signIn("phobithu.llcs"));
    expect(again.statusCode).toBe(200);
    expect(again.json().step.doneAt).toBe(first.json().step.doneAt);
    expect(again.json().step.doneByName).toBe("Nguyễn Thị Thu Hà");
    const skip = await post(`/api/meetings/${m.id}/steps/prep/assign_preparer`, { skipped: true, note: "Không cần" });
    expect(skip.statusCode).toBe(409);
    const view = await get(m.id);
    const steps = view.steps.filter((x: { stepId: string }) => x.stepId === "assign_preparer");
    expect(steps).toEqual([expect.objectContaining({ skipped: false, note: null, doneAt: first.json().step.doneAt })]);
  });

  it("a monthly meeting has no thematic steps", async () => {
    const m = await create();
    expect((await post(`/api/meetings/${m.id}/steps/thematic/topic`, {})).statusCode).toBe(422);
  });
});

describe("invitations by email", () => {
  it("are received by the loopback SMTP server once and only once with two workers draining together, with the .ics", async () => {
    const smtp = await startSmtpSink();
    try {
      await s.database.rows(sql`UPDATE outbox SET sent_at = now() WHERE sent_at IS NULL`);
      await s.database.rows(
        sql`UPDATE members SET email = 'lan@example.vn' WHERE id = ${await s.memberId("Ngô Thị Lan")}`,
      );
      const m = await create({ date: inDays(5) });
      expect((await post(`/api/meetings/${m.id}/steps/prep/notice`, {})).statusCode).toBe(200);
      // Marking the notice again does not invite twice.
      expect((await post(`/api/meetings/${m.id}/steps/prep/notice`, {})).json().invitations).toBe(0);
      const sent = await Promise.all([
        drainOutbox(s.database, smtp.transport()),
        drainOutbox(s.database, smtp.transport()),
      ]);
      expect(sent[0] + sent[1]).toBe(2);
      const toLan = smtp.messages.filter((x) => x.to.includes("lan@example.vn"));
      expect(toLan).toHaveLength(1);
      expect(subjectOf(toLan[0]!.raw)).toContain("Giấy mời");
      const attachment = /filename=cuoc-hop\.ics\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(toLan[0]!.raw)?.[1] ?? "";
      const ics = Buffer.from(attachment.replace(/\s/g, ""), "base64").toString("utf8");
      expect(ics).toContain("BEGIN:VCALENDAR");
      expect(ics).toContain(`meeting-${m.id}@chibo`);
      // The reminder is queued for the day before and not sent yet.
      const [waiting] = await s.database.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND recipient = 'lan@example.vn'`,
      );
      expect(waiting!.n).toBe(1);
      expect(
        await drainOutbox(s.database, smtp.transport(), { now: new Date(Date.parse(`${inDays(5)}T00:00:00Z`)) }),
      ).toBeGreaterThanOrEqual(1);
      expect(smtp.messages.filter((x) => x.to.includes("lan@example.vn"))).toHaveLength(2);
    } finally {
      await smtp.close();
    }
  });
});

describe("the personal calendar feed", () => {
  it("serves the member's meetings at a secret address that can be revoked and re-created", async () => {
    const member = await s.signIn("dangvien.llcs");
    const m = await create({ date: inDays(9), place: "Hội trường B" });
    const first = (await post("/api/calendar-feed", {}, member)).json().path as string;
    const feed = await s.request(null, { method: "GET", url: first });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers["content-type"]).toContain("text/calendar");
    expect(feed.body).toContain(`meeting-${m.id}@chibo`);
    expect(feed.body).toContain("Hội trường B");
    const [stored] = await s.database.rows<{ token_hash: string }>(
      sql`SELECT token_hash FROM calendar_tokens WHERE revoked_at IS NULL AND member_id = ${await s.memberId("Phạm Văn Đức")}`,
    );
    expect(first).not.toContain(stored!.token_hash);
    const second = (await post("/api/calendar-feed", {}, member)).json().path as string;
    expect((await s.request(null, { method: "GET", url: first })).statusCode).toBe(404);
    expect((await s.request(null, { method: "GET", url: second })).statusCode).toBe(200);
    expect((await s.request(member, { method: "DELETE", url: "/api/calendar-feed" })).json().revoked).toBe(1);
    expect((await s.request(null, { method: "GET", url: second })).statusCode).toBe(404);
  });
});

describe("back-filled meetings and the overview", () => {
  it("records a past meeting from paper, and the đảng ủy overview counts it", async () => {
    const date = `${addMonths(todayIso(), -1).slice(0, 8)}05`;
    const m = await create({ date });
    expect(m.enteredLate).toBe(true);
    // Back-filling needs no live session: attendance and the vote are entered after the fact.
    const roster = (await get(m.id)).roster as { id: string }[];
    for (const r of roster) await put(`/api/meetings/${m.id}/attendance/${r.id}`, { status: "present" });
    expect((await transition(m.id, "open")).statusCode).toBe(200);
    expect((await transition(m.id, "closed")).statusCode).toBe(200);
    const vote = await post(`/api/meetings/${m.id}/votes`, {
      subject: "NQ",
      rule: "ordinary",
      mode: "counted",
      inFavour: 12,
      against: 0,
      other: 0,
    });
    expect(vote.statusCode, vote.body).toBe(201);
    const root = await s.orgId("DB-TCT");
    const office = await s.signIn("vanphong");
    const year = Number(date.slice(0, 4));
    const overview = (
      await s.request(office, { method: "GET", url: `/api/organizations/${root}/meeting-overview?year=${year}` })
    ).json();
    const llcs = overview.cells.find((c: { organizationId: string }) => c.organizationId === cell);
    expect(llcs.months[String(Number(date.slice(5, 7)))]).toMatchObject({ meetingId: m.id, ratePercent: 100 });
    const xdd = overview.cells.find(
      (c: { organizationName: string }) => c.organizationName === "Chi bộ Khoa Xây dựng Đảng",
    );
    expect(xdd.needsHelp).toContain("not_held");
    // The chart and the help list cover the whole tree; the cells come a page at a time, in Vietnamese order.
    type Cell = {
      organizationId: string;
      organizationName: string;
      months: Record<string, unknown>;
      needsHelp: string[];
    };
    const all = overview.cells as Cell[];
    expect(overview.total).toBe(all.length);
    expect(all.length).toBeGreaterThan(2);
    expect(all.map((c) => c.organizationName)).toEqual(
      all.map((c) => c.organizationName).sort(new Intl.Collator("vi", { numeric: true }).compare),
    );
    expect(overview.heldByMonth).toEqual(
      Array.from({ length: 12 }, (_, i) => all.filter((c) => c.months[String(i + 1)]).length),
    );
    expect(overview.needsHelp.total).toBe(all.filter((c) => c.needsHelp.length > 0).length);
    expect(overview.needsHelp.items.map((c: Cell) => c.organizationId)).toEqual(
      all.filter((c) => c.needsHelp.length > 0).map((c) => c.organizationId),
    );
    const paged: Cell[] = [];
    for (let offset = 0; offset < overview.total; offset += 2) {
      const page = (
        await s.request(office, {
          method: "GET",
          url: `/api/organizations/${root}/meeting-overview?year=${year}&offset=${offset}&limit=2`,
        })
      ).json();
      expect(page).toMatchObject({ total: overview.total, offset, heldByMonth: overview.heldByMonth });
      paged.push(...page.cells);
    }
    expect(paged).toEqual(all);
  });
});

describe("the demo", () => {
  it("CB-LLCS has approved monthly meetings with attendance and votes, a thematic meeting and one in preparation", async () => {
    const list = (await s.request(secretary, { method: "GET", url: `/api/organizations/${cell}/meetings` })).json();
    const approved = list.items.filter(
      (m: { status: string; kind: string; date: string; enteredLate: boolean }) =>
        m.status === "approved" && m.kind === "monthly" && m.date < todayIso() && !m.enteredLate,
    );
    expect(approved.length).toBeGreaterThanOrEqual(5);
    expect(list.items.some((m: { kind: string }) => m.kind === "thematic")).toBe(true);
    expect(
      list.items.some((m: { status: string; date: string }) => m.status === "planned" && m.date > todayIso()),
    ).toBe(true);
    const minutes = (
      await s.request(secretary, { method: "GET", url: `/api/meetings/${approved[0].id}/minutes` })
    ).json();
    expect(minutes.attendance.total).toBe(12);
    expect(minutes.contributions.length).toBeGreaterThanOrEqual(3);
    expect(minutes.vote.passed).toBe(true);
    expect(minutes.durationMinutes).toBeGreaterThanOrEqual(90);
    expect(minutes.quality).toMatch(/^(Tốt|Khá)/);
  });
});

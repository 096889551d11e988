import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import { todayIso } from "../../core/time.js";

/**
 * The whole review of a year through the API, on the demo đảng bộ: the office back-fills 2024, members self-assess,
 * each cell meets and proposes, the đảng ủy decides under the bands, vetoes and quota, publishes, and re-ranks.
 */
let s: TestServer;
let office: Session;
let secretary: Session;
let member: Session;
const ids = {} as Record<
  "root" | "cell" | "duc" | "recent" | "subject" | "recentSubject" | "cellSubject" | "meeting",
  string
>;
let periodId = "";

const call = (as: Session, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) =>
  s.request(as, { method, url, payload: payload as Record<string, unknown> });

/** Full marks on every criterion of a rubric, then `over` on top. */
function scoresOf(rubric: { criteria: { id: string; max: number }[] }[], over: Record<string, number> = {}) {
  return { ...Object.fromEntries(rubric.flatMap((sec) => sec.criteria.map((c) => [c.id, c.max]))), ...over };
}

async function heldMeeting(cellId: string): Promise<string> {
  const created = await call(office, "POST", `/api/organizations/${cellId}/meetings`, {
    kind: "monthly",
    date: "2024-12-18",
    startTime: "14:00",
    place: "Hội trường",
  });
  const id = created.json().id as string;
  const open = await call(office, "POST", `/api/meetings/${id}/transition`, { to: "open", version: 1 });
  expect(open.statusCode).toBe(200);
  return id;
}

async function subjectsOf(cellId: string) {
  const res = await call(office, "GET", `/api/evaluation-periods/${periodId}/cells/${cellId}`);
  expect(res.statusCode).toBe(200);
  return res.json().subjects as {
    id: string;
    kind: string;
    memberId: string | null;
    name: string;
    excluded: boolean;
    exclusionReason: string | null;
    form: string;
  }[];
}

beforeAll(async () => {
  s = await createTestServer();
  office = await s.signIn("vanphong");
  secretary = await s.signIn("bithu.llcs");
  member = await s.signIn("dangvien.llcs");
  ids.root = await s.orgId("DB-TCT");
  ids.cell = await s.orgId("CB-LLCS");
  ids.duc = await s.memberId("Phạm Văn Đức");
  const recent = await call(office, "POST", "/api/members", {
    organizationId: ids.cell,
    fullName: "Trương Thị Mới",
    status: "probationary",
    admissionDate: "2024-08-31",
  });
  expect(recent.statusCode).toBe(201);
  ids.recent = recent.json().id;
}, 120_000);
afterAll(() => s.close());

describe("the demo", () => {
  it("has last year's review published and this year's in progress, nothing decided", async () => {
    const year = Number(todayIso().slice(0, 4));
    const periods = (await call(office, "GET", `/api/organizations/${ids.root}/evaluation-periods`)).json().items;
    const done = periods.find((p: { year: number }) => p.year === year - 1);
    const current = periods.find((p: { year: number }) => p.year === year);
    expect(done).toMatchObject({ state: "closed" });
    expect(done.publishedAt).not.toBeNull();
    expect(current).toMatchObject({ state: "open", publishedAt: null });
    const list = (await call(office, "GET", `/api/evaluation-periods/${done.id}/decisions`)).json();
    // Five cells: one rated hoàn thành, and 20% of the four others rounds down to no xuất sắc.
    expect(list.totals.cell).toMatchObject({ excellent: 0, good: 4, completed: 1 });
    expect(list.totals.member.excellent).toBeGreaterThan(0);
    const quota = (await call(office, "GET", `/api/evaluation-periods/${done.id}`)).json().quota;
    expect(quota.every((g: { ok: boolean }) => g.ok)).toBe(true);
    const view = (await call(office, "GET", `/api/evaluation-periods/${current.id}/cells`)).json();
    expect(view.totals).toMatchObject({ cellsMet: 1, decided: 0 });
    expect(view.totals.selfAssessed).toBeGreaterThan(0);
    const mine = (await call(member, "GET", "/api/me/evaluations")).json().items;
    expect(mine.find((i: { period: { year: number } }) => i.period.year === year)).toMatchObject({ submittedAt: null });
    expect(mine.find((i: { period: { year: number } }) => i.period.year === year - 1).level).not.toBeNull();
  });
});

describe("the year-end review, end to end", () => {
  it("only the đảng bộ's office opens a period; a cell secretary cannot", async () => {
    const body = { kind: "year", year: 2024, startsOn: "2024-01-01", endsOn: "2024-12-31" };
    expect((await call(secretary, "POST", `/api/organizations/${ids.root}/evaluation-periods`, body)).statusCode).toBe(
      404,
    );
    expect((await call(office, "POST", `/api/organizations/${ids.cell}/evaluation-periods`, body)).json().code).toBe(
      "period_org_kind",
    );
    const res = await call(office, "POST", `/api/organizations/${ids.root}/evaluation-periods`, body);
    expect(res.statusCode, res.body).toBe(201);
    periodId = res.json().id;
    // A back-filled year is judged by the rules then in force.
    expect(res.json().rulebookKey).toBe("evaluation-124-2023");
    expect(res.json().deadlines).toEqual([
      { key: "self_assessment", due: "2024-12-24" },
      { key: "report_draft", due: "2024-12-26" },
      { key: "cell_meeting", due: "2024-12-31" },
      { key: "dossier", due: "2025-02-01" },
    ]);
    expect((await call(office, "POST", `/api/organizations/${ids.root}/evaluation-periods`, body)).statusCode).toBe(
      409,
    );
  });

  it("lists each member with the form of their post, and the recently admitted member as excluded", async () => {
    const subjects = await subjectsOf(ids.cell);
    expect(subjects.find((x) => x.kind === "cell")).toMatchObject({ form: "01" });
    expect(subjects.find((x) => x.memberId === ids.duc)).toMatchObject({ form: "2B", excluded: false });
    expect(subjects.find((x) => x.name === "Nguyễn Thị Thu Hà")).toMatchObject({ form: "2A" });
    expect(subjects.find((x) => x.memberId === ids.recent)).toMatchObject({
      excluded: true,
      exclusionReason: "admitted_recently",
    });
    ids.subject = subjects.find((x) => x.memberId === ids.duc)!.id;
    ids.recentSubject = subjects.find((x) => x.memberId === ids.recent)!.id;
    ids.cellSubject = subjects.find((x) => x.kind === "cell")!.id;
  });

  it("a member self-assesses on the pre-filled form; a score out of range is refused naming the field", async () => {
    expect((await call(secretary, "GET", `/api/evaluation-subjects/${ids.subject}/form`)).statusCode).toBe(403);
    const form = await call(member, "GET", `/api/evaluation-subjects/${ids.subject}/form`);
    expect(form.statusCode).toBe(200);
    const { rubric, facts, rubricProductReading } = form.json();
    expect(rubricProductReading).toBe(true);
    expect(facts.tasks.source.module).toBe("tasks");
    expect(facts.attendance.source.module).toBe("meetings");

    const bad = await call(member, "PUT", `/api/evaluation-subjects/${ids.subject}/self-assessment`, {
      scores: scoresOf(rubric, { politics: 9 }),
      proposedLevel: "excellent",
    });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().fields)).toEqual(["scores.politics"]);
    expect(bad.json().fields["scores.politics"]).toContain("từ 0 đến 8");
    const unchanged = await call(member, "GET", `/api/evaluation-subjects/${ids.subject}`);
    expect(unchanged.json().assessment).toBeNull();

    const ok = await call(member, "PUT", `/api/evaluation-subjects/${ids.subject}/self-assessment`, {
      sections: { duties: "Hoàn thành các nhiệm vụ được giao.", shortcomings: "Còn chậm nộp báo cáo." },
      scores: scoresOf(rubric, { assigned_tasks: 32 }),
      proposedLevel: "excellent",
      shortcomingItems: ["Chậm nộp báo cáo"],
      submit: true,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ total: 92, proposedLevel: "excellent", version: 1 });
    expect(ok.json().submittedAt).not.toBeNull();
    const stale = await call(member, "PUT", `/api/evaluation-subjects/${ids.subject}/self-assessment`, {
      scores: scoresOf(rubric),
      proposedLevel: "excellent",
    });
    expect(stale.statusCode).toBe(409);
  });

  it("another member reads neither the form nor the scores", async () => {
    const other = (await subjectsOf(ids.cell)).find((x) => x.name === "Hoàng Thị Mai")!;
    expect((await call(member, "GET", `/api/evaluation-subjects/${other.id}`)).statusCode).toBe(403);
    expect((await call(member, "GET", `/api/evaluation-subjects/${other.id}/form`)).statusCode).toBe(403);
    expect(
      (await call(await s.signIn("dangvien.xdd"), "GET", `/api/evaluation-subjects/${ids.subject}`)).statusCode,
    ).toBe(404);
  });

  it("the cell meets: comments are recorded, levels proposed; an excluded member cannot be proposed", async () => {
    ids.meeting = await heldMeeting(ids.cell);
    const comment = await call(secretary, "POST", `/api/evaluation-subjects/${ids.subject}/comments`, {
      text: "Đồng chí cần nộp báo cáo đúng hạn hơn.",
      authorName: "Trần Quốc Bảo",
      meetingId: ids.meeting,
    });
    expect(comment.statusCode).toBe(201);
    expect(
      (await call(member, "POST", `/api/evaluation-subjects/${ids.subject}/comments`, { text: "x" })).statusCode,
    ).toBe(403);

    const excluded = await call(secretary, "POST", `/api/evaluation-subjects/${ids.recentSubject}/proposal`, {
      level: "good",
      meetingId: ids.meeting,
    });
    expect(excluded.statusCode).toBe(422);
    expect(Object.keys(excluded.json().fields)).toEqual(["memberId"]);

    const foreign = await heldMeeting(await s.orgId("CB-XDD"));
    const wrongMeeting = await call(secretary, "POST", `/api/evaluation-subjects/${ids.subject}/proposal`, {
      level: "excellent",
      meetingId: foreign,
    });
    expect(wrongMeeting.json().code).toBe("meeting_not_of_cell");

    const proposed = await call(secretary, "POST", `/api/evaluation-subjects/${ids.subject}/proposal`, {
      level: "excellent",
      meetingId: ids.meeting,
      votes: { inFavour: 10, against: 0, other: 1 },
    });
    expect(proposed.statusCode).toBe(200);
    // Three more members without a post proposed tốt: the group has a base of 4.
    const others = (await subjectsOf(ids.cell))
      .filter((x) => x.form === "2B" && !x.excluded && x.id !== ids.subject)
      .slice(0, 3);
    for (const o of others) {
      const r = await call(secretary, "POST", `/api/evaluation-subjects/${o.id}/proposal`, {
        level: "good",
        meetingId: ids.meeting,
      });
      expect(r.statusCode).toBe(200);
    }
  });

  it("the đảng ủy decides: a level above the band is refused, the quota needs the raised share and its reason", async () => {
    const url = `/api/evaluation-subjects/${ids.subject}/decision`;
    expect((await call(secretary, "POST", url, { level: "good", decidedOn: "2024-12-28" })).statusCode).toBe(404);
    expect(
      (await call(await s.signIn("ubkt"), "POST", url, { level: "good", decidedOn: "2024-12-28" })).statusCode,
    ).toBe(403);

    const aboveBand = await call(office, "POST", url, { level: "excellent", score: 85, decidedOn: "2024-12-28" });
    expect(aboveBand.statusCode).toBe(422);
    expect(aboveBand.json().code).toBe("level_contradicts_facts");
    expect(aboveBand.json().fields.level).toContain("Hoàn thành tốt nhiệm vụ");

    const overQuota = await call(office, "POST", url, { level: "excellent", decidedOn: "2024-12-28" });
    expect(overQuota.statusCode).toBe(422);
    expect(overQuota.json().code).toBe("quota_exceeded");
    expect(overQuota.json().fields.level).toContain("25%");

    const raised = await call(office, "POST", url, {
      level: "excellent",
      decidedOn: "2024-12-28",
      quotaRaisedReason: "Khoa đạt giải nhất hội thi giảng viên dạy giỏi cấp tỉnh.",
    });
    expect(raised.statusCode).toBe(200);
    expect(raised.json()).toMatchObject({ level: "excellent", score: 92 });

    const quota = (await call(office, "GET", `/api/evaluation-periods/${periodId}`)).json().quota;
    expect(quota.find((g: { group: string }) => g.group === "member:2B")).toMatchObject({
      excellent: 1,
      allowed: 1,
      sharePercent: 25,
      ok: true,
    });
  });

  it("a committee veto caps the level and needs its reason", async () => {
    const leader = (await subjectsOf(ids.cell)).find((x) => x.name === "Trần Quốc Bảo")!;
    // "completed": what the publishing step below would propose for this member anyway.
    const proposed = await call(secretary, "POST", `/api/evaluation-subjects/${leader.id}/proposal`, {
      level: "completed",
      meetingId: ids.meeting,
    });
    expect(proposed.statusCode).toBe(200);
    const url = `/api/evaluation-subjects/${leader.id}/decision`;
    const veto = { kind: "other", reason: "Kết luận kiểm tra của UBKT số 05-KL/UBKT." };
    const refused = await call(office, "POST", url, { level: "good", score: 80, decidedOn: "2024-12-28", veto });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().fields.level).toContain("Không hoàn thành nhiệm vụ");
    const ok = await call(office, "POST", url, { level: "not_completed", score: 80, decidedOn: "2024-12-28", veto });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().veto).toEqual(veto);
  });

  it("before publishing, the member sees their comments but not the decision", async () => {
    const own = await call(member, "GET", `/api/evaluation-subjects/${ids.subject}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().comments.map((c: { text: string }) => c.text)).toEqual([
      "Đồng chí cần nộp báo cáo đúng hạn hơn.",
    ]);
    expect(own.json().decision).toBeNull();
    expect(
      (await call(member, "GET", `/api/evaluation-periods/${periodId}/cells/${ids.cell}/results`)).statusCode,
    ).toBe(409);
  });

  it("the December view pages the cells with their progress and quota", async () => {
    const view = await call(office, "GET", `/api/evaluation-periods/${periodId}/cells?page=1`);
    expect(view.statusCode).toBe(200);
    const llcs = view.json().items.find((c: { cellId: string }) => c.cellId === ids.cell);
    // The demo's probationary member, admitted after 2024, is listed as excluded too.
    expect(llcs, JSON.stringify(llcs)).toMatchObject({
      selfAssessed: 1,
      meetingHeld: true,
      proposed: 5,
      decided: 2,
      excluded: 2,
    });
    expect(view.json().totalCells).toBe(5);
    expect(view.json().totals.cellsMet).toBe(1);
    expect((await call(secretary, "GET", `/api/evaluation-periods/${periodId}/cells`)).statusCode).toBe(404);
  });

  it("the đảng bộ-wide totals, kept between reads, move at once when a level is proposed", async () => {
    const read = async () => ({
      totals: (await call(office, "GET", `/api/evaluation-periods/${periodId}/cells`)).json().totals,
      counts: (await call(office, "GET", `/api/evaluation-periods/${periodId}`)).json().counts,
    });
    const before = await read();
    expect(await read()).toEqual(before);
    const leader = (await subjectsOf(ids.cell)).find((x) => x.form === "2A" && !x.excluded)!;
    // "completed": what the publishing step below would propose for this member anyway.
    const proposed = await call(secretary, "POST", `/api/evaluation-subjects/${leader.id}/proposal`, {
      level: "completed",
      meetingId: ids.meeting,
    });
    expect(proposed.statusCode).toBe(200);
    const after = await read();
    expect(after.totals.proposed).toBe(before.totals.proposed + 1);
    expect(after.counts.proposed).toBe(before.counts.proposed + 1);
  });

  it("publishing needs every subject decided, then notifies each member", async () => {
    const early = await call(office, "POST", `/api/evaluation-periods/${periodId}/publish`, { version: 1 });
    expect(early.json().code).toBe("undecided_subjects");
    const cells = await s.database.rows<{ id: string }>(
      sql`SELECT id FROM organizations WHERE kind = 'cell' AND code LIKE 'CB-%'`,
    );
    for (const cell of cells) {
      const meeting = cell.id === ids.cell ? ids.meeting : await heldMeeting(cell.id);
      for (const sub of (await subjectsOf(cell.id)).filter((x) => !x.excluded)) {
        const detail = (await call(office, "GET", `/api/evaluation-subjects/${sub.id}`)).json();
        if (detail.decision) continue;
        if (!detail.proposal) {
          const p = await call(office, "POST", `/api/evaluation-subjects/${sub.id}/proposal`, {
            level: "completed",
            meetingId: meeting,
          });
          expect(p.statusCode).toBe(200);
        }
        const level = detail.proposal?.level ?? "completed";
        const d = await call(office, "POST", `/api/evaluation-subjects/${sub.id}/decision`, {
          level,
          score: level === "good" ? 80 : 60,
          decidedOn: "2024-12-29",
        });
        expect(d.statusCode, d.body).toBe(200);
      }
    }
    const published = await call(office, "POST", `/api/evaluation-periods/${periodId}/publish`, { version: 1 });
    expect(published.statusCode).toBe(200);
    expect(published.json().publishedAt).not.toBeNull();

    const own = await call(member, "GET", `/api/evaluation-subjects/${ids.subject}`);
    expect(own.json().decision.level).toBe("excellent");
    const mine = await call(member, "GET", "/api/me/evaluations");
    expect(mine.json().items.find((i: { subjectId: string }) => i.subjectId === ids.subject)).toMatchObject({
      level: "excellent",
    });
    const results = await call(member, "GET", `/api/evaluation-periods/${periodId}/cells/${ids.cell}/results`);
    expect(results.statusCode).toBe(200);
    expect(
      results
        .json()
        .items.some((i: { name: string; level: string }) => i.name === "Phạm Văn Đức" && i.level === "excellent"),
    ).toBe(true);
    expect(JSON.stringify(results.json())).not.toContain("score");
    const notices = await call(member, "GET", "/api/notices");
    const resultNotice = notices
      .json()
      .items.find((n: { subject: string }) => n.subject === "Kết quả xếp loại đảng viên năm 2024");
    // The notice opens a page that exists: the home, where the member's level is shown.
    expect(resultNotice?.link).toBe("/");
  });

  it("after the period closes, a self-assessment is refused", async () => {
    const version = (await call(office, "GET", `/api/evaluation-periods/${periodId}`)).json().version;
    expect((await call(office, "POST", `/api/evaluation-periods/${periodId}/close`, { version })).statusCode).toBe(200);
    const late = await call(member, "PUT", `/api/evaluation-subjects/${ids.subject}/self-assessment`, {
      scores: {},
      proposedLevel: "good",
      version: 1,
    });
    expect(late.statusCode).toBe(422);
    expect(late.json().code).toBe("period_closed");
    expect(Object.keys(late.json().fields)).toEqual(["period"]);
  });

  it("a later finding re-ranks (Mẫu 03): the change is kept with its reason and audited", async () => {
    const before = (await call(office, "GET", `/api/evaluation-subjects/${ids.subject}`)).json().decision;
    const res = await call(office, "POST", `/api/evaluation-subjects/${ids.subject}/re-rank`, {
      level: "good",
      reason: "Phát hiện kê khai chưa đúng kết quả đề tài.",
      decidedOn: "2025-01-15",
      version: before.version,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().reRankings).toEqual([
      expect.objectContaining({ from: "excellent", to: "good", reason: "Phát hiện kê khai chưa đúng kết quả đề tài." }),
    ]);
    const [event] = await s.database.rows<{ action: string }>(
      sql`SELECT action FROM audit_events WHERE entity_type = 'evaluation_decision' AND action = 're_rank'`,
    );
    expect(event?.action).toBe("re_rank");
    // The member is told, with a link to their own review, where the new level shows.
    const notices = (await call(member, "GET", "/api/notices")).json().items as { subject: string; link: string }[];
    expect(notices.find((n) => n.subject === "Xếp loại lại kết quả năm 2024")?.link).toBe(`/danh-gia/${ids.subject}`);
  });

  it("the decision list and the member's history read the decided levels", async () => {
    const list = await call(office, "GET", `/api/evaluation-periods/${periodId}/decisions`);
    expect(list.statusCode).toBe(200);
    expect(list.json().totals.member).toMatchObject({ excellent: 0, good: 4, not_completed: 1 });
    expect(list.json().entries.filter((e: { subjectKind: string }) => e.subjectKind === "cell")).toHaveLength(5);
    expect((await call(member, "GET", `/api/evaluation-periods/${periodId}/decisions`)).statusCode).toBe(404);

    const history = await call(member, "GET", `/api/members/${ids.duc}/evaluations`);
    expect(history.statusCode).toBe(200);
    expect(history.json().years.find((y: { year: number }) => y.year === 2024)).toMatchObject({ level: "good" });
  });
});

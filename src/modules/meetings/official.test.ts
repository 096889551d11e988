import { settleIssuedFiles } from "../documents/issued-files.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import { inTransaction } from "../../core/db/index.js";
import { todayIso } from "../../core/time.js";
import type { Actor } from "../../core/access/index.js";
import { afterMinutesApproved } from "./official.js";
import { getMeeting } from "./store.js";

/** Meetings joined to documents, resolutions and tasks: minutes as BB, the meeting's resolution and NQ, tasks handed over once. */

let s: TestServer;
let secretary: Session;
let cell: string;
const today = todayIso();
const vn = (iso: string) => iso.split("-").reverse().join("/");
const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function pdftotext(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "chibo-int-"));
  writeFileSync(path.join(dir, "d.pdf"), pdf);
  return execFileSync("pdftotext", [path.join(dir, "d.pdf"), "-"])
    .toString("utf8")
    .replace(/\s+/g, " ");
}
const docxText = (docx: Buffer) =>
  strFromU8(unzipSync(new Uint8Array(docx))["word/document.xml"]!).replace(/<[^>]+>/g, "");

const get = async (url: string, as = secretary) => s.request(as, { method: "GET", url });
const post = (url: string, payload: unknown, as = secretary) =>
  s.request(as, { method: "POST", url, payload: payload as object });
const put = (url: string, payload: unknown, as = secretary) =>
  s.request(as, { method: "PUT", url, payload: payload as object });
const meeting = async (id: string) => (await get(`/api/meetings/${id}`)).json();

beforeAll(async () => {
  s = await createTestServer();
  secretary = await s.signIn("bithu.llcs");
  cell = await s.orgId("CB-LLCS");
});
afterAll(() => s.close());

/** A monthly meeting held today: 11 of 12 present, one task, the resolution voted 10/11; closed, not yet approved. */
async function heldMeeting(opts: { kind?: string; passed?: boolean } = {}) {
  const res = await post(`/api/organizations/${cell}/meetings`, {
    kind: opts.kind ?? "monthly",
    date: today,
    startTime: "14:00",
    place: "Phòng họp Khoa",
    title:
      opts.kind === "thematic" ? "Chuyên đề: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" : undefined,
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const taker = await s.memberId("Trần Quốc Bảo");
  expect(
    (await post(`/api/meetings/${id}/transition`, { to: "open", version: (await meeting(id)).version })).statusCode,
  ).toBe(200);
  await put(`/api/meetings/${id}`, {
    version: (await meeting(id)).version,
    minuteTakerMemberId: taker,
    agenda: ["Đánh giá tháng trước", "Nhiệm vụ tháng tới"],
    content: "Chi bộ hoàn thành các nhiệm vụ tháng trước.",
    conclusion: "Chi bộ thống nhất các nhiệm vụ tháng tới.",
    dues: "Đã thu đủ",
    draftResolution: "Tập trung hoàn thành kế hoạch năm học.",
  });
  const roster = (await meeting(id)).roster as { id: string }[];
  for (const [i, r] of roster.entries()) {
    const last = i === roster.length - 1;
    expect(
      (
        await put(`/api/meetings/${id}/attendance/${r.id}`, {
          status: last ? "absent_with_reason" : "present",
          reason: last ? "Đi công tác" : null,
        })
      ).statusCode,
    ).toBe(200);
  }
  expect(
    (
      await post(`/api/meetings/${id}/tasks`, {
        what: "Hoàn thiện đề cương bài giảng",
        responsibleMemberId: taker,
        deadline: inDays(20),
      })
    ).statusCode,
  ).toBe(201);
  const passed = opts.passed ?? true;
  const vote = await post(`/api/meetings/${id}/votes`, {
    subject: "Nghị quyết tháng",
    rule: "ordinary",
    mode: "counted",
    inFavour: passed ? 10 : 3,
    against: passed ? 0 : 8,
    other: passed ? 1 : 0,
  });
  expect(vote.statusCode, vote.body).toBe(201);
  expect(
    (await post(`/api/meetings/${id}/transition`, { to: "closed", version: (await meeting(id)).version })).statusCode,
  ).toBe(200);
  return id;
}

async function approve(id: string) {
  expect((await post(`/api/meetings/${id}/approve`, { version: (await meeting(id)).version })).statusCode).toBe(200);
  const res = await post(
    `/api/meetings/${id}/approve`,
    { version: (await meeting(id)).version },
    await s.signIn("phobithu.llcs"),
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe("the minutes as an official document", () => {
  it("downloads as a draft before approval, as the approved record after, and issues once as Số NN-BB/CB", async () => {
    const id = await heldMeeting();
    const draftPdf = await get(`/api/meetings/${id}/minutes/file/pdf`);
    expect(draftPdf.statusCode).toBe(200);
    expect(draftPdf.headers["content-type"]).toBe("application/pdf");
    const draftText = pdftotext(draftPdf.rawPayload);
    expect(draftText).toContain("DỰ THẢO");
    expect(draftText).toContain("ĐẢNG CỘNG SẢN VIỆT NAM");
    expect(draftText).toContain("BIÊN BẢN");

    // Not yet approved: nothing to issue.
    const early = await post(`/api/meetings/${id}/minutes/issue`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("minutes_issue_not_approved");

    const approved = await approve(id);
    expect(approved.status).toBe("approved");
    const pdf = pdftotext((await get(`/api/meetings/${id}/minutes/file/pdf`)).rawPayload);
    expect(pdf).not.toContain("DỰ THẢO");
    expect(pdf).toMatch(/có mặt:? 11/u);
    expect(pdf).toContain("10/11");
    const docx = await get(`/api/meetings/${id}/minutes/file/docx`);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const xml = docxText(docx.rawPayload);
    expect(xml).toMatch(/có mặt:? 11/u);
    expect(xml).toContain("10/11");

    // A member may read the minutes but not issue them.
    const member = await s.signIn("dangvien.llcs");
    expect((await get(`/api/meetings/${id}/minutes/file/pdf`, member)).statusCode).toBe(200);
    expect((await post(`/api/meetings/${id}/minutes/issue`, {}, member)).statusCode).toBe(403);

    const issued = await post(`/api/meetings/${id}/minutes/issue`, {});
    expect(issued.statusCode, issued.body).toBe(201);
    const doc = issued.json();
    expect(doc.numberText).toMatch(/^Số \d{2}-BB\/CB$/u);
    expect(doc.status).toBe("issued");
    expect(doc.origin).toBe("minutes");
    expect(doc.originRef).toBe(id);
    const view = await meeting(id);
    expect(view.official.minutesDocument).toMatchObject({ id: doc.id, numberText: doc.numberText });
    // The download now is the stored, hashed file.
    const stored = await get(`/api/meetings/${id}/minutes/file/pdf`);
    const { createHash } = await import("node:crypto");
    await settleIssuedFiles();
    const hashed = (await get(`/api/documents/${doc.id}`)).json();
    expect(hashed.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash("sha256").update(stored.rawPayload).digest("hex")).toBe(hashed.pdfSha256);

    // One per meeting…
    const again = await post(`/api/meetings/${id}/minutes/issue`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("minutes_already_issued");
    // …unless an amendment was recorded since: the new one supersedes the old.
    expect((await post(`/api/meetings/${id}/amendments`, { text: "Đính chính thời hạn nhiệm vụ." })).statusCode).toBe(
      201,
    );
    const reissued = await post(`/api/meetings/${id}/minutes/issue`, {});
    expect(reissued.statusCode, reissued.body).toBe(201);
    expect(reissued.json().replacesId).toBe(doc.id);
    expect((await get(`/api/documents/${doc.id}`)).json().status).toBe("superseded");
    const events = await s.database.rows<{ action: string }>(
      sql`SELECT action FROM audit_events WHERE entity_id = ${id} AND action = 'minutes.issue'`,
    );
    expect(events).toHaveLength(2);
  });

  it("refuses minutes of a meeting that was not held", async () => {
    const res = await post(`/api/organizations/${cell}/meetings`, {
      kind: "monthly",
      date: inDays(40),
      startTime: "14:00",
      place: "Phòng họp",
    });
    const file = await get(`/api/meetings/${res.json().id}/minutes/file/pdf`);
    expect(file.statusCode).toBe(409);
    expect(file.json().code).toBe("meeting_not_held");
  });
});

describe("approving the minutes hands over tasks and the resolution", () => {
  it("creates the tracked tasks exactly once and the resolution adopted by the meeting's vote; issuing it cites the meeting's date", async () => {
    const id = await heldMeeting();
    const approved = await approve(id);
    expect(approved.handedOver.tasksCreated).toBe(1);
    const taskRows = await s.database.rows<{ id: string; title: string; source_id: string; due_on: string }>(
      sql`SELECT t.id, t.title, t.source_id, t.due_on::text FROM tasks t JOIN meeting_tasks mt ON mt.id = t.source_id WHERE t.source_kind = 'meeting' AND mt.meeting_id = ${id}`,
    );
    expect(taskRows).toHaveLength(1);
    expect(taskRows[0]!.title).toBe("Hoàn thiện đề cương bài giảng");
    expect(taskRows[0]!.due_on).toBe(inDays(20));
    // The member sees it in "Việc của tôi".
    const mine = (await get("/api/me/tasks", await s.signIn("phobithu.llcs"))).json().items as { id: string }[];
    expect(mine.map((t) => t.id)).toContain(taskRows[0]!.id);

    // Running the hand-over again creates nothing more (idempotent).
    const [u] = await s.database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'bithu.llcs'`);
    const actor = {
      userId: u!.id,
      username: "bithu.llcs",
      displayName: "x",
      memberId: null,
      isAdmin: false,
      locale: "vi",
      mustChangePassword: false,
      scopes: [],
      sessionId: "",
      csrfToken: "",
    } as unknown as Actor;
    const second = await inTransaction(s.database, async (tx) =>
      afterMinutesApproved(tx, actor, (await getMeeting(tx, id))!),
    );
    expect(second.tasksCreated).toBe(0);
    expect(second.resolutionId).toBe(approved.handedOver.resolutionId);
    const count = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM tasks t JOIN meeting_tasks mt ON mt.id = t.source_id WHERE mt.meeting_id = ${id}`,
    );
    expect(count[0]!.n).toBe(1);

    // The resolution: monthly, adopted on the meeting's date by this meeting, with the task as a focal task.
    const rid = approved.handedOver.resolutionId as string;
    const resolution = (await get(`/api/resolutions/${rid}`)).json();
    expect(resolution).toMatchObject({ kind: "monthly", state: "adopted", meetingId: id, adoptedOn: today });
    expect(resolution.tasks.map((t: { title: string }) => t.title)).toEqual(["Hoàn thiện đề cương bài giảng"]);
    expect(resolution.history.map((h: { action: string }) => h.action)).toContain("transition:draft->adopted");
    expect((await meeting(id)).official.resolution).toMatchObject({ id: rid, state: "adopted" });

    // "Ban hành nghị quyết": the NQ through the documents module, the workflow's adopted → issued.
    const stale = await post(`/api/resolutions/${rid}/issue`, { version: resolution.version + 5 });
    expect(stale.statusCode).toBe(409);
    const issued = await post(`/api/resolutions/${rid}/issue`, { version: resolution.version });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().state).toBe("issued");
    expect(issued.json().document.numberText).toMatch(/^Số \d{2}-NQ\/CB$/u);
    expect(issued.json().number).toBe(issued.json().document.numberText.replace("Số ", ""));
    const pdf = await get(`/api/documents/${issued.json().document.id}/file/pdf`);
    const text = pdftotext(pdf.rawPayload);
    expect(text).toContain(`ngày ${vn(today)},`);
    expect(text).toContain("Căn cứ kết quả sinh hoạt chi bộ");
    expect(text).toContain("Hoàn thiện đề cương bài giảng");
    const after = (await get(`/api/resolutions/${rid}`)).json();
    expect(after.history.map((h: { action: string }) => h.action)).toContain("transition:adopted->issued");
    expect(after.documentId).toBe(issued.json().document.id);
    // Issued once: the workflow refuses issued → issued.
    const twice = await post(`/api/resolutions/${rid}/issue`, { version: after.version });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().code).toBe("transition_forbidden");
  });

  it("a vote that failed yields no resolution; the tasks are still handed over", async () => {
    const id = await heldMeeting({ passed: false });
    const approved = await approve(id);
    expect(approved.handedOver).toEqual({ tasksCreated: 1, resolutionId: null });
    const rows = await s.database.rows(sql`SELECT id FROM resolutions WHERE meeting_id = ${id}`);
    expect(rows).toHaveLength(0);
  });

  it("a draft resolution cannot be issued (the workflow goes through adoption)", async () => {
    const created = await post(`/api/organizations/${cell}/resolutions`, { kind: "monthly", title: "Nghị quyết thử" });
    expect(created.statusCode).toBe(201);
    const res = await post(`/api/resolutions/${created.json().id}/issue`, { version: created.json().version });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("transition_forbidden");
    const docs = await s.database.rows(
      sql`SELECT id FROM documents WHERE origin = 'resolution' AND origin_ref = ${created.json().id}`,
    );
    expect(docs).toHaveLength(0);
  });
});

describe("programmes, plans and reviews issued through the register", () => {
  it("a programme is issued as CTr with its items in a table; the plan links to it; issued once", async () => {
    const plan = await post(`/api/organizations/${cell}/plans`, {
      kind: "programme",
      title: "Chương trình hành động thực hiện Nghị quyết Đại hội Chi bộ",
      startsOn: today,
      endsOn: inDays(700),
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const pid = plan.json().id;
    expect(
      (
        await post(`/api/plans/${pid}/items`, {
          what: "Quán triệt nghị quyết đến toàn thể đảng viên",
          how: "Hội nghị chi bộ",
          dueOn: inDays(30),
          responsibleMemberId: await s.memberId("Nguyễn Thị Thu Hà"),
          checking: "Chi ủy",
        })
      ).statusCode,
    ).toBe(201);
    const version = (await get(`/api/plans/${pid}`)).json().version;
    const issued = await post(`/api/plans/${pid}/issue`, { issuedOn: today, version });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json()).toMatchObject({ state: "issued", issuedOn: today });
    expect(issued.json().document.numberText).toMatch(/^Số \d{2}-CTr\/CB$/u);
    expect(issued.json().documentId).toBe(issued.json().document.id);
    const text = pdftotext((await get(`/api/documents/${issued.json().document.id}/file/pdf`)).rawPayload);
    expect(text).toContain("CHƯƠNG TRÌNH");
    // Table cells wrap in the narrow columns: the item's opening words and its owner are there.
    expect(text).toContain("Quán triệt");
    expect(text).toMatch(/Nguyễn Thị\s+Thu Hà/u);
    const again = await post(`/api/plans/${pid}/issue`, { issuedOn: today, version: issued.json().version });
    expect(again.statusCode).toBe(409);
  });

  it("a yearly plan is issued as KH; nothing is written when the document cannot be issued", async () => {
    const plan = await post(`/api/organizations/${cell}/plans`, {
      kind: "yearly",
      title: "Kế hoạch công tác năm",
      startsOn: today,
      endsOn: inDays(300),
    });
    const pid = plan.json().id;
    // A stale version: neither the plan nor a document changes.
    const stale = await post(`/api/plans/${pid}/issue`, { issuedOn: today, version: plan.json().version + 3 });
    expect(stale.statusCode).toBe(409);
    expect(
      await s.database.rows(sql`SELECT id FROM documents WHERE origin = 'plan' AND origin_ref = ${pid}`),
    ).toHaveLength(0);
    const issued = await post(`/api/plans/${pid}/issue`, { issuedOn: today, version: plan.json().version });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().document.numberText).toMatch(/^Số \d{2}-KH\/CB$/u);
  });

  it("a review draft lists the meetings held with their ratings, and is issued as BC linked to the review", async () => {
    const id = await heldMeeting();
    await put(`/api/meetings/${id}/score`, {
      judgements: [
        { criterionId: "criticism", points: 8, note: "Thẳng thắn" },
        { criterionId: "results", points: 9, note: "Tốt" },
      ],
    });
    const monthStart = `${today.slice(0, 7)}-01`;
    const review = await post(`/api/organizations/${cell}/reviews`, {
      kind: "monthly",
      periodStart: monthStart,
      periodEnd: today,
    });
    expect(review.statusCode, review.body).toBe(201);
    const meetingsSection = review
      .json()
      .content.sections.find((x: { heading: string }) => x.heading === "IV. Sinh hoạt chi bộ");
    expect(meetingsSection).toBeDefined();
    expect(meetingsSection.table.rows.map((r: string[]) => r[0])).toContain(vn(today));
    expect(
      meetingsSection.table.rows.filter((r: string[]) => r[0] === vn(today)).map((r: string[]) => r[1]),
    ).toContainEqual(expect.stringMatching(/^(Tốt|Khá|Trung bình|Kém) \(\d+ điểm\)$/u));
    const issued = await post(`/api/reviews/${review.json().id}/issue`, { version: review.json().version });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json()).toMatchObject({ state: "issued" });
    expect(issued.json().document.numberText).toMatch(/^Số \d{2}-BC\/CB$/u);
    const text = pdftotext((await get(`/api/documents/${issued.json().document.id}/file/pdf`)).rawPayload);
    expect(text).toContain("Sinh hoạt chi bộ");
    expect(text).toContain("BÁO CÁO");
    const edit = await put(`/api/reviews/${review.json().id}`, {
      content: review.json().content,
      version: issued.json().version,
    });
    expect(edit.statusCode).toBe(409);
    expect((await post(`/api/reviews/${review.json().id}/issue`, { version: issued.json().version })).statusCode).toBe(
      409,
    );
  });
});

describe("homes, portfolio and personal data", () => {
  it("the cell dashboard (a đảng ủy member's portfolio) gives this month's meeting: held, attendance, rating", async () => {
    const id = await heldMeeting();
    await put(`/api/meetings/${id}/score`, {
      judgements: [
        { criterionId: "criticism", points: 8, note: "Thẳng thắn" },
        { criterionId: "results", points: 9, note: "Tốt" },
      ],
    });
    const overseer = await s.signIn("danguyvien");
    const dash = await get(`/api/organizations/${cell}/dashboard`, overseer);
    expect(dash.statusCode, dash.body).toBe(200);
    // The month's first held meeting (the demo's, or the one just held): held, with its attendance rate.
    expect(dash.json().meeting).toMatchObject({ held: true, meetingId: expect.any(String) });
    expect(dash.json().meeting.date.slice(0, 7)).toBe(today.slice(0, 7));
    expect(dash.json().meeting.ratePercent).toBeGreaterThan(0);
    // A đảng bộ's dashboard has no single meeting line.
    const root = await get(`/api/organizations/${await s.orgId("DB-TCT")}/dashboard`, await s.signIn("vanphong"));
    expect(root.json().meeting).toBeNull();
  });

  it("the member's data export has the tasks and the meetings sections", async () => {
    const member = await s.signIn("phobithu.llcs");
    const data = (await get("/api/auth/me/data", member)).json();
    const sections = data.sections ?? data;
    expect(sections.tasks.tasks.length).toBeGreaterThan(0);
    expect(sections.tasks.tasks[0]).toHaveProperty("dueOn");
    expect(sections.meetings.attendance.length).toBeGreaterThan(0);
  });
});

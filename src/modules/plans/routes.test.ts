import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import { todayIso, addMonths } from "../../core/time.js";
import { addDays } from "../congresses/model.js";
import { minimalPdf } from "../../../test/support/files.js";
import { buildCellAwaitingCongress } from "../../../test/support/factories.js";

let s: TestServer;
let secretary: Session;
let member: Session;
let office: Session;
let cell: string;
const m = {} as Record<"hung" | "huong" | "phuc" | "vinh" | "outsider", string>;
const today = todayIso();

beforeAll(async () => {
  s = await createTestServer();
  // Every demo cell has held its congress: this story needs a cell that has not yet.
  const built = await buildCellAwaitingCongress(s);
  secretary = await s.signIn("bithu.ktc");
  member = await s.signIn("dangvien.ktc");
  office = await s.signIn("vanphong");
  cell = built.cell.id;
  m.hung = built.memberIds.get("Đinh Công Tráng")!;
  m.huong = built.memberIds.get("Phan Thị Thu Trang")!;
  m.phuc = built.memberIds.get("Lý Văn Thắng")!;
  m.vinh = built.memberIds.get("Tạ Quang Dũng")!;
  m.outsider = await s.memberId("Phạm Văn Đức");
});
afterAll(() => s.close());

const post = (as: Session, url: string, payload: unknown) =>
  s.request(as, { method: "POST", url, payload: payload as object });
const put = (as: Session, url: string, payload: unknown) =>
  s.request(as, { method: "PUT", url, payload: payload as object });
const get = (as: Session, url: string) => s.request(as, { method: "GET", url });
const events = async (entityId: string) =>
  (
    await s.database.rows<{ action: string }>(
      sql`SELECT action FROM audit_events WHERE entity_id = ${entityId} ORDER BY id`,
    )
  ).map((r) => r.action);

const ids = {} as Record<
  "congress" | "resolution" | "target1" | "target2" | "programme" | "item2025" | "item2026" | "task" | "lateTask",
  string
>;

describe("from congress to done", () => {
  it("records a congress: links the term that starts that day, seats the elected committee, starts the five-item checklist", async () => {
    const res = await post(secretary, `/api/organizations/${cell}/congresses`, {
      heldOn: "2025-03-20",
      termLabel: "2025–2027",
      termEndsOn: "2027-03-20",
      delegatesTotal: 6,
      delegatesPresent: 6,
      elected: [
        { memberId: m.hung, role: "secretary", votes: 6 },
        { memberId: m.huong, role: "deputy_secretary", votes: 5 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const congress = res.json();
    ids.congress = congress.id;
    expect(congress.checklist.map((i: { itemKey: string }) => i.itemKey)).toEqual([
      "lessons_and_ratification",
      "programme",
      "regulations",
      "draft_consultation",
      "ideological_work",
    ]);
    expect(congress.checklist[1].dueOn).toBe("2025-04-19");
    expect(congress.checklist[2].ownerMemberId).toBe(m.huong);
    const [term] = await s.database.rows<{ label: string }>(
      sql`SELECT t.label FROM terms t WHERE t.id = ${congress.termId}`,
    );
    expect(term!.label).toBe("2025–2027");
    const positions = await s.database.rows<{ role: string; ends_on: string | null; term_id: string | null }>(
      sql`SELECT role, ends_on::text, term_id FROM positions WHERE organization_id = ${cell} AND member_id = ${m.hung} ORDER BY starts_on`,
    );
    // The old secretary seat ends the day before, the new one starts on the congress day in the new term.
    expect(positions.at(-2)!.ends_on).toBe("2025-03-19");
    expect(positions.at(-1)).toMatchObject({ role: "secretary", ends_on: null, term_id: congress.termId });
    expect(await events(congress.id)).toEqual(["create", "checklist"]);
    const list = (await get(member, `/api/organizations/${cell}/congresses`)).json();
    expect(list.items[0].checklist).toHaveLength(5);
  });

  it("refuses a second congress the same day and an election without exactly one secretary", async () => {
    const base = {
      heldOn: "2025-03-20",
      termLabel: "x",
      termEndsOn: "2027-03-20",
      delegatesTotal: 6,
      delegatesPresent: 6,
    };
    const again = await post(secretary, `/api/organizations/${cell}/congresses`, {
      ...base,
      elected: [{ memberId: m.hung, role: "secretary" }],
    });
    expect(again.statusCode).toBe(422);
    expect(Object.keys(again.json().fields)).toEqual(["heldOn"]);
    const none = await post(secretary, `/api/organizations/${cell}/congresses`, {
      ...base,
      heldOn: "2027-03-20",
      termEndsOn: "2029-03-20",
      elected: [{ memberId: m.hung, role: "committee_member" }],
    });
    expect(none.statusCode).toBe(422);
    expect(none.json().fields.elected).toBe("Kết quả bầu cử phải có đúng một bí thư.");
    const outsider = await post(secretary, `/api/organizations/${cell}/congresses`, {
      ...base,
      heldOn: "2027-03-20",
      termEndsOn: "2029-03-20",
      elected: [{ memberId: m.outsider, role: "secretary" }],
    });
    expect(outsider.statusCode).toBe(422);
    expect(Object.keys(outsider.json().fields)).toEqual(["elected.0.memberId"]);
  });

  it("the cell submits, the đảng ủy ratifies — which ticks the checklist's first item; the cell cannot ratify itself", async () => {
    const sub = await post(secretary, `/api/congresses/${ids.congress}/submission`, {
      submittedOn: "2025-03-25",
      submissionNumber: "01-TTr/CB",
      version: 1,
    });
    expect(sub.statusCode, sub.body).toBe(200);
    expect(
      (
        await post(secretary, `/api/congresses/${ids.congress}/ratification`, {
          ratifiedOn: "2025-04-01",
          ratificationNumber: "15-QĐ/ĐU",
          version: 2,
        })
      ).statusCode,
    ).toBe(403);
    const early = await post(office, `/api/congresses/${ids.congress}/ratification`, {
      ratifiedOn: "2025-03-01",
      ratificationNumber: "15-QĐ/ĐU",
      version: 2,
    });
    expect(early.json().fields.ratifiedOn).toBe("Ngày chuẩn y không được trước Ngày đại hội.");
    const ok = await post(office, `/api/congresses/${ids.congress}/ratification`, {
      ratifiedOn: "2025-04-01",
      ratificationNumber: "15-QĐ/ĐU",
      version: 2,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const list = (await get(secretary, `/api/organizations/${cell}/congresses`)).json();
    const first = list.items[0].checklist[0];
    expect(first).toMatchObject({ done: true, doneOn: "2025-04-01", recordKind: "congress", recordId: ids.congress });
  });

  it("a resolution with targets moves along its workflow only; every forbidden move is refused and every move audited", async () => {
    const res = await post(secretary, `/api/organizations/${cell}/resolutions`, {
      kind: "congress",
      title: "Nghị quyết Đại hội Chi bộ Khoa Xây dựng Đảng nhiệm kỳ 2025–2027",
      congressId: ids.congress,
      targets: [
        { name: "Đảng viên hoàn thành tốt nhiệm vụ trở lên", measureUnit: "%", baseline: 80, goal: 100 },
        { name: "Bài báo khoa học", measureUnit: "bài", baseline: 0, goal: 10 },
      ],
      tasks: [{ title: "Nâng cao chất lượng sinh hoạt chi bộ", focal: true, breakthrough: true }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    ids.resolution = r.id;
    ids.target1 = r.targets[0].id;
    ids.target2 = r.targets[1].id;
    expect(r.state).toBe("draft");
    const skip = await post(secretary, `/api/resolutions/${r.id}/transition`, {
      to: "issued",
      on: "2025-03-21",
      version: 1,
    });
    expect(skip.statusCode).toBe(422);
    expect(skip.json().fields.to).toBe('Không thể chuyển nghị quyết từ "Dự thảo" sang "Đã ban hành".');
    const adopted = await post(secretary, `/api/resolutions/${r.id}/transition`, {
      to: "adopted",
      on: "2025-03-21",
      version: 1,
    });
    expect(adopted.statusCode, adopted.body).toBe(200);
    // Issuing is not a bare state change: it goes through the register, which numbers the NQ.
    const bare = await post(secretary, `/api/resolutions/${r.id}/transition`, {
      to: "issued",
      on: "2025-03-21",
      version: adopted.json().version,
    });
    expect(bare.statusCode).toBe(422);
    expect(bare.json().fields.number).toContain("sổ văn bản");
    const paper = await post(secretary, `/api/resolutions/${r.id}/transition`, {
      to: "issued",
      on: "2025-03-21",
      number: "01-NQ/CB",
      version: 999,
    });
    expect(paper.statusCode).toBe(409); // a number makes it a paper record, still under the version check
    const issued = await post(secretary, `/api/resolutions/${r.id}/issue`, {
      issuedOn: "2025-03-21",
      version: adopted.json().version,
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().number).toMatch(/^\d{2}-NQ\//u);
    const implementing = await post(secretary, `/api/resolutions/${r.id}/transition`, {
      to: "in_implementation",
      on: "2025-03-21",
      version: issued.json().version,
    });
    expect(implementing.statusCode, implementing.body).toBe(200);
    const version = implementing.json().version;
    const stale = await post(secretary, `/api/resolutions/${r.id}/transition`, {
      to: "interim_review",
      on: "2025-03-21",
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(await events(r.id)).toEqual([
      "create",
      "transition:draft->adopted",
      "transition:adopted->issued",
      "document.issue",
      "transition:issued->in_implementation",
    ]);
    expect(
      (await post(member, `/api/resolutions/${r.id}/transition`, { to: "concluded", on: "2025-03-21", version }))
        .statusCode,
    ).toBe(403);
    const measured = await post(secretary, `/api/targets/${ids.target1}/measurements`, {
      measuredOn: "2025-12-31",
      value: 90,
    });
    expect(measured.statusCode).toBe(201);
  });

  it("builds a programme with one item per year and a yearly sub-plan; refuses bad dates, no one responsible, a stranger", async () => {
    const prog = await post(secretary, `/api/organizations/${cell}/plans`, {
      kind: "programme",
      title: "Chương trình hành động thực hiện Nghị quyết Đại hội",
      resolutionId: ids.resolution,
      startsOn: "2025-03-20",
      endsOn: "2027-03-20",
    });
    expect(prog.statusCode, prog.body).toBe(201);
    ids.programme = prog.json().id;
    const item = (what: string, dueOn: string, extra: object = {}) =>
      post(secretary, `/api/plans/${ids.programme}/items`, {
        what,
        how: "Sinh hoạt chuyên đề",
        dueOn,
        responsibleMemberId: m.phuc,
        checking: "Chi ủy kiểm tra hằng quý",
        targetIds: [ids.target1],
        ...extra,
      });
    const a = await item("Năm 2025: chuẩn hóa sinh hoạt chi bộ", "2025-12-31");
    const b = await item("Năm 2026: sinh hoạt chuyên đề mỗi quý", "2026-12-31", {
      weight: 3,
      targetIds: [ids.target1, ids.target2],
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(b.statusCode).toBe(201);
    ids.item2025 = a.json().id;
    ids.item2026 = b.json().id;

    const before = await item("Quá sớm", "2025-01-01");
    expect(before.statusCode).toBe(422);
    expect(before.json().fields).toEqual({ dueOn: "Thời hạn không được trước ngày bắt đầu của kế hoạch." });
    const nobody = await post(secretary, `/api/plans/${ids.programme}/items`, {
      what: "Không ai làm",
      dueOn: "2025-12-31",
    });
    expect(nobody.json().fields).toEqual({ responsibleMemberId: "Phải có người (hoặc bộ phận) chịu trách nhiệm." });
    const stranger = await item("Người ngoài", "2025-12-31", { responsibleMemberId: m.outsider });
    expect(stranger.json().fields).toEqual({
      responsibleMemberId: "Người được giao không phải đảng viên đang sinh hoạt trong tổ chức này.",
    });

    const yearly = await post(secretary, `/api/organizations/${cell}/plans`, {
      kind: "yearly",
      parentId: ids.programme,
      title: "Kế hoạch năm 2026",
      startsOn: "2026-01-01",
      endsOn: "2026-12-31",
    });
    expect(yearly.statusCode).toBe(201);
    const outside = await post(secretary, `/api/organizations/${cell}/plans`, {
      kind: "yearly",
      parentId: ids.programme,
      title: "Kế hoạch năm 2030",
      startsOn: "2030-01-01",
      endsOn: "2030-12-31",
    });
    expect(outside.json().fields).toEqual({
      endsOn: "Thời gian của kế hoạch phải nằm trong thời gian của kế hoạch cấp trên.",
    });
  });

  it("issuing the programme ticks the checklist's programme item", async () => {
    const res = await post(secretary, `/api/plans/${ids.programme}/issue`, { issuedOn: "2025-04-10", version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    const list = (await get(secretary, `/api/organizations/${cell}/congresses`)).json();
    expect(list.items[0].checklist[1]).toMatchObject({
      itemKey: "programme",
      done: true,
      recordKind: "plan",
      recordId: ids.programme,
    });
    const overview = (await get(office, `/api/organizations/${await s.orgId("DB-TCT")}/checklists`)).json();
    const row = overview.cells.find((c: { organization: { code: string } }) => c.organization.code === "CB-KTC");
    expect(row.summary).toMatchObject({ done: 2, total: 5 });
  });

  it("an issued plan is adjusted only with a reason, and two editors get a conflict instead of an overwrite", async () => {
    const item = (await get(secretary, `/api/plans/${ids.programme}`))
      .json()
      .items.find((i: { id: string }) => i.id === ids.item2025);
    const body = {
      what: item.what,
      how: item.how,
      dueOn: "2025-11-30",
      responsibleMemberId: m.phuc,
      responsibleUnit: null,
      coordinating: null,
      checking: item.checking,
      targetIds: [ids.target1],
      weight: 1,
      version: item.version,
    };
    const noReason = await put(secretary, `/api/plan-items/${ids.item2025}`, body);
    expect(noReason.json().fields).toEqual({ reason: "Kế hoạch đã ban hành: hãy ghi lý do điều chỉnh." });
    const first = await put(secretary, `/api/plan-items/${ids.item2025}`, {
      ...body,
      reason: "Điều chỉnh sau sơ kết quý III",
    });
    expect(first.statusCode, first.body).toBe(200);
    const second = await put(office, `/api/plan-items/${ids.item2025}`, {
      ...body,
      dueOn: "2025-10-31",
      reason: "Khác",
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe("stale_version");
    const plan = (await get(secretary, `/api/plans/${ids.programme}`)).json();
    expect(plan.adjustments[0]).toMatchObject({ reason: "Điều chỉnh sau sơ kết quý III" });
    expect(plan.adjustments[0].before.dueOn).toBe("2025-12-31");
    expect(plan.content.sections[0].table.rows).toHaveLength(2);
  });

  it("tasks: one responsible member inside the cell; the member reports 50% with evidence; roll-up reaches targets and resolution", async () => {
    const create = (payload: object) => post(secretary, `/api/organizations/${cell}/tasks`, payload);
    const noOne = await create({
      title: "Không người",
      startsOn: today,
      dueOn: addDays(today, 30),
      source: { kind: "direct", id: null },
    });
    expect(noOne.json().fields).toEqual({ responsibleMemberId: "Phải có người (hoặc bộ phận) chịu trách nhiệm." });
    const stranger = await create({
      title: "Người ngoài",
      responsibleMemberId: m.outsider,
      startsOn: today,
      dueOn: addDays(today, 30),
    });
    expect(stranger.json().fields).toEqual({
      responsibleMemberId: "Người được giao không phải đảng viên đang sinh hoạt trong tổ chức này.",
    });
    const backwards = await create({
      title: "Ngược",
      responsibleMemberId: m.phuc,
      startsOn: today,
      dueOn: addDays(today, -1),
    });
    expect(backwards.json().fields).toEqual({ dueOn: "Thời hạn không được trước ngày bắt đầu." });

    const t1 = await create({
      title: "Chuẩn bị chuyên đề quý",
      responsibleMemberId: m.phuc,
      helperIds: [m.vinh],
      startsOn: addDays(today, -10),
      dueOn: addDays(today, 20),
      source: { kind: "plan_item", id: ids.item2026 },
    });
    expect(t1.statusCode, t1.body).toBe(201);
    ids.task = t1.json().id;
    const t2 = await create({
      title: "Tổng hợp bài báo",
      responsibleMemberId: m.vinh,
      startsOn: addDays(today, -40),
      dueOn: addDays(today, -2),
      source: { kind: "plan_item", id: ids.item2026 },
    });
    ids.lateTask = t2.json().id;

    const mine = (await get(member, "/api/me/tasks")).json();
    expect(mine.items.map((t: { id: string }) => t.id)).toEqual([ids.task]);

    const over = await post(member, `/api/tasks/${ids.task}/progress`, { percent: 101, note: null, version: 1 });
    expect(over.json().fields).toEqual({ percent: "Tiến độ phải là số nguyên từ 0 đến 100." });
    const pdf = minimalPdf("minh chung");
    const evidence = { name: "bien-ban.pdf", type: "application/pdf", base64: pdf.toString("base64") };
    const half = await post(member, `/api/tasks/${ids.task}/progress`, {
      percent: 50,
      note: "Đã xong đề cương",
      evidence,
      version: 1,
    });
    expect(half.statusCode, half.body).toBe(200);
    expect(half.json().progress).toBe(50);
    // Someone who is neither responsible, helper nor manager cannot report.
    expect(
      (
        await post(await s.signIn("danguyvien2"), `/api/tasks/${ids.task}/progress`, {
          percent: 60,
          note: null,
          version: 2,
        })
      ).statusCode,
    ).toBe(403);

    const detail = (await get(secretary, `/api/tasks/${ids.task}`)).json();
    expect(detail.updates[0]).toMatchObject({
      percent: 50,
      note: "Đã xong đề cương",
      evidenceName: "bien-ban.pdf",
      memberName: "Lý Văn Thắng",
    });
    const file = await get(secretary, `/api/task-updates/${detail.updates[0].id}/evidence`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(pdf)).toBe(true);

    // item2026: tasks 50 and 0 → 25; item2025: no tasks → 0; programme (1·0 + 3·25)/4 = 18.75
    const plan = (await get(secretary, `/api/plans/${ids.programme}`)).json();
    expect(plan.items.find((i: { id: string }) => i.id === ids.item2026).progress).toBe(25);
    expect(plan.progress).toBeCloseTo(18.75);
    const resolution = (await get(member, `/api/resolutions/${ids.resolution}`)).json();
    expect(resolution.progress).toBeCloseTo(18.75);
    expect(resolution.targets[0]).toMatchObject({ attainment: 50, latest: 90 });
    expect(resolution.targets[0].workProgress).toBeCloseTo(18.75);
    expect(resolution.targets[1].workProgress).toBe(25);

    const dash = (await get(secretary, `/api/organizations/${cell}/dashboard`)).json();
    expect(dash.tasks.late).toBe(1);
    expect(dash.tasks.lateList[0]).toMatchObject({
      id: ids.lateTask,
      responsibleName: "Tạ Quang Dũng",
      status: "late",
    });
    expect(dash.programmes[0].progress).toBeCloseTo(18.75);
    // The list filtered by status (in SQL) returns exactly the tasks whose computed status matches.
    const all = (await get(secretary, `/api/organizations/${cell}/tasks`)).json().items as {
      id: string;
      status: string;
    }[];
    expect(all).toHaveLength(2);
    for (const status of ["late", "at_risk", "on_track", "done"]) {
      const filtered = (await get(secretary, `/api/organizations/${cell}/tasks?status=${status}`)).json().items as {
        id: string;
      }[];
      expect(filtered.map((x) => x.id)).toEqual(all.filter((x) => x.status === status).map((x) => x.id));
    }
    expect(
      (await get(secretary, `/api/organizations/${cell}/tasks?status=late`))
        .json()
        .items.map((x: { id: string }) => x.id),
    ).toEqual([ids.lateTask]);
    const root = await s.orgId("DB-TCT");
    const party = (await get(office, `/api/organizations/${root}/dashboard`)).json();
    const cells = (await get(office, `/api/organizations/${root}/dashboard/cells`)).json();
    expect(cells).toMatchObject({ total: party.cellSummary.total, offset: 0 });
    const ktc = cells.items.find((c: { id: string }) => c.id === cell);
    expect(ktc).toMatchObject({ late: 1, tasks: 2 });
    expect(ktc.progress).toBeCloseTo(18.75);
    // The tree-wide figures are aggregates in SQL; the cells are computed row by row: they must agree.
    type Row = { name: string; congressHeldOn: string | null; checklist: { complete: boolean } | null };
    const rows = cells.items as Row[];
    expect(party.cellSummary).toEqual({
      total: rows.length,
      congressesHeld: rows.filter((c) => c.congressHeldOn).length,
      checklistsComplete: rows.filter((c) => c.checklist?.complete).length,
    });
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.map((c) => c.name)).toEqual(
      rows.map((c) => c.name).sort(new Intl.Collator("vi", { numeric: true }).compare),
    );
    // Smaller pages give the same cells in the same order, with the same figures.
    const paged = [];
    for (let offset = 0; offset < rows.length; offset += 2) {
      const page = (await get(office, `/api/organizations/${root}/dashboard/cells?offset=${offset}&limit=2`)).json();
      expect(page).toMatchObject({ total: rows.length, offset });
      paged.push(...page.items);
    }
    expect(paged).toEqual(rows);
    const theirs = await get(secretary, `/api/organizations/${root}/dashboard/cells`);
    // A cell's secretary does not see the đảng bộ's list of cells (not found, as for any organisation out of reach).
    expect(theirs.statusCode).toBe(404);
    expect(await events(ids.task)).toEqual(["create", "progress"]);
  });

  it("an item with progress cannot be deleted, only closed; closing keeps it and its history", async () => {
    const item = (await get(secretary, `/api/plans/${ids.programme}`))
      .json()
      .items.find((i: { id: string }) => i.id === ids.item2026);
    const del = await s.request(secretary, {
      method: "DELETE",
      url: `/api/plan-items/${ids.item2026}`,
      payload: { version: item.version },
    });
    expect(del.statusCode).toBe(409);
    expect(del.json().detail).toContain("không thể xóa");
    const close = await post(secretary, `/api/plan-items/${ids.item2026}/close`, {
      closedOn: today,
      closedReason: "Gộp vào kế hoạch năm 2026",
      version: item.version,
    });
    expect(close.statusCode, close.body).toBe(200);
    const after = (await get(secretary, `/api/plans/${ids.programme}`)).json();
    expect(after.items.find((i: { id: string }) => i.id === ids.item2026).closedOn).toBe(today);
    // Closed items leave the roll-up: only item2025 (0%) remains.
    expect(after.progress).toBe(0);
    // An item without progress may be deleted.
    const spare = await post(secretary, `/api/plans/${ids.programme}/items`, {
      what: "Nội dung thừa",
      dueOn: "2026-06-30",
      responsibleUnit: "Tổ đảng 1",
      reason: "Bổ sung",
    });
    const gone = await s.request(secretary, {
      method: "DELETE",
      url: `/api/plan-items/${spare.json().id}`,
      payload: { version: 1 },
    });
    expect(gone.statusCode).toBe(204);
    expect(
      (await get(secretary, `/api/plans/${ids.programme}`))
        .json()
        .items.some((i: { id: string }) => i.id === spare.json().id),
    ).toBe(false);
  });

  it("bulk progress: export, edit, preview names the bad row, nothing written until every row is right", async () => {
    const file = await get(secretary, `/api/organizations/${cell}/tasks.xlsx`);
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rowOf = (id: string) => {
      let n = 0;
      ws.eachRow((r, i) => {
        if (r.getCell(1).value === id) n = i;
      });
      return n;
    };
    ws.getRow(rowOf(ids.task)).getCell(6).value = 80;
    ws.getRow(rowOf(ids.lateTask)).getCell(6).value = 120;
    const upload = async (url: string) =>
      s.request(secretary, {
        method: "POST",
        url,
        payload: Buffer.from(await wb.xlsx.writeBuffer()),
        headers: { "content-type": "application/octet-stream" },
      });
    const preview = (await upload(`/api/organizations/${cell}/tasks/progress-preview`)).json();
    expect(preview.ready).toBe(false);
    expect(preview.rows.find((r: { ok: boolean }) => !r.ok)).toMatchObject({
      taskId: ids.lateTask,
      error: "errors.percent_range",
      row: rowOf(ids.lateTask),
    });
    const refused = await upload(`/api/organizations/${cell}/tasks/progress-import`);
    expect(refused.statusCode).toBe(422);
    expect((await get(secretary, `/api/tasks/${ids.task}`)).json().progress).toBe(50);
    ws.getRow(rowOf(ids.lateTask)).getCell(6).value = "40%";
    const done = await upload(`/api/organizations/${cell}/tasks/progress-import`);
    expect(done.statusCode, done.body).toBe(200);
    expect((await get(secretary, `/api/tasks/${ids.task}`)).json().progress).toBe(80);
    expect((await get(secretary, `/api/tasks/${ids.lateTask}`)).json().progress).toBe(40);
  });

  it("a review draft is written from the facts, edited with a version, audited", async () => {
    const res = await post(secretary, `/api/organizations/${cell}/reviews`, {
      kind: "monthly",
      periodStart: addMonths(today, -1),
      periodEnd: today,
    });
    expect(res.statusCode, res.body).toBe(201);
    const review = res.json();
    expect(review.content.title).toMatch(/^BÁO CÁO SƠ KẾT CÔNG TÁC THÁNG/);
    const late = review.content.sections.find((x: { heading: string }) => x.heading.startsWith("III"));
    expect(late.table.rows[0]).toContain("Tạ Quang Dũng");
    const edited = { ...review.content, title: "BÁO CÁO SƠ KẾT THÁNG (đã sửa)" };
    expect((await put(secretary, `/api/reviews/${review.id}`, { content: edited, version: 1 })).statusCode).toBe(200);
    expect((await put(secretary, `/api/reviews/${review.id}`, { content: edited, version: 1 })).statusCode).toBe(409);
  });

  it("personal plans: a member registers, everyone sees who registered, the secretary reviews", async () => {
    const year = Number(today.slice(0, 4));
    const reg = await post(member, `/api/organizations/${cell}/personal-plans`, {
      year,
      items: [{ what: "Viết 2 bài báo khoa học", dueOn: `${year}-12-15`, planItemId: ids.item2025 }],
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const list = (await get(secretary, `/api/organizations/${cell}/personal-plans?year=${year}`)).json();
    expect(list.items.map((p: { fullName: string }) => p.fullName)).toEqual(["Lý Văn Thắng"]);
    const reviewed = await post(secretary, `/api/personal-plans/${reg.json().id}/review`, {
      reviewedOn: today,
      reviewNote: "Hoàn thành tốt",
      results: ["Đã viết 2 bài"],
      version: 1,
    });
    expect(reviewed.json().items[0].result).toBe("Đã viết 2 bài");
    expect(
      (await post(member, `/api/organizations/${cell}/personal-plans`, { year, items: [{ what: "Sửa lại" }] }))
        .statusCode,
    ).toBe(409);
  });
});

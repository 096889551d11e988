import { eq } from "drizzle-orm";
import type { Tx } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { addMonths } from "../../core/time.js";
import { users } from "../accounts/schema.js";
import { organizations } from "../organizations/schema.js";
import { getOrganization } from "../organizations/store.js";
import * as congressOps from "../congresses/operations.js";
import { addDays } from "../congresses/model.js";
import * as resolutionOps from "../resolutions/operations.js";
import * as planOps from "./operations.js";
import * as taskOps from "../tasks/operations.js";

/**
 * The demo's story of seeds [000] and [001]: all five cells have recorded their 2025 congress, CB-LLCS carries its
 * resolution through a programme, a 2026 plan and tasks for its members; the đảng bộ has its checklist and the sub-plans of its breakthrough tasks.
 */
export async function loadPlansDemo(tx: Tx, memberIds: Map<string, string>, today: string): Promise<void> {
  const [office] = await tx.select().from(users).where(eq(users.username, "vanphong"));
  const actor: Actor = {
    userId: office!.id,
    username: "vanphong",
    displayName: office!.displayName,
    memberId: null,
    isAdmin: false,
    locale: "vi",
    mustChangePassword: false,
    scopes: [],
    sessionId: "demo",
    csrfToken: "demo",
  };
  const org = async (code: string) => {
    const [row] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.code, code));
    return (await getOrganization(tx, row!.id))!;
  };
  const m = (name: string) => memberIds.get(name)!;

  // ── Chi bộ Khoa Lý luận cơ sở: congress → resolution → programme → plan → tasks ──
  const llcs = await org("CB-LLCS");
  const congress = await congressOps.recordCongress(tx, actor, llcs, {
    heldOn: "2025-03-20",
    termLabel: "2025–2027",
    termEndsOn: "2027-03-20",
    delegatesTotal: 12,
    delegatesPresent: 11,
    elected: [
      { memberId: m("Nguyễn Thị Thu Hà"), role: "secretary", votes: 11 },
      { memberId: m("Trần Quốc Bảo"), role: "deputy_secretary", votes: 10 },
      { memberId: m("Lê Thị Ngọc Ánh"), role: "committee_member", votes: 10 },
    ],
    note: "Đại hội Chi bộ Khoa Lý luận cơ sở nhiệm kỳ 2025–2027",
  });
  const submitted = await congressOps.recordSubmission(tx, actor, congress, {
    submittedOn: "2025-03-25",
    submissionNumber: "05-TTr/CB",
    version: congress.version,
  });
  await congressOps.recordRatification(tx, actor, submitted, {
    ratifiedOn: "2025-04-08",
    ratificationNumber: "112-QĐ/ĐU",
    version: submitted.version,
  });

  const resolution = await resolutionOps.createResolution(tx, actor, llcs, {
    kind: "congress",
    number: "01-NQ/ĐH",
    title: "Nghị quyết Đại hội Chi bộ Khoa Lý luận cơ sở nhiệm kỳ 2025–2027",
    summary:
      "Nâng cao chất lượng sinh hoạt chi bộ, chất lượng giảng dạy và nghiên cứu khoa học; xây dựng chi bộ trong sạch, vững mạnh.",
    congressId: congress.id,
    targets: [
      {
        name: "Đảng viên hoàn thành tốt nhiệm vụ trở lên hằng năm",
        measureUnit: "%",
        baseline: 85,
        goal: 100,
        dueOn: "2027-03-20",
      },
      {
        name: "Đề tài, bài báo khoa học của đảng viên trong nhiệm kỳ",
        measureUnit: "bài",
        baseline: 0,
        goal: 8,
        dueOn: "2027-03-20",
      },
      { name: "Kết nạp đảng viên mới", measureUnit: "người", baseline: 0, goal: 2, dueOn: "2027-03-20" },
    ],
    tasks: [
      {
        title: 'Nâng cao chất lượng sinh hoạt chi bộ, ngăn chặn biểu hiện "suy thoái", "tự diễn biến", "tự chuyển hóa"',
        focal: true,
        breakthrough: true,
      },
      { title: "Đổi mới phương pháp giảng dạy lý luận chính trị", focal: true, breakthrough: false },
    ],
  });
  let current: Parameters<typeof resolutionOps.transitionResolution>[2] = resolution;
  for (const to of ["adopted", "issued", "in_implementation"] as const) {
    current = await resolutionOps.transitionResolution(tx, actor, current, {
      to,
      on: to === "adopted" ? "2025-03-20" : "2025-03-28",
      meetingId: null,
      number: null,
      version: current.version,
    });
  }
  const [t1, t2, t3] = resolution.targets;
  await resolutionOps.addMeasurement(
    tx,
    actor,
    { ...t1!, organizationId: llcs.id },
    { measuredOn: "2025-12-31", value: 91.7, note: "Kết quả đánh giá, xếp loại năm 2025" },
  );
  await resolutionOps.addMeasurement(
    tx,
    actor,
    { ...t2!, organizationId: llcs.id },
    { measuredOn: "2025-12-31", value: 3, note: null },
  );

  const programme = await planOps.createPlan(tx, actor, llcs, {
    kind: "programme",
    title: "Chương trình hành động thực hiện Nghị quyết Đại hội Chi bộ nhiệm kỳ 2025–2027",
    parentId: null,
    resolutionId: resolution.id,
    resolutionTaskId: null,
    startsOn: "2025-03-20",
    endsOn: "2027-03-20",
  });
  const item = (
    plan: typeof programme,
    what: string,
    dueOn: string,
    who: string,
    targetIds: string[],
    extra: Partial<Parameters<typeof planOps.addItem>[4]> = {},
  ) =>
    planOps.addItem(tx, actor, llcs, plan, {
      what,
      how: null,
      dueOn,
      responsibleMemberId: m(who),
      responsibleUnit: null,
      coordinating: null,
      checking: "Chi ủy kiểm tra, đôn đốc hằng tháng tại sinh hoạt chi bộ",
      targetIds,
      weight: 1,
      ...extra,
    });
  const i2025 = await item(
    programme,
    "Năm 2025: chuẩn hóa nội dung, quy trình sinh hoạt chi bộ thường kỳ",
    "2025-12-31",
    "Nguyễn Thị Thu Hà",
    [t1!.id],
    { how: "Xây dựng đề cương sinh hoạt mẫu; chi ủy họp trước mỗi kỳ" },
  );
  const i2026 = await item(
    programme,
    "Năm 2026: mỗi quý một buổi sinh hoạt chuyên đề gắn với giảng dạy",
    "2026-12-31",
    "Trần Quốc Bảo",
    [t1!.id, t2!.id],
    { weight: 2 },
  );
  await item(
    programme,
    "Năm 2027: sơ kết, tổng kết việc thực hiện Nghị quyết, chuẩn bị đại hội nhiệm kỳ mới",
    "2027-03-15",
    "Nguyễn Thị Thu Hà",
    [t1!.id, t3!.id],
  );
  const issued = await planOps.issuePlan(tx, actor, programme, { issuedOn: "2025-04-10", version: programme.version });
  const yearly = await planOps.createPlan(tx, actor, llcs, {
    kind: "yearly",
    title: "Kế hoạch công tác năm 2026 của Chi bộ",
    parentId: issued.id,
    resolutionId: null,
    resolutionTaskId: null,
    startsOn: "2026-01-01",
    endsOn: "2026-12-31",
  });
  const research = await item(
    yearly,
    "Viết bài nghiên cứu về công tác xây dựng Đảng ở cơ sở",
    "2026-12-15",
    "Phạm Văn Đức",
    [t2!.id],
    { how: "Mỗi đảng viên đăng ký ít nhất một bài" },
  );

  const task = (title: string, who: string, startsOn: string, dueOn: string, itemId: string | null) =>
    taskOps.createTask(
      tx,
      actor,
      {
        organizationId: llcs.id,
        title,
        description: null,
        responsibleMemberId: m(who),
        helperIds: [],
        startsOn,
        dueOn,
        source: itemId ? { kind: "plan_item", id: itemId } : { kind: "direct", id: null },
      },
      { quiet: true },
    );
  const report = async (t: Awaited<ReturnType<typeof task>>, percent: number, note: string) =>
    taskOps.reportProgress(tx, actor, t, { percent, note, evidence: null, version: t.version }, today, { quiet: true });
  const a = await task("Soạn đề cương sinh hoạt chi bộ mẫu", "Nguyễn Thị Thu Hà", "2025-04-01", "2025-06-30", i2025.id);
  await report(a, 100, "Đã ban hành đề cương mẫu");
  const b = await task(
    'Chuẩn bị chuyên đề quý: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"',
    "Phạm Văn Đức",
    addMonths(today, -1),
    addDays(today, 10),
    i2026.id,
  );
  await report(b, 30, "Đã có đề cương chi tiết");
  await task(
    "Tổng hợp ý kiến đảng viên về dự thảo văn kiện",
    "Phạm Văn Đức",
    addMonths(today, -2),
    addDays(today, -5),
    i2026.id,
  );
  const c = await task(
    "Nộp bài nghiên cứu cho Hội đồng khoa học",
    "Phạm Văn Đức",
    addMonths(today, -3),
    addMonths(today, 1),
    research.id,
  );
  await report(c, 60, "Đã xong bản thảo lần 1");
  await task("Rà soát hồ sơ quần chúng ưu tú", "Hoàng Thị Mai", addMonths(today, -1), addDays(today, -2), null);

  // ── The other four cells held their congresses too ──
  for (const [code, date, secretary, deputy] of [
    ["CB-XDD", "2025-03-20", "Trần Văn Hùng", "Phan Thị Thanh Hương"],
    ["CB-NNPL", "2025-03-20", "Lâm Văn Thành", "Mai Thị Hoa"],
    ["CB-TCHC", "2025-03-20", "Hồ Thị Phương", "Lương Văn Toàn"],
    ["CB-QLDT", "2025-03-20", "Quách Văn Long", "Âu Thị Minh Châu"],
  ] as const) {
    const cell = await org(code);
    const c = await congressOps.recordCongress(tx, actor, cell, {
      heldOn: date,
      termLabel: "2025–2027",
      termEndsOn: "2027-03-20",
      delegatesTotal: 5,
      delegatesPresent: 5,
      elected: [
        { memberId: m(secretary), role: "secretary", votes: 5 },
        { memberId: m(deputy), role: "deputy_secretary", votes: 5 },
      ],
      note: null,
    });
    await congressOps.recordRatification(tx, actor, c, {
      ratifiedOn: "2025-04-08",
      ratificationNumber: "113-QĐ/ĐU",
      version: c.version,
    });
  }

  // ── The đảng bộ: its checklist ([001], [004]) and sub-plans for its breakthrough tasks ──
  const root = await org("DB-TCT");
  const partyCongress = await congressOps.recordCongress(tx, actor, root, {
    heldOn: "2025-06-20",
    termLabel: "2025–2030",
    termEndsOn: "2030-06-20",
    delegatesTotal: 32,
    delegatesPresent: 31,
    elected: [
      { memberId: m("Quách Văn Long"), role: "secretary", votes: 30 },
      { memberId: m("Lâm Văn Thành"), role: "committee_member", votes: 29 },
      { memberId: m("Mai Thị Hoa"), role: "committee_member", votes: 28 },
    ],
    note: "Đại hội Đảng bộ Trường Chính trị tỉnh Lâm Đồng nhiệm kỳ 2025–2030",
  });
  await congressOps.fulfilChecklist(
    tx,
    actor,
    root.id,
    "oversights",
    { kind: "congress", id: partyCongress.id },
    "2025-07-01",
  );
  const partyResolution = await resolutionOps.createResolution(tx, actor, root, {
    kind: "congress",
    number: "01-NQ/ĐH",
    title: "Nghị quyết Đại hội Đảng bộ Trường Chính trị tỉnh Lâm Đồng nhiệm kỳ 2025–2030",
    summary: null,
    congressId: partyCongress.id,
    targets: [
      {
        name: "Chi bộ hoàn thành tốt nhiệm vụ trở lên",
        measureUnit: "%",
        baseline: 80,
        goal: 100,
        dueOn: "2030-06-20",
      },
    ],
    tasks: [
      'Nâng cao chất lượng sinh hoạt đảng, ngăn chặn biểu hiện "suy thoái", "tự diễn biến", "tự chuyển hóa" trong nội bộ',
      "Nâng cao chất lượng công tác tuyên truyền, đấu tranh bảo vệ nền tảng tư tưởng của Đảng",
      "Xây dựng đội ngũ giảng viên, nâng cao chất lượng đào tạo, bồi dưỡng và nghiên cứu khoa học",
      "Nâng cao chất lượng công tác quản lý đào tạo và nghiên cứu khoa học",
      'Xây dựng "Trường Chính trị chuẩn"',
      "Tổ chức các cuộc sinh hoạt chuyên đề, tọa đàm, hội thảo",
    ].map((title) => ({ title, focal: true, breakthrough: true })),
  });
  let party: Parameters<typeof resolutionOps.transitionResolution>[2] = partyResolution;
  for (const to of ["adopted", "issued", "in_implementation"] as const) {
    party = await resolutionOps.transitionResolution(tx, actor, party, {
      to,
      on: "2025-06-20",
      meetingId: null,
      number: null,
      version: party.version,
    });
  }
  const partyProgramme = await planOps.createPlan(tx, actor, root, {
    kind: "programme",
    title: "Chương trình hành động toàn khóa 2025–2030 của Đảng ủy",
    parentId: null,
    resolutionId: partyResolution.id,
    resolutionTaskId: null,
    startsOn: "2025-06-20",
    endsOn: "2030-06-20",
  });
  for (const [i, bt] of partyResolution.tasks.entries()) {
    const sub = await planOps.createPlan(tx, actor, root, {
      kind: "sub_plan",
      title: `Kế hoạch: ${bt.title.charAt(0).toLowerCase()}${bt.title.slice(1)}`,
      parentId: partyProgramme.id,
      resolutionId: null,
      resolutionTaskId: bt.id,
      startsOn: "2025-07-01",
      endsOn: "2030-06-20",
    });
    await planOps.addItem(tx, actor, root, sub, {
      what: "Xây dựng và triển khai kế hoạch con, phân công đảng ủy viên phụ trách",
      how: null,
      dueOn: "2025-12-31",
      responsibleMemberId: m(i % 2 === 0 ? "Lâm Văn Thành" : "Mai Thị Hoa"),
      responsibleUnit: null,
      coordinating: "Các chi bộ trực thuộc",
      checking: "Đảng ủy kiểm tra 6 tháng một lần",
      targetIds: [],
      weight: 1,
    });
    if (i < 3) await planOps.issuePlan(tx, actor, sub, { issuedOn: "2025-08-15", version: sub.version });
  }
}

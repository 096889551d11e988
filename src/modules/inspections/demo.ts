import { eq } from "drizzle-orm";
import type { Actor } from "../../core/access/index.js";
import { users } from "../accounts/schema.js";
import type { Tx } from "../../core/db/index.js";
import { listMeetings } from "../meetings/store.js";
import { findOrganizationByCode } from "../organizations/store.js";
import {
  addFinding,
  addProgrammeItem,
  adoptProgramme,
  closeFinding,
  createInspection,
  createProgramme,
  recordStep,
  reportRemedy,
} from "./operations.js";
import { inspectionRules, type InspectionRow, type LoadedInspection } from "./store.js";
import type { StepKey } from "./model.js";

/**
 * The demo đảng bộ's inspection and supervision in 2026: the đảng ủy's and the UBKT's programmes, adopted; the
 * UBKT's inspection of CB-LLCS concluded with two findings (one remedied and accepted, one open); the overseer's
 * routine supervision of a CB-LLCS meeting; and one confidential case (signs of violation, about a member of CB-XDD)
 * that no cell secretary or member of the demo can see.
 */
export async function loadInspectionsDemo(tx: Tx, memberIds: Map<string, string>, today: string): Promise<void> {
  const root = (await findOrganizationByCode(tx, "DB-TCT"))!;
  const llcs = (await findOrganizationByCode(tx, "CB-LLCS"))!;
  const xdd = (await findOrganizationByCode(tx, "CB-XDD"))!;
  const id = (name: string) => memberIds.get(name)!;
  // The demo writes as the UBKT and the đảng ủy would: scopes on the đảng bộ, no account behind them.
  // Their demo accounts stand behind them: the đảng ủy's documents go into the register, which names who issued them.
  const account = async (username: string) =>
    (await tx.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
  const ubktUser = await account("ubkt");
  const committeeUser = await account("bithu.danguy");
  const actor = (displayName: string, roles: ("inspector" | "manager")[]): Actor => ({
    userId: roles.includes("inspector") ? ubktUser : committeeUser,
    username: "demo",
    displayName,
    memberId: null,
    isAdmin: false,
    locale: "vi",
    mustChangePassword: false,
    scopes: roles.map((role) => ({ role, organizationId: root.id, path: root.path, subtree: true })),
    sessionId: "",
    csrfToken: "",
  });
  const ubkt = actor("Hồ Thị Phương", ["inspector"]);
  const committee = actor("Quách Văn Long", ["manager"]);
  const rules = await inspectionRules(tx, root.path, "2026-01-15");

  const programme = async (a: Actor, body: "party_committee" | "inspection_committee", title: string, item: Item) => {
    const p = await createProgramme(tx, a, root, { body, year: 2026, title });
    const line = await addProgrammeItem(tx, a, p, root, rules, item);
    await adoptProgramme(tx, a, p, root, { adoptedOn: "2026-01-15", version: p.version });
    return line;
  };
  type Item = Parameters<typeof addProgrammeItem>[5];
  await programme(committee, "party_committee", "Chương trình kiểm tra, giám sát năm 2026 của Đảng ủy", {
    subjectOrganizationId: xdd.id,
    subjectMemberId: null,
    type: "thematic_supervision",
    content: "Giám sát chuyên đề việc thực hiện quy chế làm việc và chế độ sinh hoạt chi bộ",
    leadMemberId: id("Mai Thị Hoa"),
    startsOn: "2026-04-01",
    endsOn: "2026-09-30",
  });
  const line = await programme(
    ubkt,
    "inspection_committee",
    "Chương trình kiểm tra, giám sát năm 2026 của Ủy ban Kiểm tra Đảng ủy",
    {
      subjectOrganizationId: llcs.id,
      subjectMemberId: null,
      type: "compliance",
      content: "Kiểm tra việc chấp hành nghị quyết, quy chế làm việc và chế độ sinh hoạt của chi bộ",
      leadMemberId: id("Hồ Thị Phương"),
      startsOn: "2026-03-25",
      endsOn: "2026-09-30",
    },
  );

  let inspection: LoadedInspection = await createInspection(tx, ubkt, root, rules, {
    body: "inspection_committee",
    programmeItemId: line.id,
    type: "compliance",
    subjectOrganizationId: llcs.id,
    subjectMemberId: null,
    content: line.content,
    leadMemberId: id("Hồ Thị Phương"),
    meetingId: null,
    namedMemberIds: [],
  });
  const steps: [StepKey, string, string][] = [
    ["decision", "2026-03-25", "Thành lập đoàn kiểm tra gồm đồng chí Hồ Thị Phương (trưởng đoàn) và hai ủy viên."],
    ["notice", "2026-03-27", "Thông báo nội dung, thời gian kiểm tra từ 01/4 đến 30/4/2026."],
    ["self_report", "2026-04-08", "Chi bộ báo cáo tự kiểm tra việc chấp hành nghị quyết và quy chế làm việc."],
    ["verification", "2026-04-20", "Đoàn xem sổ biên bản, nghị quyết tháng và hồ sơ đảng viên."],
    ["conclusion_meeting", "2026-04-28", "Hội nghị Ủy ban Kiểm tra thông qua dự thảo kết luận."],
    [
      "conclusion",
      "2026-05-05",
      "Chi bộ chấp hành tốt nghị quyết; còn hai hạn chế: sổ biên bản ghi chưa đầy đủ ý kiến phát biểu; " +
        "chưa đôn đốc đảng viên đăng ký kế hoạch công tác cá nhân đúng hạn.",
    ],
  ];
  for (const [step, on, text] of steps)
    inspection = await recordStep(
      tx,
      ubkt,
      inspection,
      root,
      rules,
      { step, on, text, version: inspection.version },
      true,
    );
  const ordinary = inspection as InspectionRow & { confidential: false };
  const fixed = await addFinding(
    tx,
    ubkt,
    inspection,
    root,
    {
      text: "Sổ biên bản ghi chưa đầy đủ ý kiến phát biểu",
      remedy: "Ghi đủ ý kiến phát biểu, người phát biểu trong biên bản sinh hoạt",
      ownerMemberId: id("Nguyễn Thị Thu Hà"),
      dueOn: "2026-07-31",
    },
    "2026-05-05",
    { quiet: true },
  );
  const reported = await reportRemedy(tx, ubkt, fixed, ordinary, {
    report: "Từ tháng 6/2026 biên bản ghi đủ ý kiến và tên người phát biểu.",
    reportedOn: "2026-07-10",
    version: fixed.version,
  });
  await closeFinding(tx, ubkt, reported, ordinary, { closedOn: "2026-07-20", version: reported.version });
  await addFinding(
    tx,
    ubkt,
    inspection,
    root,
    {
      text: "Chưa đôn đốc đảng viên đăng ký kế hoạch công tác cá nhân đúng hạn",
      remedy: "Đôn đốc và tổng hợp kế hoạch công tác cá nhân của đảng viên",
      ownerMemberId: id("Phạm Văn Đức"),
      dueOn: today > "2026-12-31" ? today : "2026-12-31",
    },
    "2026-05-05",
    { quiet: true },
  );

  // Routine supervision: the đảng ủy member who follows CB-LLCS attended one of its meetings.
  const [meeting] = await listMeetings(tx, llcs.id, { limit: 1, order: "asc" });
  if (meeting) {
    const routine = await createInspection(tx, committee, root, rules, {
      body: "party_committee",
      programmeItemId: null,
      type: "routine_supervision",
      subjectOrganizationId: llcs.id,
      subjectMemberId: null,
      content: "Dự sinh hoạt chi bộ, theo dõi việc chuẩn bị và điều hành cuộc họp",
      leadMemberId: id("Lâm Văn Thành"),
      meetingId: meeting.id,
      namedMemberIds: [],
    });
    await recordStep(
      tx,
      committee,
      routine,
      root,
      rules,
      { step: "observation", on: meeting.date, text: "Cuộc họp đúng giờ, đủ nội dung.", version: 1 },
      false,
    );
  }

  // The confidential case: about a member of CB-XDD, seen by the UBKT and the đảng ủy alone.
  const secret = await createInspection(tx, ubkt, root, rules, {
    body: "inspection_committee",
    programmeItemId: null,
    type: "violation",
    subjectOrganizationId: null,
    subjectMemberId: id("Lý Văn Phúc"),
    content: "Kiểm tra khi có dấu hiệu vi phạm trong việc kê khai tài sản, thu nhập",
    leadMemberId: id("Hồ Thị Phương"),
    meetingId: null,
    namedMemberIds: [],
  });
  await recordStep(
    tx,
    ubkt,
    secret,
    root,
    rules,
    { step: "decision", on: "2026-10-05", text: "Quyết định kiểm tra khi có dấu hiệu vi phạm.", version: 1 },
    false,
  );
}

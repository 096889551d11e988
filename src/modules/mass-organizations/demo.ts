import { eq } from "drizzle-orm";
import type { Actor } from "../../core/access/index.js";
import type { Tx } from "../../core/db/index.js";
import { addDays } from "../../core/time.js";
import { admissionCandidates } from "../admissions/schema.js";
import { findOrganizationByCode, getOrganization } from "../organizations/store.js";
import { createMassOrganization, recordSession } from "./operations.js";
import { massOrganizationIntroductions } from "./schema.js";
import { getMassOrganization } from "./store.js";

/**
 * The school's trade union and youth union, led by the đảng bộ, each with the đảng ủy member assigned to it, and
 * the trade union of the Khoa Lý luận cơ sở led by its cell, with the chi ủy member assigned. The youth union
 * introduced the cell's proposed candidate (4-KNĐ) and the trade union gave its comments (5-KNĐ).
 */
export async function loadMassOrganizationsDemo(tx: Tx, memberIds: Map<string, string>, today: string): Promise<void> {
  const root = (await getOrganization(tx, (await findOrganizationByCode(tx, "DB-TCT"))!.id))!;
  const llcs = (await getOrganization(tx, (await findOrganizationByCode(tx, "CB-LLCS"))!.id))!;
  const id = (name: string) => memberIds.get(name)!;
  // The demo writes as the đảng ủy's office would: a scope on the đảng bộ, no account behind it.
  const office: Actor = {
    userId: "00000000-0000-4000-8000-000000000001",
    username: "demo",
    displayName: "Văn phòng Đảng ủy",
    memberId: null,
    isAdmin: false,
    locale: "vi",
    mustChangePassword: false,
    scopes: [{ role: "office", organizationId: root.id, path: root.path, subtree: true }],
    sessionId: "",
    csrfToken: "",
  };
  const tradeUnion = await createMassOrganization(
    tx,
    office,
    root,
    {
      kind: "trade_union",
      name: "Công đoàn Trường Chính trị tỉnh Lâm Đồng",
      leaderName: "Nguyễn Văn Tâm",
      leaderTitle: "Chủ tịch Công đoàn",
      memberCount: 58,
      assignedMemberId: id("Lâm Văn Thành"),
      cadence: null,
    },
    today,
  );
  const youthUnion = await createMassOrganization(
    tx,
    office,
    root,
    {
      kind: "youth_union",
      name: "Đoàn Thanh niên Trường Chính trị tỉnh Lâm Đồng",
      leaderName: "Trần Thị Ngọc Hân",
      leaderTitle: "Bí thư Đoàn trường",
      memberCount: 21,
      assignedMemberId: id("Mai Thị Hoa"),
      cadence: null,
    },
    today,
  );
  await createMassOrganization(
    tx,
    office,
    llcs,
    {
      kind: "trade_union",
      name: "Công đoàn bộ phận Khoa Lý luận cơ sở",
      leaderName: "Võ Minh Tuấn",
      leaderTitle: "Tổ trưởng công đoàn",
      memberCount: 14,
      assignedMemberId: id("Lê Thị Ngọc Ánh"),
      cadence: null,
    },
    today,
  );

  const heldOn = addDays(today, -12);
  const union = (await getMassOrganization(tx, tradeUnion.id))!;
  await recordSession(
    tx,
    office,
    union,
    {
      heldOn,
      notes:
        "Công đoàn báo cáo kết quả phong trào thi đua dạy tốt, học tốt và việc chăm lo đời sống đoàn viên. " +
        "Đồng chí phụ trách đề nghị công đoàn nhận xét đoàn viên là quần chúng ưu tú trong hồ sơ kết nạp.",
      tasks: [
        {
          title: "Tổng hợp ý kiến nhận xét của công đoàn về quần chúng ưu tú",
          responsibleMemberId: id("Lâm Văn Thành"),
          dueOn: addDays(today, 20),
        },
      ],
      version: union.version,
    },
    today,
    { quiet: true },
  );
  const youth = (await getMassOrganization(tx, youthUnion.id))!;
  await recordSession(
    tx,
    office,
    youth,
    {
      heldOn: addDays(today, -5),
      notes: "Đoàn trường báo cáo hoạt động tình nguyện và danh sách đoàn viên ưu tú giới thiệu cho Đảng.",
      tasks: [],
      version: youth.version,
    },
    today,
    { quiet: true },
  );

  // The cell's proposed candidate: the forms were received on paper before the cell voted.
  const [khai] = await tx.select().from(admissionCandidates).where(eq(admissionCandidates.fullName, "Đinh Công Khải"));
  if (khai)
    await tx.insert(massOrganizationIntroductions).values([
      {
        massOrganizationId: youthUnion.id,
        candidateId: khai.id,
        form: "4-KNĐ",
        receivedOn: "2026-10-20",
        content: "Đoàn viên tích cực, nhiều năm là cán bộ chi đoàn; Ban Chấp hành Đoàn trường giới thiệu vào Đảng.",
      },
      {
        massOrganizationId: tradeUnion.id,
        candidateId: khai.id,
        form: "5-KNĐ",
        receivedOn: "2026-10-20",
        content: "Công đoàn nhận xét: hoàn thành tốt nhiệm vụ, đoàn kết, gương mẫu.",
      },
    ]);
}

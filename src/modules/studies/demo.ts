import type { Actor } from "../../core/access/index.js";
import type { Tx } from "../../core/db/index.js";
import { addDays } from "../../core/time.js";
import { cellMembersOn } from "../members/presence.js";
import { findOrganizationByCode, getOrganization } from "../organizations/store.js";
import { resolutions } from "../resolutions/schema.js";
import { createStudySession, recordAttendance } from "./operations.js";
import { studyReflections } from "./schema.js";
import { getStudySession } from "./store.js";

/**
 * The đảng bộ records the level above's resolution ("Học tập NQ TW 5", seed [003]); Chi bộ Khoa Lý luận cơ sở
 * studied it three weeks ago with two members absent, and most have handed in their reflection, some on paper.
 * The demo's member account (Phạm Văn Đức) attended and has not written his yet.
 */
export async function loadStudiesDemo(tx: Tx, today: string): Promise<void> {
  const root = (await findOrganizationByCode(tx, "DB-TCT"))!;
  const llcs = (await getOrganization(tx, (await findOrganizationByCode(tx, "CB-LLCS"))!.id))!;
  const [resolution] = await tx
    .insert(resolutions)
    .values({
      organizationId: root.id,
      kind: "higher",
      number: "NQ TW 5",
      title: "Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng",
      state: "issued",
      issuedOn: addDays(today, -45),
    })
    .returning();
  const secretary: Actor = {
    userId: "00000000-0000-4000-8000-000000000001",
    username: "demo",
    displayName: "Nguyễn Thị Thu Hà",
    memberId: null,
    isAdmin: false,
    locale: "vi",
    mustChangePassword: false,
    scopes: [{ role: "manager", organizationId: llcs.id, path: llcs.path, subtree: true }],
    sessionId: "",
    csrfToken: "",
  };
  const heldOn = addDays(today, -21);
  const row = await createStudySession(tx, secretary, llcs, {
    resolutionId: resolution!.id,
    heldOn,
    place: "Hội trường Trường Chính trị",
    presenter: "Đồng chí Quách Văn Long, Bí thư Đảng ủy",
    note: null,
    makeupOfId: null,
  });
  const roster = await cellMembersOn(tx, llcs.id, heldOn);
  const absent = new Set(["Bùi Văn An", "Đỗ Văn Hải"]);
  const present = roster.filter((m) => !absent.has(m.fullName));
  const session = (await getStudySession(tx, row.id))!;
  await recordAttendance(tx, secretary, session, { presentIds: present.map((m) => m.id), version: 1 }, today);

  const onPaper = new Set(["Ngô Thị Lan", "Nguyễn Văn An"]);
  const notYet = new Set(["Phạm Văn Đức", "Huỳnh Thị Kim Oanh"]);
  const reflections = present
    .filter((m) => !notYet.has(m.fullName))
    .map((m, i) => ({
      organizationId: llcs.id,
      resolutionId: resolution!.id,
      memberId: m.id,
      via: onPaper.has(m.fullName) ? ("paper" as const) : ("online" as const),
      content: onPaper.has(m.fullName)
        ? null
        : "Qua học tập, bản thân nắm được những nội dung cốt lõi của Nghị quyết; sẽ vận dụng vào giảng dạy, " +
          "nghiên cứu và công tác được giao, gắn với kế hoạch rèn luyện cá nhân năm nay.",
      receivedOn: addDays(heldOn, 2 + (i % 7)),
    }));
  await tx.insert(studyReflections).values(reflections);
}

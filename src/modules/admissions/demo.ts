import type { Tx } from "../../core/db/index.js";
import { getMember } from "../members/store.js";
import { addDays, todayIso } from "../../core/time.js";
import { cellMembersOn } from "../members/presence.js";
import { findOrganizationByCode, getOrganization } from "../organizations/store.js";
import { recordAdmission } from "../resolutions/public-admissions.js";
import { keepOpenDeadlines } from "./deadlines.js";
import { WAITING_STAGES, type DossierForm } from "./model.js";
import { admissionCandidates, admissionForms } from "./schema.js";
import { candidatesInStages } from "./store.js";

/**
 * Chi bộ Khoa Lý luận cơ sở follows two candidates — one gathering the dossier, one the cell has just proposed
 * (waiting on the đảng ủy's decision within 60 working days) — and follows its probationary member, admitted 11
 * months before the demo's today, whose probation ends, and recognition falls due, next month. The earlier steps
 * were done on paper before chibo, so their forms are recorded as received, without register documents.
 */
export async function loadAdmissionsDemo(tx: Tx, memberIds: Map<string, string>): Promise<void> {
  const cell = (await getOrganization(tx, (await findOrganizationByCode(tx, "CB-LLCS"))!.id))!;
  const m = (name: string) => memberIds.get(name)!;
  const forms = async (candidateId: string, list: DossierForm[], receivedOn: string) => {
    for (const form of list) await tx.insert(admissionForms).values({ candidateId, form, receivedOn });
  };
  const fullOn = async (day: string) => (await cellMembersOn(tx, cell.id, day)).filter((x) => x.status === "full");

  const [following] = await tx
    .insert(admissionCandidates)
    .values({
      organizationId: cell.id,
      fullName: "Lương Thị Minh Thư",
      dateOfBirth: "2002-08-14",
      gender: "female",
      unit: "Giảng viên Khoa Lý luận cơ sở",
      helperIds: [m("Hoàng Thị Mai")],
      courseCertificateOn: "2026-06-20",
      stage: "following",
    })
    .returning();
  await forms(following!.id, ["1-KNĐ", "2-KNĐ", "3-KNĐ"], "2026-10-15");

  const proposedOn = "2026-11-03";
  const votersOnProposal = (await fullOn(proposedOn)).length;
  const [proposed] = await tx
    .insert(admissionCandidates)
    .values({
      organizationId: cell.id,
      fullName: "Đinh Công Khải",
      dateOfBirth: "1996-03-02",
      gender: "male",
      unit: "Chuyên viên Khoa Lý luận cơ sở",
      helperIds: [m("Phạm Văn Đức"), m("Võ Minh Tuấn")],
      courseCertificateOn: "2025-11-10",
      stage: "resolved",
      resolutionOn: proposedOn,
      resolutionVotesFor: votersOnProposal,
      resolutionFullMembers: votersOnProposal,
    })
    .returning();
  await forms(proposed!.id, ["1-KNĐ", "2-KNĐ", "3-KNĐ", "4-KNĐ", "5-KNĐ"], "2026-10-20");
  await forms(proposed!.id, ["6-KNĐ"], proposedOn);

  // The cell's probationary member of the demo's roster (admitted 11 months before the demo's today) is the one
  // followed to recognition: a second, invented one would change the roster every other story counts.
  const member = (await getMember(tx, m("Huỳnh Thị Kim Oanh")))!;
  const ceremonyOn = member.ceremonyDate!;
  const decisionOn = member.admissionDate!;
  const resolutionOn = addDays(decisionOn, -30);
  const votersOnAdmission = (await fullOn(resolutionOn)).length;
  const [probation] = await tx
    .insert(admissionCandidates)
    .values({
      organizationId: cell.id,
      fullName: member.fullName,
      dateOfBirth: member.dateOfBirth!,
      gender: member.gender,
      unit: member.unit,
      helperIds: [m("Lê Thị Ngọc Ánh")],
      courseCertificateOn: "2024-09-30",
      stage: "probation",
      resolutionOn,
      resolutionVotesFor: votersOnAdmission,
      resolutionFullMembers: votersOnAdmission,
      decisionOn,
      ceremonyOn,
      memberId: member.id,
    })
    .returning();
  await forms(probation!.id, ["1-KNĐ", "2-KNĐ", "3-KNĐ", "4-KNĐ", "5-KNĐ", "6-KNĐ"], resolutionOn);
  await forms(probation!.id, ["8-KNĐ", "9-KNĐ"], decisionOn);
  await recordAdmission(tx, cell.path.split("/").filter(Boolean), ceremonyOn, member.fullName);
  // The board pages by the kept due days (ADR 0176), as if each step had been recorded in chibo.
  await keepOpenDeadlines(tx, await candidatesInStages(tx, WAITING_STAGES), todayIso());
}

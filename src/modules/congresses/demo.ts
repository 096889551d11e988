import { eq } from "drizzle-orm";
import type { Actor } from "../../core/access/index.js";
import type { Tx } from "../../core/db/index.js";
import { users } from "../accounts/schema.js";
import { findOrganizationByCode } from "../organizations/store.js";
import { completeStep, createPreparation, generateDrafts } from "./preparation-operations.js";
import { getPreparation, listSteps } from "./preparation-store.js";

/** The day CB-QLDT holds its congress for 2027–2029, a few days before its 2025–2027 term ends (20/03/2027). */
export const DEMO_CELL_CONGRESS_ON = "2027-03-16";

/**
 * CB-QLDT prepares its congress (issue: the next congress): its secretary, Quách Văn Long (also Bí thư Đảng ủy), has
 * begun the plan — the plan itself adopted at the cell's December meeting — and generated the three drafts from the
 * term's record (political report, the chi ủy's self-review, the next term's resolution), as drafts of the cell's
 * register that members can comment on. A demo loaded after the congress day has no such plan: that term is over.
 */
export async function loadCongressesDemo(tx: Tx, today: string): Promise<void> {
  if (today >= DEMO_CELL_CONGRESS_ON) return;
  const cell = (await findOrganizationByCode(tx, "CB-QLDT"))!;
  const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.username, "bithu.danguy"));
  const secretary: Actor = {
    userId: account!.id,
    username: "bithu.danguy",
    displayName: "Quách Văn Long",
    memberId: null,
    isAdmin: false,
    locale: "vi",
    mustChangePassword: false,
    scopes: [{ role: "manager", organizationId: cell.id, path: cell.path, subtree: true }],
    sessionId: "",
    csrfToken: "",
  };
  const view = await createPreparation(
    tx,
    secretary,
    cell,
    { congressOn: DEMO_CELL_CONGRESS_ON, nextTermLabel: "2027–2029", place: "Phòng họp tầng 2, nhà A" },
    today,
  );
  const [plan] = (await listSteps(tx, view.id)).filter((s) => s.stepKey === "plan");
  if (plan)
    await completeStep(tx, secretary, plan, {
      doneOn: today,
      note: "Chi bộ thông qua kế hoạch tổ chức đại hội tại sinh hoạt tháng 12",
      version: plan.version,
    });
  await generateDrafts(tx, secretary, (await getPreparation(tx, view.id))!, today);
}

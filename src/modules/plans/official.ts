import { eq } from "drizzle-orm";
import type { Tx } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { recordEvent } from "../../core/audit/index.js";
import { ConflictError, StaleVersionError } from "../../core/http/errors.js";
import { getOrganization } from "../organizations/store.js";
import { issueNewDocument } from "../documents/operations.js";
import type { SectionContent } from "../documents/model.js";
import type { DocumentSummary } from "../documents/store.js";
import { reviews } from "../reviews/schema.js";
import type { ReviewContent } from "../reviews/model.js";
import { issuePlan } from "./operations.js";
import { planContent } from "./model.js";
import { plans } from "./schema.js";
import { listPlanItems, type PlanRow } from "./store.js";

/**
 * "Ban hành" on a programme (CTr), a plan (KH) and a review report (BC): the documents module numbers,
 * renders and freezes the document; the plan or review links to it. The plan's own issue (state,
 * checklist items it fulfils) runs in the same transaction.
 */

const cell = (s: string) => s.replace(/\|/g, "/").replace(/\s+/g, " ").trim();

/** A structured table as the documents module's table lines ("| a | b |"). */
export function tableText(table: { columns: string[]; rows: string[][] }): string {
  if (!table.rows.length) return "";
  return [table.columns, ...table.rows].map((r) => `| ${r.map((c) => cell(c) || " ").join(" | ")} |`).join("\n");
}

/** The summary line (trích yếu) from a title: the type's name ("Kế hoạch", "Báo cáo" …) is already in the heading. */
export function summaryFromTitle(title: string): string {
  const rest = title.replace(/^(chương trình hành động|chương trình|kế hoạch|báo cáo)\s+/iu, "").trim();
  return rest ? rest.charAt(0).toLocaleLowerCase("vi") + rest.slice(1) : title;
}

/** The plan's document type: an action programme is a CTr, every other plan a KH. */
export const planDocumentType = (kind: PlanRow["kind"]) => (kind === "programme" ? "CTr" : "KH");

export async function issuePlanDocument(
  tx: Tx,
  actor: Actor,
  plan: PlanRow,
  input: { issuedOn: string; version: number },
): Promise<{ plan: PlanRow; document: DocumentSummary }> {
  const [locked] = await tx.select().from(plans).where(eq(plans.id, plan.id)).for("update");
  if (!locked || locked.version !== input.version) throw new StaleVersionError();
  if (locked.state === "issued") throw new ConflictError("plan_issued", "errors.plan_already_issued");
  const org = (await getOrganization(tx, plan.organizationId))!;
  const items = await listPlanItems(tx, { planIds: [plan.id] });
  const content = planContent(plan, items);
  const section = content.sections[0]!;
  const type = planDocumentType(plan.kind);
  const implementation =
    "Chi ủy (bí thư) chi bộ chịu trách nhiệm tổ chức thực hiện, kiểm tra, đôn đốc; định kỳ sơ kết, báo cáo Đảng ủy kết quả thực hiện.";
  const document = await issueNewDocument(
    tx,
    actor,
    org,
    {
      type,
      summary: summaryFromTitle(plan.title),
      origin: "plan",
      originRef: plan.id,
      sectionTexts: {
        purpose: `${section.heading}.`,
        [type === "CTr" ? "tasks" : "content"]: tableText(section.table),
        implementation,
      },
    },
    input.issuedOn,
  );
  const issued = await issuePlan(tx, actor, locked, input);
  const [row] = await tx.update(plans).set({ documentId: document.id }).where(eq(plans.id, plan.id)).returning();
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: plan.organizationId,
    entityType: "plan",
    entityId: plan.id,
    action: "document.issue",
    before: null,
    after: { documentId: document.id, numberText: document.numberText },
  });
  return { plan: { ...issued, ...row! }, document };
}

/** The review's edited content as document sections: each heading with its paragraphs and table. */
export function reviewSections(content: ReviewContent): SectionContent[] {
  return content.sections.map((s, i) => ({
    key: `s${i + 1}`,
    heading: s.heading,
    text: [...s.paragraphs, s.table ? tableText(s.table) : ""].filter((x) => x.trim()).join("\n\n"),
  }));
}

export async function issueReviewDocument(
  tx: Tx,
  actor: Actor,
  reviewId: string,
  input: { issuedOn: string; version: number },
) {
  const [review] = await tx.select().from(reviews).where(eq(reviews.id, reviewId)).for("update");
  if (!review || review.version !== input.version) throw new StaleVersionError();
  if (review.state === "issued") throw new ConflictError("review_issued", "errors.review_issued");
  const org = (await getOrganization(tx, review.organizationId))!;
  const document = await issueNewDocument(
    tx,
    actor,
    org,
    {
      type: "BC",
      summary: summaryFromTitle(review.content.title),
      origin: "review",
      originRef: review.id,
      sections: reviewSections(review.content),
    },
    input.issuedOn,
  );
  const [row] = await tx
    .update(reviews)
    .set({ state: "issued", documentId: document.id, updatedAt: new Date(), version: review.version + 1 })
    .where(eq(reviews.id, review.id))
    .returning();
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: review.organizationId,
    entityType: "review",
    entityId: review.id,
    action: "issue",
    before: { state: review.state },
    after: { state: "issued", documentId: document.id, numberText: document.numberText },
  });
  return { review: row!, document };
}

import type { Tx } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { ConflictError, NotFoundError, StaleVersionError } from "../../core/http/errors.js";
import { getOrganization } from "../organizations/store.js";
import { issueNewDocument } from "../documents/operations.js";
import type { SectionContent } from "../documents/model.js";
import type { DocumentSummary } from "../documents/store.js";
import { lockReview, markReviewIssued } from "../reviews/public-plans.js";
import type { ReviewContent } from "../reviews/model.js";
import { issuePlan, linkPlanDocument } from "./operations.js";
import { planContent } from "./model.js";
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

/** Issues a plan through the register; `plan` is the row locked by the caller's transaction. */
export async function issuePlanDocument(
  tx: Tx,
  actor: Actor,
  plan: PlanRow,
  input: { issuedOn: string; version: number },
): Promise<{ plan: PlanRow; document: DocumentSummary }> {
  // Checked before the register draws a number, so a stale or repeated request leaves no gap to explain.
  if (plan.version !== input.version) throw new StaleVersionError();
  if (plan.state === "issued") throw new ConflictError("plan_issued", "errors.plan_already_issued");
  const org = await getOrganization(tx, plan.organizationId);
  if (!org) throw new NotFoundError("organization");
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
  const issued = await issuePlan(tx, actor, plan, input);
  return { plan: await linkPlanDocument(tx, actor, issued, document), document };
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
  const review = await lockReview(tx, reviewId);
  if (!review || review.version !== input.version) throw new StaleVersionError();
  if (review.state === "issued") throw new ConflictError("review_issued", "errors.review_issued");
  const org = await getOrganization(tx, review.organizationId);
  if (!org) throw new NotFoundError("organization");
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
  const row = await markReviewIssued(tx, actor, review, document);
  return { review: row, document };
}

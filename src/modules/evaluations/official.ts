import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../../core/access/index.js";
import { recordEvent } from "../../core/audit/index.js";
import type { Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, RuleError, StaleVersionError } from "../../core/http/errors.js";
import { isoDate, version } from "../../core/http/schemas.js";
import type { Block, DocumentModel, SectionContent } from "../documents/model.js";
import { issueNewDocument } from "../documents/operations.js";
import type { DocumentSummary } from "../documents/store.js";
import { getOrganization } from "../organizations/store.js";
import {
  DECISION_ORIGIN,
  decisionDoc,
  documentBooks,
  issuedForPeriod,
  NOTICE_ORIGIN,
  noticeDoc,
  type Period,
} from "./document-data.js";
import { composeDecision, composeNotice } from "./documents/decision.js";
import { evaluationPeriods } from "./schema.js";
import { subjectProgress } from "./store.js";
import { hanoiAt } from "../../core/time.js";

/**
 * "Ban hành" at the end of the review: the đảng ủy's decisions recognising the results (one on its members, one on
 * its cells, as 43-HD asks) and the notice of results become numbered documents of the register, through the
 * documents module, which checks the issue date (in order within the sequence, not in the future), numbers,
 * renders and freezes them.
 */

export const issueDecisionBody = z.object({ issuedOn: isoDate(), version: version() });
export type IssueDecisionInput = z.infer<typeof issueDecisionBody>;

/** A composed document's body as the register's sections: a heading opens a section, its blocks are its text. */
export function registerSections(model: DocumentModel): SectionContent[] {
  const sections: SectionContent[] = [];
  const current = () => {
    if (!sections.length) sections.push({ key: "s1", heading: "", text: "" });
    return sections[sections.length - 1]!;
  };
  const cell = (s: string) => s.replace(/\|/g, "/").replace(/\s+/g, " ").trim() || " ";
  const textOf = (b: Exclude<Block, { kind: "heading" }>): string => {
    if (b.kind === "paragraph") return b.spans.map((s) => s.text).join("");
    if (b.kind === "list") return b.items.map((item, i) => (b.ordered ? `${i + 1}. ${item}` : `- ${item}`)).join("\n");
    return [b.header, ...b.rows].map((r) => `| ${r.map(cell).join(" | ")} |`).join("\n");
  };
  // A centred bold line ("ĐẢNG ỦY …", "QUYẾT ĐỊNH:") stays bold as a heading: the register's text has no bold.
  const standsOut = (b: Block) => b.kind === "paragraph" && b.align === "center" && b.spans.every((x) => x.bold);
  for (const b of model.body) {
    if (b.kind === "heading" || standsOut(b)) {
      const heading = b.kind === "heading" ? b.text : textOf(b as Exclude<Block, { kind: "heading" }>);
      sections.push({ key: `s${sections.length + 1}`, heading, text: "" });
      continue;
    }
    const into = current();
    into.text = into.text ? `${into.text}\n\n${textOf(b)}` : textOf(b);
  }
  return sections;
}

/** The recipients as the model prints them, without the archive line the register adds itself. */
const recipientsOf = (model: DocumentModel) => (model.recipients ?? []).slice(0, -1);

export interface IssuedDecision {
  membersDecision: DocumentSummary;
  cellsDecision: DocumentSummary;
  notice: DocumentSummary;
  period: typeof evaluationPeriods.$inferSelect;
}

export async function issueDecision(
  tx: Tx,
  actor: Actor,
  period: Period,
  input: IssueDecisionInput,
  now: Date,
): Promise<IssuedDecision> {
  const [locked] = await tx.select().from(evaluationPeriods).where(eq(evaluationPeriods.id, period.id)).for("update");
  if (!locked || locked.version !== input.version) throw new StaleVersionError();
  const already = await issuedForPeriod(tx, period);
  if (already.members)
    throw new ConflictError("decision_issued", "evaluations.decision_issued", {
      number: already.members.numberText ?? "",
    });
  const undecided = (await subjectProgress(tx, period.id)).filter((p) => !p.excluded && !p.decidedLevel).length;
  if (undecided > 0)
    throw new RuleError("undecided_subjects", "period", "evaluations.undecided_subjects", { count: undecided });

  const org = (await getOrganization(tx, period.organizationId))!;
  const books = await documentBooks(tx, period.organizationPath, input.issuedOn);
  const day = hanoiAt(input.issuedOn, "08:00");
  const issue = async (
    type: "QĐ" | "TB",
    origin: string,
    model: DocumentModel,
    signer: DocumentSummary["signerName"],
  ) =>
    issueNewDocument(
      tx,
      actor,
      org,
      {
        type,
        // Not a template of the register: the body is the evaluation document's own, composed here.
        templateKey: `evaluation-${type === "QĐ" ? "decision" : "notice"}`,
        summary: model.summary,
        sections: registerSections(model),
        recipients: recipientsOf(model),
        origin,
        originRef: period.id,
        signerName: signer,
        signerRole: "secretary",
      },
      input.issuedOn,
    );

  const decisions = [];
  for (const subject of ["members", "cells"] as const) {
    const doc = await decisionDoc(tx, period, subject, null, day);
    const model = composeDecision(books, { ...doc, day: input.issuedOn });
    decisions.push(await issue("QĐ", DECISION_ORIGIN[subject], model, doc.signerName));
  }
  const [membersDecision, cellsDecision] = decisions as [DocumentSummary, DocumentSummary];
  const notice = await noticeDoc(tx, period, membersDecision, null, day);
  const noticeDocument = await issue(
    "TB",
    NOTICE_ORIGIN,
    composeNotice(books, { ...notice, day: input.issuedOn }),
    notice.signerName,
  );
  const row = await updateVersioned(tx, evaluationPeriods, period.id, input.version, { updatedAt: now });
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: period.organizationId,
    entityType: "evaluation_period",
    entityId: period.id,
    action: "decision.issue",
    before: { version: locked.version },
    after: {
      issuedOn: input.issuedOn,
      documents: [membersDecision, cellsDecision, noticeDocument].map((d) => ({
        documentId: d.id,
        type: d.type,
        numberText: d.numberText,
      })),
    },
  });
  return { membersDecision, cellsDecision, notice: noticeDocument, period: row };
}

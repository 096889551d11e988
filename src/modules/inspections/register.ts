import type { Actor } from "../../core/access/index.js";
import type { Tx } from "../../core/db/index.js";
import type { Block, DocumentModel, SectionContent } from "../documents/model.js";
import { issueNewDocument } from "../documents/operations.js";
import type { OrganizationRow } from "../organizations/store.js";
import type { ProgrammeBody } from "./model.js";

/**
 * The đảng ủy's and a cell's inspection documents go into the register of the organisation that issues them, in
 * its sequences, as every other module's numbered documents do (ADRs 0153, 0170; a cell's team is set up by its plan,
 * KH, since a chi bộ issues no QĐ). The UBKT's stay in its own sequences: they share their numbers with confidential
 * cases, which no register may count (ADR 0127).
 */
export const inRegister = (body: ProgrammeBody) => body !== "inspection_committee";

export const REGISTER_ORIGIN = { programme: "inspection-programme", step: "inspection-step" } as const;

/** A composed body as the register's sections: a heading opens a section; a table is typed back as "| a | b |". */
export function registerSections(model: DocumentModel): SectionContent[] {
  const sections: SectionContent[] = [];
  const cell = (s: string) => s.replace(/\|/g, "/").replace(/\s+/g, " ").trim() || " ";
  const textOf = (b: Exclude<Block, { kind: "heading" }>): string => {
    if (b.kind === "paragraph") return b.spans.map((s) => s.text).join("");
    if (b.kind === "list") return b.items.map((item, i) => (b.ordered ? `${i + 1}. ${item}` : `- ${item}`)).join("\n");
    return [b.header, ...b.rows].map((r) => `| ${r.map(cell).join(" | ")} |`).join("\n");
  };
  for (const b of model.body) {
    if (b.kind === "heading") {
      sections.push({ key: `s${sections.length + 1}`, heading: b.text, text: "" });
      continue;
    }
    if (!sections.length) sections.push({ key: "s1", heading: "", text: "" });
    const into = sections[sections.length - 1]!;
    into.text = into.text ? `${into.text}\n\n${textOf(b)}` : textOf(b);
  }
  return sections;
}

/** Issues the composed document through the organisation's register; its number is the register's. */
export async function issueInRegister(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  doc: { model: DocumentModel; type: string; origin: string; originRef: string; day: string },
) {
  const issued = await issueNewDocument(
    tx,
    actor,
    org,
    {
      type: doc.type,
      // Not a template of the register: the wording is the inspection templates' (KTGS-*), composed here.
      templateKey: `inspection-${doc.type}`,
      summary: doc.model.summary,
      sections: registerSections(doc.model),
      recipients: (doc.model.recipients ?? []).slice(0, -1),
      origin: doc.origin,
      originRef: doc.originRef,
      signerName: doc.model.signatures[0]?.name || null,
    },
    doc.day,
  );
  // The module keeps the bare number ("01-CTr/ĐU"), as its own sequences do; the register's carries "Số".
  return {
    documentId: issued.id,
    number: issued.number,
    numberText: issued.numberText?.replace(/^Số\s*/u, "") ?? null,
  };
}

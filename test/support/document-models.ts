import type { TestServer } from "./server.js";
import { registerRulebookKinds } from "../../src/rulebook-kinds.js";
import { loadCentralRulebooks } from "../../src/core/rulebooks/index.js";
import { composeDocument, type ComposeInput } from "../../src/modules/documents/compose.js";
import {
  type DocumentModel,
  type LayoutRules,
  listLabel,
  type TemplateRules,
} from "../../src/modules/documents/model.js";
import { CELL_ISSUER, type SampleDocument } from "../../src/modules/documents/samples.js";

/** The samples composed with the central 2018 layout and templates: for tests, references and the benchmark. */
export function centralBooks(layoutKey = "document-layout-36-hd-vptw-2018") {
  registerRulebookKinds();
  const books = loadCentralRulebooks();
  return {
    layout: books.find((b) => b.key === layoutKey)!.data as LayoutRules,
    templates: books.find((b) => b.kind === "document-template")!.data as TemplateRules,
  };
}

/**
 * A composed document as the lines both renderers print, in order: the header (in capitals, as printed), number and
 * date, title, every body paragraph (headings as "## …", italic as "_…_", list items with their markers, table rows
 * as "| a | b |"), the signatures and the recipients. What the golden texts compare.
 */
export function documentText(model: DocumentModel): string {
  const lines: string[] = [];
  if (model.header.superior) lines.push(model.header.superior.toLocaleUpperCase("vi"));
  lines.push(model.header.issuer.toLocaleUpperCase("vi"), "*", model.numberLine);
  lines.push(model.layout.partyName, model.placeDate, "");
  if (model.draft) lines.push("DỰ THẢO");
  lines.push(model.typeName, model.summary, model.layout.separator, "");
  for (const block of model.body) {
    if (block.kind === "heading") lines.push(`## ${block.text}`);
    else if (block.kind === "paragraph") {
      const text = block.spans.map((s) => s.text).join("");
      lines.push(block.spans.every((s) => s.italic) ? `_${text}_` : text);
    } else if (block.kind === "list") block.items.forEach((item, i) => lines.push(`${listLabel(block, i)} ${item}`));
    else for (const row of [block.header, ...block.rows]) lines.push(`| ${row.join(" | ")} |`);
  }
  lines.push("");
  for (const sig of model.signatures) lines.push(...[sig.authority, sig.title, sig.name].filter((x) => x !== null));
  if (model.recipients) lines.push("", model.layout.recipients.label, ...model.recipients);
  return `${lines.join("\n")}\n`;
}

export function modelOfSample(sample: SampleDocument, number: number | null = 7, layoutKey?: string) {
  return composeDocument(inputOfSample(sample, number, layoutKey));
}

export function inputOfSample(sample: SampleDocument, number: number | null = 7, layoutKey?: string): ComposeInput {
  const { layout, templates } = centralBooks(layoutKey);
  return {
    layout,
    templates,
    issuer: CELL_ISSUER,
    data: {
      type: sample.type,
      templateKey: sample.type,
      summary: sample.summary,
      sections: sample.sections,
      recipients: sample.recipients,
      signerName: "Nguyễn Thị Thu Hà",
      signerRole: "secretary",
      number,
      day: sample.day,
      draft: false,
      congress: null,
      minutes: sample.minutes ?? null,
    },
  };
}

// ---------------------------------------------------------------------------
// For the access-matrix test: documents of the demo cell in a wanted state.

type MatrixServer = Pick<TestServer, "signIn" | "request">;

export const MATRIX_DOC_BODY = [{ key: "tasks", heading: "II. NHIỆM VỤ", text: "- Hoàn thành nhiệm vụ tháng." }];

/**
 * A fresh draft (or adopted resolution, ready to issue) each call; the issued and open-for-comments documents are
 * made once and cached in `ids`.
 */
export async function matrixDocument(
  s: MatrixServer,
  ids: Record<string, string>,
  state: "draft" | "adopted" | "issued" | "consultation" | "open-empty",
): Promise<string> {
  const office = await s.signIn("vanphong");
  const create = async () =>
    (
      await s.request(office, {
        method: "POST",
        url: `/api/organizations/${ids.cell}/documents`,
        payload: { type: "NQ", summary: "nghị quyết ma trận", sections: MATRIX_DOC_BODY },
      })
    ).json();
  if (state === "draft") return (await create()).id;
  if (state === "adopted") {
    const d = await create();
    await s.request(office, {
      method: "POST",
      url: `/api/documents/${d.id}/status`,
      payload: { to: "adopted", version: d.version },
    });
    return d.id;
  }
  const key = `doc-${state}`;
  if (!ids[key]) {
    const d = await create();
    if (state === "issued") {
      // A resolution is issued once adopted (the rulebook's adoption by vote).
      const adopted = await s.request(office, {
        method: "POST",
        url: `/api/documents/${d.id}/status`,
        payload: { to: "adopted", version: d.version },
      });
      await s.request(office, {
        method: "POST",
        url: `/api/documents/${d.id}/issue`,
        payload: { issuedOn: "2026-11-20", version: adopted.json().version },
      });
    } else
      await s.request(office, {
        method: "POST",
        url: `/api/documents/${d.id}/status`,
        payload: { to: "consultation", version: d.version },
      });
    ids[key] = d.id;
  }
  return ids[key]!;
}

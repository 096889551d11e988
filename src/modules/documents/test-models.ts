import type { TestServer } from "../../../test/support/server.js";
import { registerRulebookKinds } from "../../rulebook-kinds.js";
import { loadCentralRulebooks } from "../../core/rulebooks/index.js";
import { composeDocument, type ComposeInput } from "./compose.js";
import type { LayoutRules, TemplateRules } from "./model.js";
import { CELL_ISSUER, type SampleDocument } from "./samples.js";

/** The samples composed with the central 2018 layout and templates: for tests, references and the benchmark. */
export function centralBooks(layoutKey = "document-layout-36-hd-vptw-2018") {
  registerRulebookKinds();
  const books = loadCentralRulebooks();
  return {
    layout: books.find((b) => b.key === layoutKey)!.data as LayoutRules,
    templates: books.find((b) => b.kind === "document-template")!.data as TemplateRules,
  };
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

/** A fresh draft each call; the issued and open-for-comments documents are made once and cached in `ids`. */
export async function matrixDocument(
  s: MatrixServer,
  ids: Record<string, string>,
  state: "draft" | "issued" | "consultation" | "open-empty",
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
  const key = `doc-${state}`;
  if (!ids[key]) {
    const d = await create();
    if (state === "issued")
      await s.request(office, {
        method: "POST",
        url: `/api/documents/${d.id}/issue`,
        payload: { issuedOn: "2026-11-20", version: d.version },
      });
    else
      await s.request(office, {
        method: "POST",
        url: `/api/documents/${d.id}/status`,
        payload: { to: "consultation", version: d.version },
      });
    ids[key] = d.id;
  }
  return ids[key]!;
}

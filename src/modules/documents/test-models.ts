import { registerRulebookKinds } from "../../rulebook-kinds.js";
import { loadCentralRulebooks } from "../../core/rulebooks/index.js";
import { composeDocument } from "./compose.js";
import type { LayoutRules, TemplateRules } from "./model.js";
import type { SampleDocument } from "./samples.js";

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
  const { layout, templates } = centralBooks(layoutKey);
  return composeDocument({
    layout,
    templates,
    issuer: sample.issuer,
    data: {
      type: sample.type,
      templateKey: sample.templateKey,
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
  });
}

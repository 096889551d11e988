import { describe, expect, it } from "vitest";
import { sectionsToBlocks } from "../documents/model.js";
import { centralBooks } from "../../../test/support/document-models.js";
import { composeDecision, composeNotice } from "./documents/decision.js";
import { DECISION, NOTICE } from "./documents/samples.js";
import { registerSections } from "./official.js";

/** The decision and notice as the register keeps them: the same words, in the same order, as the composed file. */
const books = centralBooks();
const words = (blocks: { kind: string }[]) =>
  JSON.stringify(blocks)
    .match(/"text":"[^"]*"|"items":\[[^\]]*\]|"rows":\[.*?\]\]/g)!
    .join(" ");

describe("registerSections", () => {
  it("keeps every line of the decision, the centred bold lines as headings", () => {
    const model = composeDecision(books, { ...DECISION, number: 5, draft: false });
    const sections = registerSections(model);
    expect(sections.map((s) => s.heading)).toEqual(["", expect.stringMatching(/^ĐẢNG ỦY /u), "QUYẾT ĐỊNH:"]);
    const text = sections.map((s) => s.text).join("\n\n");
    expect(text).toMatch(/^- Căn cứ Điều lệ Đảng/mu);
    expect(text).toContain("Điều 1. ");
    expect(text).toContain("Điều 3. ");
    // Rendered back by the register, nothing is lost but the emphasis.
    const back = sectionsToBlocks(null, sections, {});
    for (const line of ["Điều 2.", "Hoàn thành tốt nhiệm vụ"]) expect(words(back)).toContain(line);
  });

  it("keeps the notice's numbered parts as sections, and a table as table lines", () => {
    const model = composeNotice(books, { ...NOTICE, number: 2, draft: false });
    const sections = registerSections(model);
    expect(sections.filter((s) => /^\d\. /u.test(s.heading)).length).toBe(3);
    const table = registerSections({ ...model, body: [{ kind: "table", header: ["A|B", "C"], rows: [["1", ""]] }] });
    expect(table[0]!.text).toBe("| A/B | C |\n| 1 |   |");
  });
});

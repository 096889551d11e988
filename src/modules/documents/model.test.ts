import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DOCUMENT_LIMITS, documentChars, documentSizeProblem } from "./model.js";
import {
  canMove,
  DOCUMENT_STATUSES,
  wasIssued,
  downloadName,
  fitHeaderLine,
  listLabel,
  recipientsWithArchive,
  templateFor,
  formatNumberLine,
  formatPlaceDate,
  issueDateProblem,
  mayIssue,
  parseSectionText,
  registerDay,
  sequenceKey,
  termOn,
} from "./model.js";
import { centralBooks } from "../../../test/support/document-models.js";
import { contentDisposition } from "../../core/http/download.js";

const { layout } = centralBooks();

describe("place and date line", () => {
  it("pads days under 10 and months 1–2 by default", () => {
    expect(formatPlaceDate("Lâm Đồng", "2026-02-05", layout.date)).toBe("Lâm Đồng, ngày 05 tháng 02 năm 2026");
    expect(formatPlaceDate("Bạc Liêu", "2026-11-15", layout.date)).toBe("Bạc Liêu, ngày 15 tháng 11 năm 2026");
    expect(formatPlaceDate("Lâm Đồng", "2026-09-05", layout.date)).toBe("Lâm Đồng, ngày 05 tháng 9 năm 2026");
  });
  it("follows a rulebook that pads every month (as the 2011 document in seed [004] does)", () => {
    expect(formatPlaceDate("Bạc Liêu", "2011-04-08", { ...layout.date, padMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toBe(
      "Bạc Liêu, ngày 08 tháng 04 năm 2011",
    );
  });
});

describe("register date", () => {
  it("an issued document shows its issue date", () => {
    expect(registerDay({ issuedOn: "2026-11-20", createdAt: "2026-11-18T02:00:00.000Z" })).toBe("2026-11-20");
  });
  it("a draft shows the day it was created in Vietnam, not in UTC", () => {
    // 20:30 on 20/11 in Hanoi is 13:30 UTC; 01:30 on 21/11 in Hanoi is still 20/11 in UTC.
    expect(registerDay({ issuedOn: null, createdAt: "2026-11-20T13:30:00.000Z" })).toBe("2026-11-20");
    expect(registerDay({ issuedOn: null, createdAt: "2026-11-21T00:30:00.000Z" })).toBe("2026-11-21");
    expect(registerDay({ issuedOn: null, createdAt: "2026-11-20T18:30:00.000Z" })).toBe("2026-11-21");
  });
});

describe("number line", () => {
  it("is number, hyphen, type, slash, issuer", () => {
    expect(formatNumberLine(1, "NQ", "CB", layout.number)).toBe("Số 01-NQ/CB");
    expect(formatNumberLine(123, "BC", "ĐU", layout.number)).toBe("Số 123-BC/ĐU");
    expect(formatNumberLine(null, "KH", "CB", layout.number)).toBe("Số      -KH/CB");
  });
});

describe("sequences and terms", () => {
  const terms = [
    { id: "t1", startsOn: "2020-02-21", endsOn: "2022-03-15" },
    { id: "t2", startsOn: "2022-03-15", endsOn: "2025-03-20" },
    { id: "t3", startsOn: "2025-03-20", endsOn: "2027-03-20" },
  ];
  it("a term runs from the day after its congress to the close of the next", () => {
    expect(termOn(terms, "2022-03-15")?.id).toBe("t1");
    expect(termOn(terms, "2022-03-16")?.id).toBe("t2");
    expect(termOn(terms, "2020-02-21")?.id).toBe("t1");
    expect(termOn(terms, "2030-01-01")).toBeNull();
  });
  it("restarts per type per term; a congress shares one sequence", () => {
    expect(sequenceKey({ termId: "t3", congress: null, type: "NQ" })).toEqual({ scope: "term:t3", type: "NQ" });
    expect(sequenceKey({ termId: "t3", congress: "ĐH 2027", type: "NQ" })).toEqual(
      sequenceKey({ termId: "t3", congress: "ĐH 2027", type: "BB" }),
    );
  });
});

describe("rules in the rulebook", () => {
  it("a cell may issue a resolution but not a decision", () => {
    expect(mayIssue(layout, "cell", "NQ")).toBe(true);
    expect(mayIssue(layout, "cell", "QĐ")).toBe(false);
    expect(mayIssue(layout, "party_committee", "QĐ")).toBe(true);
  });
  it("the lifecycle: an issued document only moves to superseded or revoked, and no further", () => {
    expect(canMove("draft", "consultation")).toBe(true);
    expect(canMove("issued", "draft")).toBe(false);
    expect(canMove("issued", "superseded")).toBe(true);
    expect(canMove("issued", "revoked")).toBe(true);
    expect(canMove("superseded", "issued")).toBe(false);
    expect(canMove("revoked", "issued")).toBe(false);
    expect(canMove("revoked", "superseded")).toBe(false);
    expect(canMove("draft", "revoked")).toBe(false);
    expect(canMove("adopted", "revoked")).toBe(false);
    // Issued once, a document stays frozen whatever became of it.
    expect(DOCUMENT_STATUSES.filter(wasIssued)).toEqual(["issued", "superseded", "revoked"]);
  });
});

describe("author's text", () => {
  it("paragraphs, bullets, numbered items and tables", () => {
    const blocks = parseSectionText(
      "Đoạn một\ndòng tiếp.\n\n- gạch một\n- gạch hai\n1. số một\n2) số hai\n| A | B |\n|---|---|\n| 1 |\n\nĐoạn cuối",
    );
    expect(blocks.map((b) => b.kind)).toEqual(["paragraph", "list", "list", "table", "paragraph"]);
    expect(blocks[0]).toMatchObject({ spans: [{ text: "Đoạn một dòng tiếp." }] });
    expect(blocks[1]).toMatchObject({ ordered: false, items: ["gạch một", "gạch hai"] });
    expect(blocks[2]).toMatchObject({ ordered: true, items: ["số một", "số hai"] });
    expect(blocks[3]).toMatchObject({ header: ["A", "B"], rows: [["1", ""]] });
  });
  it("never loses a word of what was written", () => {
    fc.assert(
      // à-ỹ also spans U+1680 (Ogham space mark), a space to trim(), not a letter of a word.
      fc.property(
        fc.array(
          fc.stringMatching(/^[a-zà-ỹ]{1,8}$/u).filter((w) => !/\s/u.test(w)),
          { maxLength: 30 },
        ),
        (words) => {
          const text = words.join(" ");
          const out = parseSectionText(text).flatMap((b) => (b.kind === "paragraph" ? b.spans.map((s) => s.text) : []));
          expect(out.join(" ").split(" ").filter(Boolean)).toEqual(words);
        },
      ),
    );
  });
});

describe("uploads and downloads", () => {
  it("Vietnamese file names: an ASCII fallback and the UTF-8 name (RFC 5987)", () => {
    const name = downloadName(
      { numberText: "Số 01-NQ/CB", type: "NQ", summary: "lãnh đạo thực hiện nhiệm vụ tháng 11" },
      "pdf",
    );
    expect(name).toBe("01-NQ-CB lãnh đạo thực hiện nhiệm vụ tháng 11.pdf");
    const header = contentDisposition(name);
    expect(header).toContain('filename="01-NQ-CB lanh dao thuc hien nhiem vu thang 11.pdf"');
    expect(header).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(decodeURIComponent(header.split("''")[1]!)).toBe(name);
  });
});

describe("document size limits", () => {
  const L = DOCUMENT_LIMITS;
  const section = (n: number, heading = "") => ({ key: "k", heading, text: "a".repeat(n) });
  it("counts headings, texts and every string of the minutes", () => {
    expect(documentChars({ sections: [section(10, "Tiêu đề"), section(5)] })).toBe(22);
    const minutes = { chair: "Hà", content: ["abc", "de"], attendance: { total: 12, late: ["Bảo"] } };
    expect(documentChars({ sections: [], minutes })).toBe(2 + 5 + 3);
  });
  it("holds at each limit exactly and names the field one past it", () => {
    expect(documentSizeProblem({ sections: Array.from({ length: L.sections }, () => section(1)) })).toBeNull();
    const oneTooMany = Array.from({ length: L.sections + 1 }, () => section(1));
    expect(documentSizeProblem({ sections: oneTooMany })?.field).toBe("sections");
    expect(documentSizeProblem({ sections: [section(L.sectionChars)] })).toBeNull();
    expect(documentSizeProblem({ sections: [section(1), section(L.sectionChars + 1)] })).toEqual({
      field: "sections.1.text",
      key: "errors.document_section_too_long",
      max: L.sectionChars,
    });
    const third = L.totalChars / 3;
    expect(documentSizeProblem({ sections: [section(third), section(third), section(third)] })).toBeNull();
    const overByOne = [section(third), section(third), section(third, "x")];
    expect(documentSizeProblem({ sections: overByOne })?.field).toBe("sections");
    const minutes = { content: ["a".repeat(L.totalChars + 1)] };
    const problem = documentSizeProblem({ sections: [], minutes });
    expect(problem).toEqual({ field: "minutes", key: "errors.document_too_long", max: L.totalChars });
  });
});

describe("issue date", () => {
  const today = "2026-12-03";
  it("today is the limit (Vietnam date), one day later is refused", () => {
    expect(issueDateProblem(today, today, null)).toBeNull();
    expect(issueDateProblem("2026-12-04", today, null)?.code).toBe("document_issued_future");
    expect(issueDateProblem("2027-03-01", today, "2026-11-02")?.code).toBe("document_issued_future");
  });
  it("within a sequence, a date before the latest issued is refused; the same day is not", () => {
    expect(issueDateProblem("2026-09-15", today, "2026-11-02")).toEqual({
      code: "document_issued_out_of_order",
      key: "errors.document_issued_out_of_order",
      params: { latest: "2026-11-02" },
    });
    expect(issueDateProblem("2026-11-01", today, "2026-11-02")?.code).toBe("document_issued_out_of_order");
    expect(issueDateProblem("2026-11-02", today, "2026-11-02")).toBeNull();
    expect(issueDateProblem("2026-11-03", today, "2026-11-02")).toBeNull();
  });
});

describe("what the issue found printed wrong", () => {
  it("an item typed as 2. after a paragraph prints as 2.; sub-items keep their +", () => {
    const blocks = parseSectionText("1. Kết quả đạt được\n\nMột đoạn giải thích.\n\n2. Hạn chế\n+ chậm\n* gạch");
    const lists = blocks.filter((b) => b.kind === "list");
    expect(lists.map((b) => b.items.map((_, i) => listLabel(b, i)))).toEqual([["1."], ["2."], ["+", "-"]]);
    // Blocks without labels (built by other modules) still number from 1.
    expect(listLabel({ kind: "list", ordered: true, items: ["a", "b"] }, 1)).toBe("2.");
  });

  it("the archive line is added once, and not beside one the author wrote", () => {
    expect(recipientsWithArchive(layout, ["- Đảng ủy (để b/c),"], "Chi bộ")).toEqual([
      "- Đảng ủy (để b/c),",
      "- Lưu Chi bộ.",
    ]);
    const own = ["- Thường trực Đảng ủy,", "- Lưu Văn phòng Đảng ủy."];
    expect(recipientsWithArchive(layout, own, "Văn phòng Đảng ủy")).toEqual(own);
    expect(recipientsWithArchive(layout, ["  - lưu VT."], "Chi bộ")).toHaveLength(1);
  });

  it("a level's own template wins; a level without one uses the plain key; none is null", () => {
    const { templates } = centralBooks();
    expect(templateFor(templates, "NQ", "party_committee")).toBe(templates.templates["NQ@party_committee"]);
    expect(templateFor(templates, "NQ", "group")).toBe(templates.templates.NQ);
    expect(templateFor(templates, "KL", "cell")).toBeNull();
  });
});

describe("header lines fitted to their column", () => {
  // Every character 10 units wide at 10 pt, scaled with the size: widths are easy to reason about.
  const measure = (t: string, size: number) => t.length * size;
  it("stays at the rulebook's size when it fits", () => {
    expect(fitHeaderLine("CHI BỘ A", 14, 13, 200, measure)).toEqual({ size: 14, lines: ["CHI BỘ A"] });
  });
  it("steps down half a point at a time, no lower than the minimum, to stay on one line", () => {
    const text = "CHI BỘ KHOA LÝ LUẬN CƠ SỞ"; // 25 characters
    expect(fitHeaderLine(text, 14, 13, 25 * 13.5, measure)).toEqual({ size: 13.5, lines: [text] });
    expect(fitHeaderLine(text, 14, 13, 25 * 13, measure)).toEqual({ size: 13, lines: [text] });
  });
  it("wraps at the rulebook's size when even the minimum does not fit, never leaving one syllable alone", () => {
    const text = "CHI BỘ KHOA LÝ LUẬN CƠ SỞ";
    // Greedy would give "CHI BỘ KHOA LÝ LUẬN CƠ" / "SỞ".
    const fit = fitHeaderLine(text, 14, 13, 22 * 14, measure);
    expect(fit).toEqual({ size: 14, lines: ["CHI BỘ KHOA LÝ LUẬN", "CƠ SỞ"] });
  });
  it("never loses or reorders a word of a long name", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[A-ZĐƠƯ]{1,6}$/u), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 40, max: 400 }),
        (words, width) => {
          const text = words.join(" ");
          const fit = fitHeaderLine(text, 14, 13, width, measure);
          expect(fit.lines.join(" ")).toBe(text);
          expect(fit.size).toBeGreaterThanOrEqual(13);
        },
      ),
    );
  });
});

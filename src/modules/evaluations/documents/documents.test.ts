import { describe, expect, it } from "vitest";
import type { Block, DocumentModel } from "../../documents/model.js";
import { centralBooks } from "../../../../test/support/document-models.js";
import { composeCellReport } from "./cell-report.js";
import { composeDecision, composeDecisionList, composeNotice } from "./decision.js";
import { decimal, percent, roman } from "./format.js";
import { composeReviewMinutes } from "./review-minutes.js";
import * as S from "./samples.js";
import { composeSelfAssessment, scoreSections, selfScoreTotal } from "./self-assessment.js";
import { composeSummary, summaryTotals } from "./summary.js";

/**
 * The evaluation documents as models: the wording of the template rulebook, Vietnamese name order and
 * dates, the totals, and the structure both renderers print.
 */

const books = centralBooks();

const blockText = (b: Block): string[] =>
  b.kind === "heading"
    ? [b.text]
    : b.kind === "paragraph"
      ? [b.spans.map((s) => s.text).join("")]
      : b.kind === "list"
        ? b.items
        : [b.header.join(" | "), ...b.rows.map((r) => r.join(" | "))];
const lines = (m: DocumentModel) => m.body.flatMap(blockText);
const headings = (m: DocumentModel) =>
  m.body.filter((b) => b.kind === "heading").map((b) => (b as { text: string }).text);
const tables = (m: DocumentModel) => m.body.filter((b): b is Extract<Block, { kind: "table" }> => b.kind === "table");
const allText = (m: DocumentModel) =>
  [
    m.header.superior ?? "",
    m.header.issuer,
    m.numberLine,
    m.placeDate,
    m.typeName,
    m.summary,
    ...lines(m),
    ...m.signatures.flatMap((s) => [s.authority ?? "", s.title, s.name]),
    ...(m.recipients ?? []),
  ].join("\n");

describe("formatting", () => {
  it("writes numbers the Vietnamese way", () => {
    expect(decimal(87.5)).toBe("87,5");
    expect(decimal(87)).toBe("87");
    expect(decimal(87.255)).toBe("87,26");
    expect(percent(1, 3)).toBe("33,3%");
    expect(percent(9, 12)).toBe("75%");
    expect(percent(0, 0)).toBe("0%");
    expect([1, 4, 6, 7, 9].map(roman)).toEqual(["I", "IV", "VI", "VII", "IX"]);
  });
});

describe("every evaluation document", () => {
  const all: [string, DocumentModel][] = [
    ["2A", composeSelfAssessment(books, S.SELF_2A)],
    ["2B", composeSelfAssessment(books, S.SELF_2B)],
    ["2C", composeSelfAssessment(books, { ...S.SELF_2B, form: "2C" })],
    [
      "05",
      composeSelfAssessment(books, { ...S.SELF_2B, form: "05", period: { kind: "quarter", year: 2026, quarter: 4 } }),
    ],
    ["01", composeCellReport(books, S.CELL_REPORT)],
    ["BB", composeReviewMinutes(books, S.REVIEW_MINUTES)],
    ["QĐ", composeDecision(books, S.DECISION)],
    ["DS", composeDecisionList(books, S.DECISION)],
    ["TB", composeNotice(books, S.NOTICE)],
    ["04", composeSummary(books, S.SUMMARY)],
  ];
  for (const [name, model] of all) {
    it(`${name}: every placeholder filled, every label found, the party header in place`, () => {
      const text = allText(model);
      expect(text).not.toMatch(/\{\w+(\.\w+)?\}/);
      expect(model.layout.partyName).toBe("ĐẢNG CỘNG SẢN VIỆT NAM");
      expect(model.placeDate).toMatch(/^Lâm Đồng, ngày \d{2} tháng \d{1,2} năm \d{4}$/);
      // Dates in the body are dd/mm/yyyy, never ISO.
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    });
  }
});

describe("the layout in force", () => {
  it("frames the documents by the layout rulebook given (05-HD/VPTW 2026 for the 2026 review)", () => {
    const books2026 = { ...books, layout: centralBooks("document-layout-05-hd-vptw-2026").layout };
    const m = composeCellReport(books2026, { ...S.CELL_REPORT, number: 3, draft: false });
    expect(m.layout).toBe(books2026.layout);
    expect(m.numberLine).toBe("Số 03-BC/CB");
    expect(allText(m)).not.toMatch(/\{\w+(\.\w+)?\}/);
  });
});

describe("bản kiểm điểm cá nhân", () => {
  it("2B: the frame of a personal form — own cell's header, no number, title, year, one signature", () => {
    const m = composeSelfAssessment(books, S.SELF_2B);
    expect(m.header).toEqual({
      superior: "Đảng bộ Trường Chính trị tỉnh Lâm Đồng",
      issuer: "Chi bộ Khoa Lý luận cơ sở",
    });
    expect(m.numberLine).toBe("");
    expect(m.placeDate).toBe("Lâm Đồng, ngày 10 tháng 12 năm 2026");
    expect(m.typeName).toBe("BẢN KIỂM ĐIỂM CÁ NHÂN");
    expect(m.summary).toBe("Năm 2026");
    expect(m.recipients).toBeNull();
    expect(m.signatures).toEqual([{ authority: null, title: "NGƯỜI TỰ KIỂM ĐIỂM", name: "Trần Văn Bình" }]);
  });

  it("2B: the member's details, the name in Vietnamese order, the birth date dd/mm/yyyy", () => {
    const text = lines(composeSelfAssessment(books, S.SELF_2B));
    expect(text).toContain("(Mẫu 2B — dùng cho đảng viên không giữ chức vụ lãnh đạo, quản lý)");
    expect(text).toContain("Họ và tên: Trần Văn Bình");
    expect(text).toContain("Ngày sinh: 07/04/1986");
    expect(text).toContain("Chức vụ chính quyền, đoàn thể: Giảng viên");
    expect(text).toContain("Chi bộ: Chi bộ Khoa Lý luận cơ sở");
  });

  it("2B: the sections of 43-HD in order, without the leader's responsibility part", () => {
    expect(headings(composeSelfAssessment(books, S.SELF_2B))).toEqual([
      "I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC",
      "II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN",
      "III. KẾT QUẢ KHẮC PHỤC NHỮNG HẠN CHẾ, KHUYẾT ĐIỂM ĐÃ ĐƯỢC CẤP CÓ THẨM QUYỀN KẾT LUẬN HOẶC ĐƯỢC CHỈ RA Ở CÁC " +
        "KỲ KIỂM ĐIỂM TRƯỚC",
      "IV. GIẢI TRÌNH CÁC VẤN ĐỀ ĐƯỢC GỢI Ý KIỂM ĐIỂM (nếu có)",
      "V. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM",
      "VI. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG",
    ]);
  });

  it("2A: a leader also clarifies their share of the collective's shortcomings (V) and has seven parts", () => {
    const m = composeSelfAssessment(books, S.SELF_2A);
    const h = headings(m);
    expect(h[4]).toBe("V. LÀM RÕ TRÁCH NHIỆM CỦA CÁ NHÂN ĐỐI VỚI NHỮNG HẠN CHẾ, KHUYẾT ĐIỂM CỦA TẬP THỂ (nếu có)");
    expect(h.at(-1)).toBe("VII. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG");
    expect(lines(m)).toContain("Chức vụ lãnh đạo, quản lý: Trưởng Khoa Lý luận cơ sở");
    expect(lines(m).join("\n")).toContain("chịu trách nhiệm chính");
  });

  it("2C asks for the residence; Mẫu 05 names the quarter", () => {
    const c = composeSelfAssessment(books, {
      ...S.SELF_2B,
      form: "2C",
      member: { ...S.SELF_2B.member, residence: "Tổ dân phố 5, Phường 2" },
    });
    expect(c.typeName).toBe("BẢN KIỂM ĐIỂM ĐẢNG VIÊN");
    expect(lines(c)).toContain("Nơi cư trú: Tổ dân phố 5, Phường 2");
    const q = composeSelfAssessment(books, {
      ...S.SELF_2B,
      form: "05",
      period: { kind: "quarter", year: 2026, quarter: 4 },
    });
    expect(q.typeName).toBe("PHIẾU TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG");
    expect(q.summary).toBe("Quý IV năm 2026");
  });

  it("a term's review names the term", () => {
    const m = composeSelfAssessment(books, { ...S.SELF_2B, period: { kind: "term", term: "2020–2025" } });
    expect(m.summary).toBe("Nhiệm kỳ 2020–2025");
  });

  it("the rubric's criteria take the member's points by id; one without points stays blank", () => {
    const rubric = [
      { label: "Tiêu chí chung", criteria: [{ id: "politics", label: "Tư tưởng chính trị", max: 10 }] },
      {
        label: "Kết quả thực hiện nhiệm vụ",
        criteria: [
          { id: "volume", label: "Khối lượng công việc", max: 40 },
          { id: "quality", label: "Chất lượng công việc", max: 50 },
        ],
      },
    ];
    const sections = scoreSections(rubric, { politics: 9, volume: 35.5 });
    expect(sections[1]!.criteria).toEqual([
      { label: "Khối lượng công việc", max: 40, score: 35.5 },
      { label: "Chất lượng công việc", max: 50, score: null },
    ]);
    expect(selfScoreTotal(sections)).toBeNull();
    expect(selfScoreTotal(scoreSections(rubric, { politics: 9, volume: 35.5, quality: 41.25 }))).toBe(85.75);
  });

  it("the facts chibo holds are printed with their source under the duties section", () => {
    const m = composeSelfAssessment(books, S.SELF_2B);
    const facts = tables(m)[0]!;
    expect(facts.header).toEqual(["Nội dung", "Kết quả", "Nguồn số liệu"]);
    expect(facts.rows[0]).toEqual([
      "Nhiệm vụ được giao",
      "12 nhiệm vụ: đúng hạn 10 (83,3%); quá hạn 1 (8,3%); chưa hoàn thành 1 (8,3%); vượt yêu cầu 4 (33,3%)",
      "Nhiệm vụ chi bộ giao, số liệu ngày 05/12/2026",
    ]);
    expect(facts.rows[1]![1]).toBe("có mặt 11/12 buổi (91,7%); vắng có lý do 1; vắng không lý do 0");
    expect(facts.rows[2]![1]).toBe("2/3 nội dung có kết quả; Hoàn thành tốt kế hoạch năm");
    expect(facts.rows[3]!.slice(0, 2)).toEqual(["Kỷ luật trong kỳ", "Không"]);
    // The table sits under "4. Về thực hiện chức trách…", before the member's own words.
    const text = lines(m);
    const duties = text.indexOf("4. Về thực hiện chức trách, nhiệm vụ được giao");
    expect(text.indexOf(facts.header.join(" | "))).toBeGreaterThan(duties);
    expect(text.findIndex((l) => l.startsWith("Hoàn thành 560 giờ giảng"))).toBeGreaterThan(
      text.indexOf(facts.header.join(" | ")),
    );
  });

  it("a disciplined member's form says so, with the date", () => {
    const facts = {
      ...S.SELF_2B.facts!,
      discipline: {
        ...S.SELF_2B.facts!.discipline,
        entries: [{ form: "reprimand" as const, decidedOn: "2026-06-15", note: null }],
      },
    };
    const m = composeSelfAssessment(books, { ...S.SELF_2B, facts });
    expect(tables(m)[0]!.rows.at(-1)![1]).toBe("Khiển trách (15/06/2026)");
  });

  it("the shortcomings named last time open section III, each with whether it was fixed", () => {
    const text = lines(composeSelfAssessment(books, S.SELF_2B));
    expect(text).toContain("Có lúc chậm nộp báo cáo tháng — đã khắc phục.");
    expect(text).toContain("Ít tham gia ý kiến trong sinh hoạt — chưa khắc phục.");
  });

  it("an empty optional section reads 'Không.'", () => {
    const text = lines(composeSelfAssessment(books, S.SELF_2B));
    const iv = text.indexOf("IV. GIẢI TRÌNH CÁC VẤN ĐỀ ĐƯỢC GỢI Ý KIỂM ĐIỂM (nếu có)");
    expect(text[iv + 1]).toBe("Không.");
  });

  it("the score table: sections with subtotals, criteria, the total of 100, and the level proposed", () => {
    const m = composeSelfAssessment(books, S.SELF_2B);
    const score = tables(m)[1]!;
    expect(score.header).toEqual(["STT", "Tiêu chí", "Điểm tối đa", "Tự chấm"]);
    expect(score.rows[0]!.slice(0, 1).concat(score.rows[0]!.slice(2))).toEqual(["I", "30", "27,5"]);
    expect(score.rows[4]!.slice(0, 1).concat(score.rows[4]!.slice(2))).toEqual(["II", "70", "60"]);
    expect(score.rows.at(-1)).toEqual(["", "Tổng cộng", "100", "87,5"]);
    expect(selfScoreTotal(S.RUBRIC_2B)).toBe(87.5);
    expect(lines(m)).toContain("Tổng điểm tự chấm: 87,5/100 điểm.");
    expect(lines(m)).toContain("Tự nhận mức xếp loại chất lượng: Hoàn thành tốt nhiệm vụ.");
  });

  it("a blank form to print: unscored criteria, missing details and level left to fill by hand", () => {
    const unscored = S.RUBRIC_2B.map((s) => ({
      ...s,
      criteria: s.criteria.map((c, i) => ({ ...c, score: i ? c.score : null })),
    }));
    const blank = composeSelfAssessment(books, {
      ...S.SELF_2B,
      member: { ...S.SELF_2B.member, birthDate: null, partyPost: null },
      scores: unscored,
      proposedLevel: null,
      sections: {},
    });
    const text = lines(blank);
    expect(text).toContain("Ngày sinh: ....................................................");
    expect(tables(blank)[1]!.rows.at(-1)).toEqual(["", "Tổng cộng", "100", ""]);
    expect(text.some((l) => l.startsWith("Tổng điểm tự chấm"))).toBe(false);
    expect(text).toContain("Tự nhận mức xếp loại chất lượng: .....................................................");
    // One blank criterion leaves the total open, and so does a rubric without criteria.
    expect(selfScoreTotal(unscored)).toBeNull();
    expect(selfScoreTotal([])).toBeNull();
    // A section's subtotal waits for its criteria; a scored criterion keeps its points.
    const rows = tables(blank)[1]!.rows;
    expect([rows[0]![3], rows[1]![3], rows[2]![3]]).toEqual(["", "", "9,5"]);
  });
});

describe("Mẫu 01: the cell's report", () => {
  const m = composeCellReport(books, S.CELL_REPORT);
  const text = lines(m);

  it("is a numbered report of the cell, a draft until issued, signed for the cell", () => {
    expect(m.numberLine).toBe("Số      -BC/CB");
    expect(m.draft).toBe(true);
    expect(m.typeName).toBe("BÁO CÁO");
    expect(m.summary).toBe("kiểm điểm tập thể Chi bộ Khoa Lý luận cơ sở năm 2026");
    expect(m.signatures).toEqual([{ authority: "T/M CHI BỘ", title: "BÍ THƯ", name: "Nguyễn Thị Thu Hà" }]);
    expect(m.recipients).toEqual([
      "- Đảng ủy Trường Chính trị tỉnh Lâm Đồng (để báo cáo),",
      "- Đảng viên trong chi bộ,",
      "- Lưu Chi bộ.",
    ]);
  });

  it("drafts the results from the year's facts: tasks, targets, meetings by rating, members by level", () => {
    expect(text.find((l) => l.startsWith("Nhiệm vụ chi bộ giao"))).toBe(
      "Nhiệm vụ chi bộ giao trong năm: 46; hoàn thành đúng hạn 41 (89,1%); hoàn thành quá hạn 3 (6,5%); chưa hoàn " +
        "thành 2 (4,3%). Nguồn: Nhiệm vụ chi bộ giao, số liệu ngày 05/12/2026.",
    );
    const [targets, meetings, members] = tables(m);
    expect(targets!.rows[1]).toEqual(["2", "Sinh hoạt chuyên đề", "4 buổi", "3 buổi", "Chưa đạt"]);
    expect(meetings!.rows).toEqual([
      ["Tốt", "8", "66,7%"],
      ["Khá", "3", "25%"],
      ["Trung bình", "1", "8,3%"],
    ]);
    expect(members!.rows.map((r) => r[1])).toEqual(["2", "9", "1", "0"]);
    expect(members!.rows[1]).toEqual(["Hoàn thành tốt nhiệm vụ", "9", "75%"]);
    expect(text).toContain(
      "Tổng số đảng viên: 14; được đánh giá, xếp loại: 12; không đánh giá: 2 (miễn sinh hoạt: 1; kết nạp chưa đủ 6 " +
        "tháng: 1).",
    );
  });

  it("keeps the committee's words after the facts and ends with the level the cell proposes", () => {
    const facts = text.findIndex((l) => l.startsWith("Nhiệm vụ chi bộ giao"));
    expect(text[facts + 1]).toMatch(/^Chi bộ lãnh đạo Khoa/);
    expect(text.at(-1)).toBe("Chi bộ tự nhận mức xếp loại chất lượng: Hoàn thành tốt nhiệm vụ.");
    expect(headings(m)).toContain("VI. TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG");
  });
});

describe("the review meeting's minutes", () => {
  const m = composeReviewMinutes(books, S.REVIEW_MINUTES);
  const text = lines(m);

  it("opens with time, place, chair, minute-taker and attendance, dated the meeting's day", () => {
    expect(m.placeDate).toBe("Lâm Đồng, ngày 15 tháng 12 năm 2026");
    expect(m.numberLine).toBe("Số 14-BB/CB");
    expect(m.summary).toBe("họp chi bộ kiểm điểm, đánh giá, xếp loại chất lượng năm 2026");
    expect(text[1]).toBe(
      "Hôm nay, vào lúc 14 giờ 00 ngày 15/12/2026, tại Phòng họp số 2, Trường Chính trị tỉnh Lâm Đồng, Chi bộ Khoa " +
        "Lý luận cơ sở họp kiểm điểm, đánh giá, xếp loại chất lượng tập thể và đảng viên năm 2026.",
    );
    expect(text).toContain("Tổng số đảng viên: 14; miễn sinh hoạt: 1; có mặt: 12.");
    expect(text).toContain("Vắng có lý do: Đỗ Văn Hải (ốm).");
    expect(text).toContain("Vắng không lý do: không.");
  });

  it("hears each member in the order of given names, with comments, the vote and the proposal", () => {
    const members = text.filter((l) => /^\d\. Đồng chí /.test(l));
    expect(members).toEqual([
      "1. Đồng chí Lê Thị Ngọc Ánh",
      "2. Đồng chí Trần Văn Bình",
      "3. Đồng chí Nguyễn Thị Thu Hà",
    ]);
    expect(text).toContain(
      "Đồng chí Trần Văn Bình đọc bản tự kiểm điểm; tự chấm 87,5 điểm, tự nhận mức: Hoàn thành tốt nhiệm vụ.",
    );
    expect(text).toContain(
      "Đồng chí Lê Thị Ngọc Ánh: Đồng chí hoàn thành vượt định mức giờ giảng; cần chủ động hơn trong sinh hoạt.",
    );
    // Levels nobody voted for are not listed.
    expect(text).toContain(
      "Kết quả biểu quyết (biểu quyết công khai, 12 đảng viên có mặt): Hoàn thành tốt nhiệm vụ 12/12.",
    );
    expect(text).toContain(
      "Nhận xét của chi ủy, chi bộ nơi cư trú: Gương mẫu chấp hành quy định nơi cư trú (Chi bộ Tổ dân phố 5, " +
        "Phường 2).",
    );
    expect(text).toContain("Không có ý kiến góp ý thêm.");
    const summary = tables(m)[0]!;
    expect(summary.rows.map((r) => [r[1], r[3], r[4]])).toEqual([
      ["Lê Thị Ngọc Ánh", "Hoàn thành tốt nhiệm vụ", "11/12"],
      ["Trần Văn Bình", "Hoàn thành tốt nhiệm vụ", "12/12"],
      ["Nguyễn Thị Thu Hà", "Hoàn thành xuất sắc nhiệm vụ", "10/12"],
    ]);
  });

  it("records the cell's own proposal and is signed by the minute-taker and the chair", () => {
    expect(text).toContain(
      "Chi bộ biểu quyết tự nhận mức xếp loại tập thể (12 đảng viên có mặt): Hoàn thành xuất sắc nhiệm vụ 1/12; " +
        "Hoàn thành tốt nhiệm vụ 11/12. Chi bộ đề nghị mức: Hoàn thành tốt nhiệm vụ.",
    );
    expect(m.signatures.map((s) => [s.title, s.name])).toEqual([
      ["NGƯỜI GHI BIÊN BẢN", "Lê Thị Ngọc Ánh"],
      ["CHỦ TRÌ", "Nguyễn Thị Thu Hà"],
    ]);
    expect(m.recipients).toBeNull();
  });

  it("without the cell's vote the part is left out and the next renumbered", () => {
    const h = headings(composeReviewMinutes(books, { ...S.REVIEW_MINUTES, cellVote: null }));
    expect(h).toEqual([
      "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN",
      "II. NỘI DUNG",
      "III. KIỂM ĐIỂM, ĐÁNH GIÁ TỪNG ĐẢNG VIÊN",
      "IV. KẾT LUẬN",
    ]);
  });
});

describe("the decision, its list and the notice", () => {
  it("QĐ: căn cứ lines, the committee decides, Điều 1 counts the members by level, Điều 2 and 3, recipients", () => {
    const m = composeDecision(books, S.DECISION);
    const text = lines(m);
    expect(m.numberLine).toBe("Số 05-QĐ/ĐU");
    expect(m.header).toEqual({
      superior: "Đảng bộ Khối các cơ quan tỉnh Lâm Đồng",
      issuer: "Đảng ủy Trường Chính trị tỉnh Lâm Đồng",
    });
    expect(m.typeName).toBe("QUYẾT ĐỊNH");
    expect(m.summary).toBe("về việc công nhận kết quả đánh giá, xếp loại chất lượng đảng viên năm 2026");
    expect(text.filter((l) => l.startsWith("- Căn cứ"))).toHaveLength(4);
    expect(text).toContain("- Căn cứ Quy chế làm việc của Đảng ủy Trường Chính trị tỉnh Lâm Đồng nhiệm kỳ 2025–2030;");
    expect(text).toContain("ĐẢNG ỦY TRƯỜNG CHÍNH TRỊ TỈNH LÂM ĐỒNG");
    expect(text).toContain("QUYẾT ĐỊNH:");
    // The cell's own entry is not counted among the members.
    expect(text).toContain(
      "Điều 1. Công nhận kết quả đánh giá, xếp loại chất lượng năm 2026 đối với 6 đảng viên (có danh sách kèm " +
        "theo), cụ thể:",
    );
    expect(text.filter((l) => l.startsWith("- Hoàn thành") || l.startsWith("- Không"))).toEqual([
      "- Hoàn thành xuất sắc nhiệm vụ: 2 (33,3%);",
      "- Hoàn thành tốt nhiệm vụ: 3 (50%);",
      "- Hoàn thành nhiệm vụ: 1 (16,7%);",
      "- Không hoàn thành nhiệm vụ: 0 (0%).",
    ]);
    expect(text.some((l) => l.startsWith("Điều 2. "))).toBe(true);
    expect(text.find((l) => l.startsWith("Điều 3. "))).toContain("các đồng chí có tên tại Điều 1");
    const article = m.body.find((b) => b.kind === "paragraph" && b.spans[0]!.text === "Điều 1. ");
    expect(article && article.kind === "paragraph" && article.spans[0]!.bold).toBe(true);
    expect(m.signatures).toEqual([{ authority: "T/M ĐẢNG ỦY", title: "BÍ THƯ", name: "Phạm Quốc Hưng" }]);
    expect(m.recipients).toEqual([
      "- Ban Tổ chức Đảng ủy Khối các cơ quan tỉnh (để báo cáo),",
      "- Như Điều 3,",
      "- Lưu Văn phòng Đảng ủy.",
    ]);
  });

  it("QĐ on the cells counts the cells only", () => {
    const text = lines(composeDecision(books, { ...S.DECISION, subject: "cells" }));
    expect(text).toContain(
      "Điều 1. Công nhận kết quả đánh giá, xếp loại chất lượng năm 2026 đối với 1 tổ chức đảng trực thuộc (có danh " +
        "sách kèm theo), cụ thể:",
    );
  });

  it("the attached list: one table per level, best first, members by given name, citing the decision", () => {
    const m = composeDecisionList(books, S.DECISION);
    expect(m.typeName).toBe("DANH SÁCH");
    expect(m.numberLine).toBe("");
    expect(lines(m)[0]).toBe(
      "(Kèm theo Quyết định số 05-QĐ/ĐU, ngày 20/01/2027 của Đảng ủy Trường Chính trị tỉnh Lâm Đồng)",
    );
    expect(headings(m)).toEqual([
      "I. HOÀN THÀNH XUẤT SẮC NHIỆM VỤ: 2",
      "II. HOÀN THÀNH TỐT NHIỆM VỤ: 3",
      "III. HOÀN THÀNH NHIỆM VỤ: 1",
    ]);
    const good = tables(m)[1]!;
    expect(good.rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      ["1", "Vũ Đức Anh", "Chi bộ Khoa Xây dựng Đảng"],
      ["2", "Lê Thị Ngọc Ánh", "Chi bộ Khoa Lý luận cơ sở"],
      ["3", "Trần Văn Bình", "Chi bộ Khoa Lý luận cơ sở"],
    ]);
  });

  it("TB: cites the decision and gives the counts for cells and members", () => {
    const m = composeNotice(books, S.NOTICE);
    const text = lines(m);
    expect(m.numberLine).toBe("Số 03-TB/ĐU");
    expect(text[0]).toMatch(
      /^Căn cứ Quyết định số 05-QĐ\/ĐU, ngày 20\/01\/2027 của Đảng ủy Trường Chính trị tỉnh Lâm Đồng/,
    );
    expect(text).toContain("Tổng số tổ chức đảng được đánh giá, xếp loại: 1, trong đó:");
    expect(text).toContain("Tổng số đảng viên được đánh giá, xếp loại: 6, trong đó:");
    expect(text.find((l) => l.includes("quý I năm"))).toContain("quý I năm 2027");
  });
});

describe("Mẫu 04: the summary going up", () => {
  const m = composeSummary(books, S.SUMMARY);
  const text = lines(m);

  it("totals the cells and the members by level with their shares", () => {
    const totals = summaryTotals(S.CELL_RESULTS);
    expect(totals.members).toEqual({
      total: 30,
      evaluated: 27,
      excluded: 3,
      levels: { excellent: 3, good: 21, completed: 2, not_completed: 1 },
    });
    expect(totals.cells.evaluated).toBe(2);
    expect(text).toContain("Tổng số: 3; đã xếp loại: 2; chưa xếp loại: 1.");
    expect(text).toContain(
      "Tổng số: 30; được đánh giá, xếp loại: 27; không đánh giá: 3 (miễn sinh hoạt: 1; kết nạp chưa đủ 6 tháng: 2).",
    );
    const members = tables(m)[1]!;
    expect(members.rows).toEqual([
      ["Hoàn thành xuất sắc nhiệm vụ", "3", "11,1%"],
      ["Hoàn thành tốt nhiệm vụ", "21", "77,8%"],
      ["Hoàn thành nhiệm vụ", "2", "7,4%"],
      ["Không hoàn thành nhiệm vụ", "1", "3,7%"],
      ["Tổng số được đánh giá", "27", "100%"],
    ]);
    expect(text).toContain(
      "Tỷ lệ “Hoàn thành xuất sắc nhiệm vụ” so với “Hoàn thành tốt nhiệm vụ”: 14,3% (mức tối đa 20%).",
    );
  });

  it("lists the cells one by one and the dossier, due by 01/02 at the level above", () => {
    const byCell = tables(m)[2]!;
    expect(byCell.rows[0]).toEqual(["1", "Chi bộ Khoa Lý luận cơ sở", "14", "12", "2", "9", "1", "0", "HTT"]);
    expect(byCell.rows[2]!.at(-1)).toBe("Chưa xếp loại");
    expect(text.filter((l) => /^\d\. /.test(l))).toHaveLength(6);
    expect(text).toContain("Hồ sơ gửi Đảng ủy Khối các cơ quan tỉnh Lâm Đồng trước ngày 01/02/2027.");
    expect(m.numberLine).toBe("Số 02-BC/ĐU");
  });
});

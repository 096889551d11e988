import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { centralBooks, documentText } from "../../../test/support/document-models.js";
import type { IssuerInfo } from "../documents/compose.js";
import type { DocumentModel } from "../documents/model.js";
import { CELL_ISSUER } from "../documents/samples.js";
import { unzipSync, strFromU8 } from "fflate";
import { renderDocx } from "../documents/render-docx.js";
import { renderPdf } from "../documents/render-pdf.js";
import {
  appealResolutionDocument,
  conclusionDocument,
  disciplineDocument,
  type Issuer,
  programmeDocument,
  reportDocument,
  reportSections,
  teamDocument,
} from "./documents.js";
import { reminderDue } from "./model.js";
import { reportFigures, reportPeriod, type ReportRecords } from "./report.js";

/**
 * The module's documents composed from records with the central rulebooks, read as the lines both renderers print;
 * and the pure rules of the report and the reminders. CHIBO_INSPECTION_FILES=dir also writes each document's PDF and
 * DOCX there, to be looked at.
 */

const books = centralBooks("document-layout-05-hd-vptw-2026");
const PARTY: IssuerInfo = {
  kind: "party_committee",
  name: "Đảng bộ Trường Chính trị tỉnh Lâm Đồng",
  abbreviation: "ĐU",
  place: "Lâm Đồng",
  superiorName: "Đảng bộ Khối các cơ quan tỉnh Lâm Đồng",
  termLabel: "2025–2030",
};
const UBKT: Issuer = { info: PARTY, body: "inspection_committee", parentCommittee: "" };
const DANG_UY: Issuer = { info: PARTY, body: "party_committee", parentCommittee: "" };
const CELL: Issuer = { info: CELL_ISSUER, body: "cell", parentCommittee: "Đảng ủy Trường Chính trị tỉnh Lâm Đồng" };
const OUT = process.env.CHIBO_INSPECTION_FILES;

async function look(name: string, model: DocumentModel) {
  if (!OUT) return;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, `${name}.pdf`), await renderPdf(model));
  writeFileSync(path.join(OUT, `${name}.docx`), await renderDocx(model));
}

const FINDINGS = [
  {
    text: "Sổ biên bản sinh hoạt chi bộ ghi chưa đầy đủ",
    remedy: "Bổ sung biên bản các tháng 1–4",
    owner: "Nguyễn Thị Thu Hà",
    dueOn: "2026-06-30",
  },
];

describe("the documents of the UBKT, in the official layout", () => {
  it("the programme: the đảng ủy above the UBKT, number, place and date, a line per subject, signed", async () => {
    const model = programmeDocument(books, UBKT, {
      year: 2026,
      numberText: "01-CTr/UBKTĐU",
      day: "2026-01-15",
      draft: false,
      signerName: "Hồ Thị Phương",
      items: [
        {
          subject: "Chi bộ Khoa Lý luận cơ sở",
          type: "compliance",
          content: "Việc chấp hành nghị quyết và quy chế làm việc",
          lead: "Hồ Thị Phương",
          startsOn: "2026-03-15",
          endsOn: "2026-09-30",
        },
      ],
    });
    const text = documentText(model);
    expect(text).toContain("ĐẢNG ỦY TRƯỜNG CHÍNH TRỊ TỈNH LÂM ĐỒNG\nỦY BAN KIỂM TRA\n*\nSố 01-CTr/UBKTĐU");
    expect(text).toContain("ĐẢNG CỘNG SẢN VIỆT NAM\nLâm Đồng, ngày 15 tháng 01 năm 2026");
    expect(text).toContain("CHƯƠNG TRÌNH\nkiểm tra, giám sát năm 2026");
    expect(text).toContain("| 1 | Chi bộ Khoa Lý luận cơ sở | Việc chấp hành nghị quyết và quy chế làm việc |");
    expect(text).toContain("15/03/2026 – 30/09/2026");
    expect(text).toContain("T/M ỦY BAN KIỂM TRA\nCHỦ NHIỆM");
    expect(text).toContain("- Thường trực Đảng ủy (để b/c),");
    expect(text).toContain("- Lưu UBKT.");
    await look("ctr", model);
  });

  it("a draft programme carries no number and says it is a draft; the đảng ủy's signs as the đảng ủy", () => {
    const text = documentText(
      programmeDocument(books, DANG_UY, {
        year: 2026,
        numberText: null,
        day: "2026-01-10",
        draft: true,
        signerName: "Lê Văn Nam",
        items: [],
      }),
    );
    expect(text).toContain(
      "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH LÂM ĐỒNG\nĐẢNG ỦY TRƯỜNG CHÍNH TRỊ TỈNH LÂM ĐỒNG\n*\nSố      -CTr/ĐU",
    );
    expect(text).toContain("DỰ THẢO");
    expect(text).toContain("T/M ĐẢNG ỦY\nBÍ THƯ");
    expect(text).toContain("- Đảng ủy Khối các cơ quan tỉnh Lâm Đồng (để b/c),");
  });

  it("the decision setting up a team: its basis, the articles, the team's lead", async () => {
    const model = teamDocument(books, UBKT, {
      kind: "decision",
      activity: "inspection",
      subject: "Chi bộ Khoa Lý luận cơ sở",
      content: "việc chấp hành nghị quyết và quy chế làm việc.",
      lead: "Hồ Thị Phương",
      members: [],
      programme: { year: 2026, numberText: "01-CTr/UBKTĐU" },
      period: { from: "2026-03-15", to: "2026-09-30" },
      text: null,
      numberText: "01-QĐ/UBKTĐU",
      day: "2026-03-15",
      signerName: "Hồ Thị Phương",
    });
    const text = documentText(model);
    expect(text).toContain("Số 01-QĐ/UBKTĐU");
    expect(text).toContain("QUYẾT ĐỊNH\nthành lập Đoàn kiểm tra đối với Chi bộ Khoa Lý luận cơ sở");
    expect(text).toContain("_Căn cứ Chương trình kiểm tra, giám sát năm 2026 số 01-CTr/UBKTĐU;_");
    expect(text).toContain("ỦY BAN KIỂM TRA ĐẢNG ỦY TRƯỜNG CHÍNH TRỊ TỈNH LÂM ĐỒNG\nQUYẾT ĐỊNH:");
    expect(text).toContain(
      "Điều 1. Thành lập Đoàn kiểm tra của Ủy ban Kiểm tra Đảng ủy Trường Chính trị tỉnh Lâm Đồng",
    );
    expect(text).toContain("- Đồng chí Hồ Thị Phương – Trưởng đoàn.");
    expect(text).toContain("Thời gian kiểm tra: 15/03/2026 – 30/09/2026.");
    await look("qd", model);
  });

  it("the conclusion notice: the decision it follows, the conclusion, the findings with owners and dates", async () => {
    const model = conclusionDocument(books, UBKT, {
      activity: "inspection",
      subject: "Chi bộ Khoa Lý luận cơ sở",
      content: "việc chấp hành nghị quyết và quy chế làm việc",
      decision: { type: "QĐ", numberText: "01-QĐ/UBKTĐU", day: "2026-03-15" },
      receivedOn: null,
      conclusion: "Chi bộ cơ bản chấp hành tốt nghị quyết và quy chế làm việc.",
      findings: FINDINGS,
      listsFindings: true,
      numberText: "01-TB/UBKTĐU",
      day: "2026-04-12",
      signerName: "Hồ Thị Phương",
    });
    const text = documentText(model);
    expect(text).toContain("Số 01-TB/UBKTĐU");
    expect(text).toContain("Lâm Đồng, ngày 12 tháng 4 năm 2026");
    expect(text).toContain("THÔNG BÁO\nkết luận kiểm tra đối với Chi bộ Khoa Lý luận cơ sở");
    expect(text).toContain("Thực hiện Quyết định số 01-QĐ/UBKTĐU ngày 15/03/2026");
    expect(text).toContain("| 1 | Sổ biên bản sinh hoạt chi bộ ghi chưa đầy đủ |");
    expect(text).toContain("30/06/2026");
    await look("tb", model);
  });

  it("a cell's inspection: its plan (KH), not a decision, and the notice that follows the plan", async () => {
    const plan = teamDocument(books, CELL, {
      kind: "plan",
      activity: "inspection",
      subject: "đồng chí Trần Văn B",
      content: "việc thực hiện nhiệm vụ được chi bộ phân công.",
      lead: "Nguyễn Thị Thu Hà",
      members: [],
      programme: { year: 2026, numberText: "01-CTr/CB" },
      period: { from: "2026-04-01", to: "2026-06-30" },
      text: null,
      numberText: "03-KH/CB",
      day: "2026-04-01",
      signerName: "Nguyễn Thị Thu Hà",
    });
    const planText = documentText(plan);
    expect(planText).toContain("Số 03-KH/CB");
    expect(planText).toContain("KẾ HOẠCH\nkiểm tra đối với đồng chí Trần Văn B");
    expect(planText).toContain("Đối tượng kiểm tra: đồng chí Trần Văn B.");
    expect(planText).toContain("Thời gian kiểm tra: 01/04/2026 – 30/06/2026.");
    expect(planText).toContain("Đồng chí Nguyễn Thị Thu Hà chủ trì cuộc kiểm tra");
    expect(planText).not.toMatch(/QUYẾT ĐỊNH|giám sát chuyên đề|Đoàn kiểm tra/u);
    expect(planText).toContain("T/M CHI BỘ");
    // The recipients open with a capital, though the text names the member "đồng chí …".
    expect(planText).toContain("- Đồng chí Trần Văn B,");
    await look("kh-kt-cb", plan);
    const notice = documentText(
      conclusionDocument(books, CELL, {
        activity: "inspection",
        subject: "đồng chí Trần Văn B",
        content: "việc thực hiện nhiệm vụ được chi bộ phân công",
        decision: { type: "KH", numberText: "03-KH/CB", day: "2026-04-01" },
        receivedOn: null,
        conclusion: "Đồng chí hoàn thành nhiệm vụ được phân công.",
        findings: [],
        listsFindings: true,
        numberText: "04-TB/CB",
        day: "2026-06-30",
        signerName: "Nguyễn Thị Thu Hà",
      }),
    );
    expect(notice).toContain("Thực hiện Kế hoạch số 03-KH/CB ngày 01/04/2026 của Chi bộ Khoa Lý luận cơ sở");
    expect(notice).not.toContain("Quyết định số");
  });

  it("a confidential case's notice prints no findings section and never a denouncer", () => {
    const text = documentText(
      conclusionDocument(books, UBKT, {
        activity: "denunciation",
        subject: "đồng chí Trần Văn B",
        content: "x",
        decision: null,
        receivedOn: "2026-03-10",
        conclusion: "Nội dung tố cáo không có cơ sở.",
        findings: [],
        listsFindings: false,
        numberText: "02-TB/UBKTĐU",
        day: "2026-04-20",
        signerName: "Hồ Thị Phương",
      }),
    );
    expect(text).toContain("kết luận giải quyết tố cáo đối với đồng chí Trần Văn B");
    expect(text).toContain("Ngày 10/03/2026, Ủy ban Kiểm tra");
    expect(text).not.toContain("Hạn chế, khuyết điểm và yêu cầu khắc phục");
    expect(text).toContain("## 2. Tổ chức thực hiện");
  });

  it("the discipline decision: the form in capitals, the reason, the appeal window from the rulebook", async () => {
    const model = disciplineDocument(books, UBKT, {
      name: "Trần Văn B",
      cellName: "Chi bộ Khoa Lý luận cơ sở",
      form: "warning",
      reason: "Vi phạm quy định về kê khai.",
      windowDays: 30,
      numberText: "05-QĐ/UBKTĐU",
      day: "2026-04-01",
      draft: false,
      signerName: "Hồ Thị Phương",
    });
    const text = documentText(model);
    expect(text).toContain("Số 05-QĐ/UBKTĐU");
    expect(text).toContain("Điều 1. Thi hành kỷ luật bằng hình thức CẢNH CÁO đối với đồng chí Trần Văn B");
    expect(text).toContain("Điều 3. Trong thời hạn 30 ngày kể từ ngày nhận Quyết định này");
    await look("qd-kl", model);
  });

  it("the notice of an appeal's resolution names the decision, the outcome and its date, in the TB sequence", async () => {
    const base = {
      name: "Trần Văn B",
      cellName: "Chi bộ Khoa Lý luận cơ sở",
      decision: { numberText: "05-QĐ/UBKTĐU", day: "2026-04-01", body: "Ủy ban Kiểm tra Đảng ủy Trường" },
      form: "warning" as const,
      appealedOn: "2026-04-20",
      resolvedOn: "2026-06-15",
      text: "Xét đơn và hồ sơ, vi phạm có tình tiết giảm nhẹ.",
      numberText: "07-TB/UBKTĐU",
      signerName: "Hồ Thị Phương",
    };
    const changed = documentText(
      appealResolutionDocument(books, UBKT, { ...base, outcome: "changed", newForm: "reprimand" }),
    );
    expect(changed).toContain("Số 07-TB/UBKTĐU");
    expect(changed).toContain("THÔNG BÁO");
    expect(changed).toContain("khiếu nại Quyết định số 05-QĐ/UBKTĐU ngày 01/04/2026");
    expect(changed).toContain("Ngày 20/04/2026, đồng chí Trần Văn B");
    expect(changed).toContain("Ngày 15/06/2026,");
    expect(changed).toContain("thay đổi hình thức kỷ luật đối với đồng chí Trần Văn B từ cảnh cáo thành khiển trách");
    expect(changed).toContain("vi phạm có tình tiết giảm nhẹ");
    const upheld = documentText(appealResolutionDocument(books, UBKT, { ...base, outcome: "upheld", newForm: null }));
    expect(upheld).toContain("giữ nguyên hình thức kỷ luật cảnh cáo");
    expect(upheld).not.toContain("thành khiển trách");
    const annulled = appealResolutionDocument(books, UBKT, {
      ...base,
      decision: { ...base.decision, numberText: null, body: null },
      outcome: "annulled",
      newForm: null,
    });
    const text = documentText(annulled);
    expect(text).toContain("xóa bỏ quyết định kỷ luật đối với đồng chí Trần Văn B");
    expect(text).toContain("quyết định ngày 01/04/2026 của tổ chức đảng cấp trên");
    await look("tb-kn", annulled);
    await look(
      "tb-kn-changed",
      appealResolutionDocument(books, UBKT, { ...base, outcome: "changed", newForm: "reprimand" }),
    );
  });

  it("the report: drafted from the figures, titled by its period", async () => {
    const period = reportPeriod("quarter", 2026, 2);
    const figures = reportFigures(period, RECORDS);
    const model = reportDocument(books, UBKT, {
      period,
      sections: reportSections(books, figures),
      numberText: "01-BC/UBKTĐU",
      day: "2026-07-05",
      draft: false,
      signerName: "Hồ Thị Phương",
    });
    const text = documentText(model);
    expect(text).toContain("BÁO CÁO\nkết quả công tác kiểm tra, giám sát quý II năm 2026");
    expect(text).toContain("| Kiểm tra chấp hành | 1 | 1 |");
    expect(text).toContain(
      "- Số đảng viên bị thi hành kỷ luật: 1 (khiển trách: 0; cảnh cáo: 1; cách chức: 0; khai trừ: 0).",
    );
    expect(text).toContain("- Số đơn tố cáo nhận được: 0; đã giải quyết xong: 1; đang giải quyết đến cuối kỳ: 0.");
    expect(text).toContain("- Ủy ban Kiểm tra Đảng ủy Khối các cơ quan tỉnh Lâm Đồng (để b/c),");
    await look("bc", model);
  });

  it("the report's '|' rows print as real tables in the DOCX, not as text with pipes", async () => {
    const period = reportPeriod("year", 2026, null);
    const model = reportDocument(books, UBKT, {
      period,
      sections: reportSections(books, reportFigures(period, RECORDS)),
      numberText: null,
      day: "2026-12-03",
      draft: true,
      signerName: "Hồ Thị Phương",
    });
    const tables = model.body.filter((b) => b.kind === "table");
    expect(tables.length).toBe(2);
    expect(tables[1]).toMatchObject({ rows: expect.arrayContaining([["Kiểm tra chấp hành", "2", "1"]]) });
    const xml = strFromU8(unzipSync(new Uint8Array(await renderDocx(model)))["word/document.xml"]!);
    expect(xml.match(/<w:tbl>/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(xml).not.toMatch(/<w:t[^>]*>\|[^<]*Kiểm tra chấp hành/u);
    await look("bc-year", model);
  });
});

const RECORDS: ReportRecords = {
  programmes: [
    {
      title: "Chương trình năm 2026",
      body: "inspection_committee",
      items: [
        { startsOn: "2026-03-15", endsOn: "2026-09-30", concludedOn: "2026-04-12" },
        { startsOn: "2026-07-01", endsOn: "2026-09-30", concludedOn: null },
        { startsOn: "2026-05-01", endsOn: "2026-06-30", concludedOn: "2026-07-10" },
      ],
    },
  ],
  cases: [
    { type: "compliance", startedOn: "2026-03-15", concludedOn: "2026-04-12", receivedOn: null },
    { type: "compliance", startedOn: "2026-07-02", concludedOn: null, receivedOn: null },
    { type: "violation", startedOn: "2026-03-11", concludedOn: "2026-03-26", receivedOn: null },
    { type: "denunciation", startedOn: "2026-03-10", concludedOn: "2026-04-20", receivedOn: "2026-03-10" },
    { type: "denunciation", startedOn: "2026-07-01", concludedOn: null, receivedOn: "2026-07-01" },
  ],
  findings: [
    { concludedOn: "2026-04-12", dueOn: "2026-05-31", closedOn: null },
    { concludedOn: "2026-04-12", dueOn: "2026-06-30", closedOn: "2026-05-05" },
    { concludedOn: "2026-03-26", dueOn: "2026-07-31", closedOn: "2026-07-02" },
  ],
  discipline: [
    { form: "warning", decidedOn: "2026-04-01", appealedOn: "2026-05-02" },
    { form: "reprimand", decidedOn: "2026-07-01", appealedOn: null },
    { form: null, decidedOn: null, appealedOn: null },
  ],
};

describe("the report's period and figures", () => {
  it("a quarter runs from its first to its last day; a year is the calendar year", () => {
    expect(reportPeriod("quarter", 2026, 1)).toMatchObject({ fromOn: "2026-01-01", toOn: "2026-03-31" });
    expect(reportPeriod("quarter", 2028, 1).toOn).toBe("2028-03-31");
    expect(reportPeriod("quarter", 2026, 4)).toMatchObject({ fromOn: "2026-10-01", toOn: "2026-12-31" });
    expect(reportPeriod("year", 2026, null)).toMatchObject({ fromOn: "2026-01-01", toOn: "2026-12-31" });
  });

  it("counts the quarter's programme lines, cases, findings, discipline and denunciations at its end", () => {
    const f = reportFigures(reportPeriod("quarter", 2026, 2), RECORDS);
    // Lines overlapping April–June: the first (done 12/4) and the third (done only in July).
    expect(f.programmes).toEqual([
      { title: "Chương trình năm 2026", body: "inspection_committee", planned: 2, done: 1 },
    ]);
    expect(f.byType.find((r) => r.type === "compliance")).toEqual({ type: "compliance", carried: 1, concluded: 1 });
    // The violation case concluded in March: not carried in Q2.
    expect(f.byType.find((r) => r.type === "violation")).toEqual({ type: "violation", carried: 0, concluded: 0 });
    expect(f.findings).toEqual({ raised: 2, closed: 1, open: 2, overdue: 1 });
    expect(f.discipline.total).toBe(1);
    expect(f.discipline.byForm.warning).toBe(1);
    expect(f.discipline.appeals).toBe(1);
    expect(f.denunciations).toEqual({ received: 0, resolved: 1, pending: 0 });
  });

  it("the year counts everything of the year; an undecided proposal is never counted as discipline", () => {
    const f = reportFigures(reportPeriod("year", 2026, null), RECORDS);
    expect(f.programmes[0]).toMatchObject({ planned: 3, done: 2 });
    expect(f.discipline.total).toBe(2);
    expect(f.denunciations).toEqual({ received: 2, resolved: 1, pending: 1 });
    expect(f.findings).toEqual({ raised: 3, closed: 2, open: 1, overdue: 1 });
  });
});

describe("reminders, each once", () => {
  it("the nearest threshold reached names the key; nothing before the first; once more when passed", () => {
    expect(reminderDue("x", "2026-05-31", "2026-05-20", [7, 1])).toBeNull();
    expect(reminderDue("x", "2026-05-31", "2026-05-24", [7, 1])).toEqual({
      key: "x:2026-05-31:before:7",
      days: 7,
      passed: false,
    });
    expect(reminderDue("x", "2026-05-31", "2026-05-30", [1, 7])?.key).toBe("x:2026-05-31:before:1");
    expect(reminderDue("x", "2026-05-31", "2026-05-31", [7, 1])?.key).toBe("x:2026-05-31:before:1");
    expect(reminderDue("x", "2026-05-31", "2026-06-01", [7, 1])).toEqual({
      key: "x:2026-05-31:passed",
      days: 1,
      passed: true,
    });
    // A moved deadline is a new one: its reminders go out again.
    expect(reminderDue("x", "2026-06-15", "2026-06-10", [7])?.key).toBe("x:2026-06-15:before:7");
  });
});

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { centralBooks, documentText } from "../../../test/support/document-models.js";
import type { MinutesData } from "../meetings/minutes.js";
import { composeDocument, type IssuerInfo, issuerLevel, placeholderValues } from "./compose.js";
import { fill, starterSections, templateFor } from "./model.js";
import { CELL_ISSUER, NOVEMBER_MINUTES } from "./samples.js";

/**
 * Golden texts: every document type each issuer level may issue, composed as a new draft starts (the template's
 * summary, preamble, headings, fixed wording and starter text, its default recipients, the signature), compared
 * paragraph by paragraph with test/fixtures/documents/golden/<level>/<template>.txt. A wording change in the
 * template rulebook fails here until the golden file is regenerated and read:
 * CHIBO_UPDATE_GOLDEN=1 npx vitest run src/modules/documents/golden.test.ts
 */

const GOLDEN_DIR = path.resolve("test/fixtures/documents/golden");
const UPDATE = process.env.CHIBO_UPDATE_GOLDEN === "1";
const { layout, templates } = centralBooks();

const PARTY_COMMITTEE: IssuerInfo = {
  kind: "party_committee",
  name: "Đảng bộ Trường Chính trị tỉnh Lâm Đồng",
  abbreviation: "ĐU",
  place: "Lâm Đồng",
  superiorName: "Đảng bộ Khối các cơ quan tỉnh Lâm Đồng",
  termLabel: "2025–2030",
};

interface Case {
  name: string;
  issuer: IssuerInfo;
  congress: string | null;
  issuingBody: string | null;
  /** Wording of a cell that must not appear (the level is not a cell). */
  notCell: boolean;
}

const CASES: Case[] = [
  { name: "cell", issuer: CELL_ISSUER, congress: null, issuingBody: null, notCell: false },
  { name: "party_committee", issuer: PARTY_COMMITTEE, congress: null, issuingBody: null, notCell: true },
  {
    name: "inspection_committee",
    issuer: PARTY_COMMITTEE,
    congress: null,
    issuingBody: "inspection_committee",
    notCell: true,
  },
  { name: "congress", issuer: CELL_ISSUER, congress: "Đại hội 2025", issuingBody: null, notCell: false },
  {
    name: "congress-party_committee",
    issuer: PARTY_COMMITTEE,
    congress: "Đại hội 2025",
    issuingBody: null,
    notCell: true,
  },
];

/** The minutes of a meeting in words that belong to no level, so only the template's labels speak. */
function minutesFor(issuer: IssuerInfo, title: string): MinutesData {
  return {
    ...NOVEMBER_MINUTES,
    organizationName: issuer.name,
    meetingTitle: title,
    guests: [],
    agenda: ["Đánh giá kết quả tháng 10 năm 2026", "Nhiệm vụ tháng 11 năm 2026"],
    content: ["Báo cáo kết quả thực hiện nhiệm vụ tháng 10 năm 2026."],
    contributions: [{ speaker: "Trần Quốc Bảo", text: "Thống nhất với báo cáo." }],
    criticism: [],
    tasks: [{ what: "Hoàn thành kế hoạch quý IV", who: "Phạm Văn Đức", deadline: "30/11/2026" }],
    conclusion: ["Thống nhất các nhiệm vụ trọng tâm tháng 11 năm 2026."],
    quality: null,
  };
}

/** The template keys a level writes: the types it may issue, and a meeting's resolution and opinions report. */
function keysOf(level: string): string[] {
  const types = layout.issuable.byKind[level] ?? [];
  const variants = level === "cell" || level === "party_committee" ? ["NQSH", "BCYK"] : [];
  return [...types, ...variants].filter((key) => templateFor(templates, key, level));
}

const TYPE_OF: Record<string, string> = { NQSH: "NQ", BCYK: "BC" };

/** What the originating record supplies (the meeting of a resolution, the draft an opinions report is about). */
const PLACEHOLDERS = {
  meetingTitle: "hội nghị thường kỳ tháng 11 năm 2026",
  meetingDate: "03/11/2026",
  resolutionSummary: "lãnh đạo thực hiện nhiệm vụ tháng 11 năm 2026",
  draftSummary: "báo cáo chính trị của cấp trên",
};

function compose(c: Case, key: string) {
  const level = issuerLevel(c.issuer.kind, c);
  const template = templateFor(templates, key, level)!;
  const day = "2026-11-05";
  const values = placeholderValues(c.issuer, { day, minutes: null, placeholders: PLACEHOLDERS });
  const type = TYPE_OF[key] ?? key;
  const minutes = type === "BB" ? minutesFor(c.issuer, fill(template.summary, values) || "hội nghị") : null;
  return composeDocument({
    layout,
    templates,
    issuer: c.issuer,
    data: {
      type,
      templateKey: key,
      summary: fill(template.summary, values),
      sections: minutes ? [] : starterSections(template, values),
      recipients: template.recipients.map((r) => fill(r, values)),
      signerName: "Nguyễn Thị Thu Hà",
      signerRole: "secretary",
      number: 3,
      day,
      draft: false,
      congress: c.congress,
      issuingBody: c.issuingBody,
      minutes,
      placeholders: PLACEHOLDERS,
    },
  });
}

describe("golden texts: each document type by each issuer level", () => {
  it("every level has types to write", () => {
    for (const c of CASES) expect(keysOf(issuerLevel(c.issuer.kind, c)).length, c.name).toBeGreaterThan(2);
  });

  for (const c of CASES) {
    for (const key of keysOf(issuerLevel(c.issuer.kind, c))) {
      it(`${c.name} ${key}`, () => {
        const model = compose(c, key);
        const text = documentText(model);
        const file = path.join(GOLDEN_DIR, c.name, `${key}.txt`);
        if (UPDATE || !existsSync(file)) {
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, text);
        }
        expect(text).toBe(readFileSync(file, "utf8"));
        // Unfilled placeholders would print as {name}.
        expect(text).not.toMatch(/\{\w+\}/u);
        // The archive line once, and never beside an author's own.
        if (model.recipients) expect(model.recipients.filter((r) => r.startsWith("- Lưu")).length).toBe(1);
        if (c.notCell) {
          // The wording a đảng ủy resolution once printed from the cell's template.
          expect(text).not.toMatch(/sinh hoạt chi bộ|Chi bộ thống nhất|trong chi bộ|Lưu Chi bộ|T\/M CHI BỘ/u);
        }
      });
    }
  }

  it("the levels differ where the issue saw them wrong: a đảng ủy resolution speaks as the đảng ủy", () => {
    const text = documentText(compose(CASES[1]!, "NQ"));
    expect(text).toContain("Căn cứ kết quả hội nghị Ban Chấp hành Đảng bộ Trường Chính trị tỉnh Lâm Đồng tháng 11");
    expect(text).toContain("Ban Chấp hành Đảng bộ Trường Chính trị tỉnh Lâm Đồng thống nhất quyết nghị:");
    expect(text).toContain("đảng viên trong đảng bộ");
    expect(text).toContain("- Đảng ủy Khối các cơ quan tỉnh Lâm Đồng (để b/c),");
    expect(text).toContain("- Lưu Văn phòng Đảng ủy.");
    expect(text).toContain("T/M ĐẢNG ỦY");
    const ubkt = documentText(compose(CASES[2]!, "KL"));
    expect(ubkt).toContain("ĐẢNG ỦY TRƯỜNG CHÍNH TRỊ TỈNH LÂM ĐỒNG\nỦY BAN KIỂM TRA");
    expect(ubkt).toContain("Số 03-KL/UBKTĐU");
    expect(ubkt).toContain("T/M ỦY BAN KIỂM TRA\nCHỦ NHIỆM");
    expect(documentText(compose(CASES[3]!, "NQ"))).toContain("Số 03-NQ/ĐH");
  });
});

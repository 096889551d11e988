import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { centralBooks } from "../../../../test/support/document-models.js";
import { MEMBER_RESULTS, SUMMARY } from "./samples.js";
import { writeSummaryWorkbook } from "./xlsx.js";

/** The XLSX summary read back: its sheets, headers, counts, shares and dates. */

async function readBack() {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeSummaryWorkbook(centralBooks(), SUMMARY, MEMBER_RESULTS)) as unknown as ArrayBuffer);
  return wb;
}

const values = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1);

describe("the XLSX summary", () => {
  it("has one sheet per level of aggregation, with Vietnamese headers", async () => {
    const wb = await readBack();
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tổng hợp", "Chi bộ", "Đảng viên"]);
    expect(values(wb.getWorksheet("Chi bộ")!.getRow(1)).slice(0, 6)).toEqual([
      "STT",
      "Chi bộ",
      "Số đảng viên",
      "Được đánh giá",
      "HTXS",
      "Tỷ lệ HTXS",
    ]);
    expect(values(wb.getWorksheet("Đảng viên")!.getRow(1))[2]).toBe("Ngày sinh");
  });

  it("the overview counts members and cells, with shares as numbers shown as percentages", async () => {
    const ws = (await readBack()).getWorksheet("Tổng hợp")!;
    const members = ws.getRow(3);
    expect(values(members).slice(0, 5)).toEqual(["Đảng viên", 30, 27, 3, 3]);
    expect(members.getCell(6).value as number).toBeCloseTo(3 / 27, 6);
    expect(members.getCell(6).numFmt).toBe("0.0%");
    expect(members.getCell(8).value as number).toBeCloseTo(21 / 27, 6);
    expect(values(ws.getRow(2)).slice(0, 4)).toEqual(["Tổ chức đảng trực thuộc", 3, 2, 1]);
  });

  it("lists each cell with its own level, the undecided one blank", async () => {
    const ws = (await readBack()).getWorksheet("Chi bộ")!;
    expect(ws.getRow(2).getCell(2).value).toBe("Chi bộ Khoa Lý luận cơ sở");
    expect(ws.getRow(2).getCell(14).value).toBe("Hoàn thành tốt nhiệm vụ");
    expect(ws.getRow(4).getCell(14).value ?? "").toBe("");
    expect(ws.getRow(4).getCell(12).value as number).toBeCloseTo(1 / 6, 6);
  });

  it("lists members cell by cell and by given name, dates as dates shown dd/mm/yyyy", async () => {
    const ws = (await readBack()).getWorksheet("Đảng viên")!;
    expect([2, 3, 4].map((r) => ws.getRow(r).getCell(2).value)).toEqual([
      "Trần Văn Bình",
      "Nguyễn Thị Thu Hà",
      "Vũ Đức Anh",
    ]);
    const born = ws.getRow(2).getCell(3);
    expect(born.value).toEqual(new Date("1986-04-07T00:00:00Z"));
    expect(born.numFmt).toBe("dd/mm/yyyy");
    expect(ws.getRow(2).getCell(11).value).toEqual(new Date("2027-01-20T00:00:00Z"));
    expect(ws.getRow(2).getCell(7).value).toBe(87.5);
    // Not yet decided: no level and no date.
    expect(ws.getRow(4).getCell(10).value ?? "").toBe("");
    expect(ws.getRow(4).getCell(11).value ?? null).toBeNull();
  });
});

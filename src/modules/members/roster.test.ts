import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  ROSTER_COLUMNS,
  ROSTER_MAX_ROWS_CLI,
  decodeCsvBytes,
  foldText,
  formatRosterDate,
  parseCsvRecords,
  parseRoster,
  parseRosterDate,
  readRosterSheet,
  validateRosterRows,
  writeRosterXlsx,
  type ParsedMember,
  type RosterRow,
} from "./roster.js";

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function member(overrides: Partial<ParsedMember> & { fullName: string }): ParsedMember {
  return {
    cardNumber: null,
    status: "full",
    cellCode: null,
    dateOfBirth: null,
    gender: null,
    ethnicity: null,
    education: null,
    admissionDate: null,
    ceremonyDate: null,
    officialDate: null,
    phone: null,
    email: null,
    unit: null,
    ...overrides,
  };
}

const TONE_MARKS = new Set(["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]);

/**
 * What Windows writes for windows-1258: base letters (including â, ơ, ư …)
 * precomposed, tone marks as separate combining characters. iconv-lite maps
 * code point by code point, so it needs the text in this shape first.
 */
function toCp1258Shape(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFC")) {
    const parts = [...ch.normalize("NFD")];
    const tones = parts.filter((p) => TONE_MARKS.has(p)).join("");
    const base = parts
      .filter((p) => !TONE_MARKS.has(p))
      .join("")
      .normalize("NFC");
    out += base + tones;
  }
  return out;
}

function encode1258(s: string): Uint8Array {
  const bytes = iconv.encode(toCp1258Shape(s), "windows-1258");
  // Guard the fixture itself: an unmappable character would silently become "?".
  expect(iconv.decode(bytes, "windows-1258").normalize("NFC")).toBe(s.normalize("NFC"));
  return bytes;
}

async function xlsxFrom(build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  build(ws, wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function members(result: { rows: { member: ParsedMember | null }[] }): ParsedMember[] {
  return result.rows.flatMap((r) => (r.member ? [r.member] : []));
}

// ---------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------

describe("XLSX round trip", () => {
  const sample: ParsedMember[] = [
    member({
      fullName: "Nguyễn Thị Hường",
      cardNumber: "79012345",
      status: "full",
      cellCode: "CB-NOI",
      dateOfBirth: "1975-12-31",
      gender: "female",
      ethnicity: "Kinh",
      education: "Thạc sĩ Y khoa",
      admissionDate: "2001-02-03",
      ceremonyDate: "2001-03-19",
      officialDate: "2002-03-19",
      phone: "0912 345 678",
      email: "huong.nt@benhvien.vn",
      unit: "Khoa Nội tổng hợp",
    }),
    member({ fullName: "Lò Văn Páo", status: "probationary", gender: "male", ethnicity: "Thái", cardNumber: "00123" }),
    member({ fullName: "Trần Ánh Dương" }),
  ];

  it("write → parse gives back the same members, with no problems", async () => {
    const bytes = await writeRosterXlsx(sample);
    expect(bytes[0]).toBe(0x50); // "PK"
    const result = await parseRoster(bytes, "export.xlsx");
    expect(result.format).toBe("xlsx");
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4]);
    expect(members(result)).toEqual(sample);
  });

  it("writes the Vietnamese headers and dd/mm/yyyy text dates", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeRosterXlsx(sample)).slice().buffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error("no worksheet");
    const headers = ROSTER_COLUMNS.map((_, i) => ws.getRow(1).getCell(i + 1).value);
    expect(headers).toEqual(ROSTER_COLUMNS.map((c) => c.header));
    expect(headers).toContain("Họ và tên");
    const dobCol = ROSTER_COLUMNS.findIndex((c) => c.key === "dateOfBirth") + 1;
    const cardCol = ROSTER_COLUMNS.findIndex((c) => c.key === "cardNumber") + 1;
    const statusCol = ROSTER_COLUMNS.findIndex((c) => c.key === "status") + 1;
    expect(ws.getRow(2).getCell(dobCol).value).toBe("31/12/1975");
    expect(ws.getRow(3).getCell(cardCol).value).toBe("00123");
    expect(ws.getRow(3).getCell(statusCol).value).toBe("Dự bị");
  });

  it("round-trips arbitrary valid members (property)", async () => {
    const letters = [..."aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"];
    const word = fc
      .array(fc.constantFrom(...letters), { minLength: 1, maxLength: 7 })
      .map((cs) => cs.join(""))
      .map((w) => (w[0] ?? "").toUpperCase() + w.slice(1));
    const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(" "));
    const isoDate = fc
      .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
    const memberArb: fc.Arbitrary<ParsedMember> = fc
      .record({
        fullName: text,
        cardNumber: nullable(fc.stringMatching(/^[0-9A-Z]{1,12}$/)),
        status: fc.constantFrom("full" as const, "probationary" as const),
        cellCode: nullable(fc.stringMatching(/^[A-Z0-9]{2,6}$/)),
        dateOfBirth: nullable(isoDate),
        gender: nullable(fc.constantFrom("male" as const, "female" as const)),
        ethnicity: nullable(text),
        education: nullable(text),
        admissionDate: nullable(isoDate),
        ceremonyDate: nullable(isoDate),
        officialDate: nullable(isoDate),
        phone: nullable(fc.stringMatching(/^0[0-9]{9}$/)),
        email: nullable(fc.stringMatching(/^[a-z0-9]{1,10}@[a-z]{2,8}\.vn$/)),
        unit: nullable(text),
      })
      .map((m) => {
        // Valid means in life's order, the API's rule (model.ts dateOrderIssues): put the given dates in order.
        const keys = (["dateOfBirth", "admissionDate", "ceremonyDate", "officialDate"] as const).filter(
          (k) => m[k] !== null,
        );
        const sorted = keys.map((k) => m[k]!).sort();
        keys.forEach((k, i) => (m[k] = sorted[i]!));
        return m;
      });
    const unique = fc.uniqueArray(memberArb, {
      minLength: 1,
      maxLength: 8,
      selector: (m) => m.cardNumber ?? Symbol(),
    });
    await fc.assert(
      fc.asyncProperty(unique, async (ms) => {
        const result = await parseRoster(await writeRosterXlsx(ms), "x.xlsx");
        expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
        expect(members(result)).toEqual(ms);
      }),
      { numRuns: 25 },
    );
  });
});

describe("Excel cell types", () => {
  it("reads Date cells, date serials, formulas, rich text, hyperlinks and numeric phones", async () => {
    const bytes = await xlsxFrom((ws) => {
      ws.addRow(["Họ và tên", "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "Email", "Điện thoại", "Số thẻ"]);
      const r = ws.addRow([
        { richText: [{ text: "Phạm ", font: { bold: true } }, { text: "Minh Chính" }] },
        new Date(Date.UTC(1980, 4, 3)),
        // 36526 = 01/01/2000 stored as a plain number (General format)
        36526,
        { formula: "DATE(2001,1,1)", result: new Date(Date.UTC(2001, 0, 1)) },
        { text: "chinh@example.vn", hyperlink: "mailto:chinh@example.vn" },
        912345678,
        { formula: '"7901"&"2345"', result: "79012345" },
      ]);
      r.getCell(2).numFmt = "dd/mm/yyyy";
      r.getCell(4).numFmt = "dd/mm/yyyy";
    });
    const result = await parseRoster(bytes, "cells.xlsx");
    expect(result.problems).toEqual([]);
    expect(members(result)).toEqual([
      member({
        fullName: "Phạm Minh Chính",
        dateOfBirth: "1980-05-03",
        admissionDate: "2000-01-01",
        officialDate: "2001-01-01",
        email: "chinh@example.vn",
        phone: "0912345678",
        cardNumber: "79012345",
      }),
    ]);
  });

  it("reads Date cells by their UTC parts whatever the server time zone", async () => {
    const bytes = await xlsxFrom((ws) => {
      ws.addRow(["Họ và tên", "Ngày sinh"]);
      ws.addRow(["An", new Date(Date.UTC(1980, 0, 1))]).getCell(2).numFmt = "dd/mm/yyyy";
    });
    const saved = process.env.TZ;
    // West of UTC, local parts of a UTC midnight fall on the previous day.
    process.env.TZ = "America/Los_Angeles";
    try {
      expect(new Date(Date.UTC(1980, 0, 1)).getDate()).toBe(31);
      const result = await parseRoster(bytes, "tz.xlsx");
      expect(members(result)[0]?.dateOfBirth).toBe("1980-01-01");
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("rejects an out-of-range Excel date and quotes it the way Excel shows it", async () => {
    const bytes = await xlsxFrom((ws) => {
      ws.addRow(["Họ và tên", "Ngày sinh"]);
      ws.addRow(["Lê Văn Cũ", new Date(Date.UTC(1899, 11, 31))]).getCell(2).numFmt = "dd/mm/yyyy";
    });
    const result = await parseRoster(bytes, "old.xlsx");
    expect(result.rows).toEqual([{ rowNumber: 2, member: null }]);
    expect(result.problems.map((p) => [p.code, p.message.vi])).toEqual([
      ["bad_date", 'Dòng 2: "Ngày sinh" không hợp lệ: "31/12/1899" (định dạng dd/mm/yyyy)'],
    ]);
  });

  it("treats formula errors as blank instead of importing '#N/A' as a name", async () => {
    const bytes = await xlsxFrom((ws) => {
      ws.addRow(["Họ và tên", "Dân tộc"]);
      ws.addRow([{ formula: "VLOOKUP(1,A1:A1,2)", result: { error: "#N/A" } }, "Kinh"]);
    });
    const result = await parseRoster(bytes, "err.xlsx");
    expect(result.problems.map((p) => p.code)).toEqual(["missing_name"]);
  });

  it("finds the header below title rows, ignores STT and skips empty rows", async () => {
    const bytes = await xlsxFrom((ws) => {
      ws.getCell("A1").value = "ĐẢNG BỘ BỆNH VIỆN";
      ws.getCell("A2").value = "DANH SÁCH ĐẢNG VIÊN";
      ws.addRow([]);
      ws.getRow(4).values = ["STT", "Họ và tên", "Giới tính"];
      ws.getRow(5).values = [1, "Vũ Thị Mai", "Nữ"];
      ws.getRow(6).values = [2, "", ""]; // pre-numbered template row, no data
      ws.getRow(8).values = [3, "Đỗ Văn Nam", "Nam"];
    });
    const result = await parseRoster(bytes, "titled.xlsx");
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => [r.rowNumber, r.member?.fullName, r.member?.gender])).toEqual([
      [5, "Vũ Thị Mai", "female"],
      [8, "Đỗ Văn Nam", "male"],
    ]);
    const sheet = await readRosterSheet(bytes, "titled.xlsx");
    expect(sheet.headerRowNumber).toBe(4);
  });

  it("skips a column-numbering row and a merged footer", async () => {
    const bytes = await xlsxFrom((ws) => {
      ws.addRow(["STT", "Họ và tên", "Giới tính", "Dân tộc"]);
      ws.addRow(["(1)", "(2)", "(3)", "(4)"]);
      ws.addRow([1, "Vũ Thị Mai", "Nữ", "Kinh"]);
      ws.addRow(["Tổng số: 1 đồng chí"]);
      ws.mergeCells("A4:D4");
    });
    const result = await parseRoster(bytes, "form.xlsx");
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => [r.rowNumber, r.member?.fullName])).toEqual([[3, "Vũ Thị Mai"]]);
  });

  it("picks the roster sheet when it is not the first one", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Hướng dẫn").addRow(["Điền danh sách ở trang sau"]);
    const ws = wb.addWorksheet("Danh sách");
    ws.addRow(["Họ và tên"]);
    ws.addRow(["Hoàng Văn Thụ"]);
    const result = await parseRoster(new Uint8Array(await wb.xlsx.writeBuffer()), "two-sheets.xlsx");
    expect(members(result).map((m) => m.fullName)).toEqual(["Hoàng Văn Thụ"]);
  });

  it("parses a 5,000-row workbook", async () => {
    const N = 5000;
    const bytes = await xlsxFrom((ws) => {
      ws.addRow([
        "STT",
        "Họ và tên",
        "Số thẻ đảng viên",
        "Loại đảng viên",
        "Ngày sinh",
        "Giới tính",
        "Đơn vị (Khoa/Phòng)",
      ]);
      for (let i = 1; i <= N; i++) {
        ws.addRow([
          i,
          `Nguyễn Văn Số ${i}`,
          // every 1000th row repeats the previous card number
          String(10_000_000 + (i % 1000 === 0 ? i - 1 : i)),
          i % 3 === 0 ? "Dự bị" : "Chính thức",
          // every 500th row has an impossible date
          i % 500 === 0 ? "30/02/1990" : `${String((i % 28) + 1).padStart(2, "0")}/06/1985`,
          i % 2 === 0 ? "Nam" : "Nữ",
          "Khoa Ngoại",
        ]);
      }
    });
    const result = await parseRoster(bytes, "big.xlsx");
    expect(result.rows).toHaveLength(N);
    const count = (code: string) => result.problems.filter((p) => p.code === code).length;
    expect(count("duplicate_card_in_file")).toBe(5);
    expect(count("bad_date")).toBe(10);
    // rows 500,1000,…: 1000-multiples have both problems, so 5 + 10 - 5 invalid rows
    expect(result.rows.filter((r) => r.member === null)).toHaveLength(10);
    expect(result.rows.filter((r) => r.member?.status === "probationary")).toHaveLength(
      [...Array(N).keys()].map((k) => k + 1).filter((i) => i % 3 === 0 && i % 500 !== 0).length,
    );
  }, 60_000);
});

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

describe("CSV", () => {
  it("reads UTF-8 with BOM, semicolons, quotes and CRLF", async () => {
    const text =
      "\uFEFFHọ và tên;Số thẻ đảng viên;Đơn vị (Khoa/Phòng);Loại đảng viên;Ngày sinh\r\n" +
      'Nguyễn Văn An;"79 012 345";"Khoa Nội; Phòng khám";Dự bị;5/9/1990\r\n' +
      '"Trần ""Út"" Thị  Bảy";;"Phòng\r\nHành chính";chinh thuc;1990-09-05\r\n';
    const result = await parseRoster(utf8(text), "ds.csv");
    expect(result.format).toBe("csv");
    expect(result.encoding).toBe("utf-8");
    expect(result.problems).toEqual([]);
    expect(members(result)).toEqual([
      member({
        fullName: "Nguyễn Văn An",
        cardNumber: "79012345",
        unit: "Khoa Nội; Phòng khám",
        status: "probationary",
        dateOfBirth: "1990-09-05",
      }),
      member({ fullName: 'Trần "Út" Thị Bảy', unit: "Phòng Hành chính", dateOfBirth: "1990-09-05" }),
    ]);
  });

  it("reads comma-delimited UTF-8 without BOM even with a title line", async () => {
    // Excel pads every line to the sheet's width, hence the trailing commas.
    const text =
      "DANH SÁCH ĐẢNG VIÊN CHI BỘ KHOA DƯỢC,,,\nHọ và tên,Giới tính,Email,\nPhan Thị Lan,Nữ,mailto:lan@bv.vn,\n";
    const result = await parseRoster(utf8(text), "ds.csv");
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => r.rowNumber)).toEqual([3]);
    expect(members(result)).toEqual([member({ fullName: "Phan Thị Lan", gender: "female", email: "lan@bv.vn" })]);
  });

  it("reads windows-1258 (legacy Vietnamese Excel 'CSV' export)", async () => {
    const text =
      "Họ và tên;Dân tộc;Giới tính;Trình độ\r\nNguyễn Thị Hường;Kinh;Nữ;Đại học\r\nLường Văn Ửng;Thái;Nam;Trung cấp\r\n";
    const bytes = encode1258(text);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const result = await parseRoster(bytes, "ds.csv");
    expect(result.encoding).toBe("windows-1258");
    expect(result.problems).toEqual([]);
    expect(members(result)).toEqual([
      member({ fullName: "Nguyễn Thị Hường", ethnicity: "Kinh", gender: "female", education: "Đại học" }),
      member({ fullName: "Lường Văn Ửng", ethnicity: "Thái", gender: "male", education: "Trung cấp" }),
    ]);
    // NFC after decoding: "ư" + combining grave must come back as the single code point "ừ".
    expect(members(result)[0]?.fullName).toBe("Nguyễn Thị Hường".normalize("NFC"));
  });

  it("decodeCsvBytes round-trips arbitrary Vietnamese text through windows-1258 (property)", async () => {
    // Letters that only windows-1258 can produce; â/ê/ô decode the same in 1252,
    // so a text made only of those is legitimately labelled 1252 (same text).
    const viet = [..."ăđơưĂĐƠƯạệọủỹ"];
    const letters = [
      ..."abcdeghiklmnopqrstuvxy AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ",
    ];
    const arb = fc
      .tuple(fc.constantFrom(...viet), fc.array(fc.constantFrom(...letters, ...viet), { maxLength: 40 }))
      .map(([v, rest]) => rest.join("") + v);
    await fc.assert(
      fc.asyncProperty(arb, async (s) => {
        const decoded = await decodeCsvBytes(encode1258(s));
        expect(decoded.encoding).toBe("windows-1258");
        expect(decoded.text).toBe(s.normalize("NFC"));
      }),
      { numRuns: 300 },
    );
  });

  it("detects windows-1252 for Western text and UTF-8 for ASCII", async () => {
    expect(await decodeCsvBytes(iconv.encode("Name;Unit\nJosé Müller;Café\n", "windows-1252"))).toEqual({
      text: "Name;Unit\nJosé Müller;Café\n",
      encoding: "windows-1252",
    });
    expect((await decodeCsvBytes(utf8("Ho va ten\nAn\n"))).encoding).toBe("utf-8");
    expect((await decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).text).toBe("A");
  });

  it("reads UTF-16LE (Excel 'Unicode Text') with tabs", async () => {
    const text = "Họ và tên\tDân tộc\r\nMa Thị Hoa\tTày\r\n";
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    const result = await parseRoster(bytes, "ds.txt");
    expect(result.encoding).toBe("utf-16le");
    expect(members(result)).toEqual([member({ fullName: "Ma Thị Hoa", ethnicity: "Tày" })]);
  });

  it("skips empty rows silently but keeps file row numbers", async () => {
    const text = "Họ và tên;Dân tộc\n\nAn;Kinh\n;\n  ;  \nBình;Mường\n\n";
    const result = await parseRoster(utf8(text), "gaps.csv");
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => [r.rowNumber, r.member?.fullName])).toEqual([
      [3, "An"],
      [6, "Bình"],
    ]);
  });

  it("parseCsvRecords inverts RFC 4180 quoting (property)", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "ệ", '"', ",", ";", "\r", "\n", " ", "x") });
    const records = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(records, fc.constantFrom(",", ";"), fc.boolean(), (recs, delim, trailingNewline) => {
        const csv =
          recs.map((r) => r.map((f) => `"${f.replaceAll('"', '""')}"`).join(delim)).join("\r\n") +
          (trailingNewline ? "\r\n" : "");
        expect(parseCsvRecords(csv, delim)).toEqual(recs);
      }),
    );
  });

  it("parseCsvRecords is lenient with an unterminated quote", () => {
    expect(parseCsvRecords('a;"b\nc', ";")).toEqual([["a", "b\nc"]]);
    expect(parseCsvRecords("a;b;\n", ";")).toEqual([["a", "b", ""]]);
  });
});

// ---------------------------------------------------------------------------
// Validation and problems
// ---------------------------------------------------------------------------

describe("problems", () => {
  it("reports exactly a bad date and a missing name, in Vietnamese and English", async () => {
    const text = [
      "Họ và tên,Ngày sinh,Dân tộc",
      "Nguyễn Văn Một,01/01/1980,Kinh",
      "Nguyễn Văn Hai,02/02/1980,Kinh",
      ",03/03/1980,Kinh",
      "Nguyễn Văn Bốn,31/02/1980,Kinh",
      "Nguyễn Văn Năm,05/05/1980,Kinh",
    ].join("\n");
    const result = await parseRoster(utf8(text), "ds.csv");
    expect(result.problems).toEqual([
      {
        rowNumber: 4,
        field: "fullName",
        code: "missing_name",
        severity: "error",
        message: { vi: 'Dòng 4: thiếu "Họ và tên"', en: 'Row 4: "Full name" is missing' },
      },
      {
        rowNumber: 5,
        field: "dateOfBirth",
        code: "bad_date",
        severity: "error",
        message: {
          vi: 'Dòng 5: "Ngày sinh" không hợp lệ: "31/02/1980" (định dạng dd/mm/yyyy)',
          en: 'Row 5: "Date of birth" is not a valid date: "31/02/1980" (use dd/mm/yyyy)',
        },
      },
    ]);
    expect(result.rows.map((r) => [r.rowNumber, r.member === null])).toEqual([
      [2, false],
      [3, false],
      [4, true],
      [5, true],
      [6, false],
    ]);
  });

  it("flags duplicate card numbers on the later rows, naming the first row", async () => {
    const text = "Họ và tên;Số thẻ\nA;79012345\nB;11111111\nC;79 012 345\nD;\nE;\nF;79012345\n";
    const result = await parseRoster(utf8(text), "dup.csv");
    expect(result.problems.map((p) => [p.rowNumber, p.code, p.field, p.message.vi])).toEqual([
      [4, "duplicate_card_in_file", "cardNumber", 'Dòng 4: "Số thẻ đảng viên" "79012345" trùng với dòng 2'],
      [7, "duplicate_card_in_file", "cardNumber", 'Dòng 7: "Số thẻ đảng viên" "79012345" trùng với dòng 2'],
    ]);
    // The first occurrence stays importable; blank card numbers are never duplicates.
    expect(result.rows.map((r) => r.member?.fullName ?? null)).toEqual(["A", "B", null, "D", "E", null]);
  });

  it("matches header aliases without diacritics, in any case, with format notes", async () => {
    const text =
      "HO VA TEN,so the,loai dang vien,NGAY SINH (dd/mm/yyyy),gioi tinh,dan toc,trinh do,ngay vao dang,Ngay ket nap,ngay chinh thuc,SDT,e-mail,don vi,ma chi bo\n" +
      "Nguyễn Văn Tư,123,du bi,7-8-1970,nu,Kinh,Cao đẳng,1995-01-02,02/02/1995,,+84 912.345.678,tu@bv.vn,Khoa Nhi,CB1\n";
    const sheet = await readRosterSheet(utf8(text), "x.csv");
    expect(sheet.columns.map((c) => c.field)).toEqual([
      "fullName",
      "cardNumber",
      "status",
      "dateOfBirth",
      "gender",
      "ethnicity",
      "education",
      "admissionDate",
      "ceremonyDate",
      "officialDate",
      "phone",
      "email",
      "unit",
      "cellCode",
    ]);
    const result = await parseRoster(utf8(text), "x.csv");
    expect(result.problems).toEqual([]);
    expect(members(result)).toEqual([
      member({
        fullName: "Nguyễn Văn Tư",
        cardNumber: "123",
        status: "probationary",
        dateOfBirth: "1970-08-07",
        gender: "female",
        ethnicity: "Kinh",
        education: "Cao đẳng",
        admissionDate: "1995-01-02",
        ceremonyDate: "1995-02-02",
        phone: "+84 912345678",
        email: "tu@bv.vn",
        unit: "Khoa Nhi",
        cellCode: "CB1",
      }),
    ]);
  });

  it("recognises every declared header and alias as its own column", async () => {
    for (const c of ROSTER_COLUMNS) {
      for (const h of [c.header, c.headerEn, ...c.aliases]) {
        const header = c.key === "fullName" ? h : `Họ và tên;${h}`;
        const sheet = await readRosterSheet(utf8(`${header}\n`), "h.csv");
        expect(
          sheet.columns.map((col) => col.field),
          h,
        ).toContain(c.key);
        expect(sheet.problems, h).toEqual([]);
      }
    }
  });

  it("joins split 'Họ đệm' + 'Tên' columns when there is no full-name column", async () => {
    const result = await parseRoster(utf8("STT;Họ và tên đệm;Tên;Ngày sinh\n1;Nguyễn Thị;Xuân;01/02/1960\n"), "s.csv");
    expect(result.problems).toEqual([]);
    expect(members(result)).toEqual([member({ fullName: "Nguyễn Thị Xuân", dateOfBirth: "1960-02-01" })]);
  });

  it("warns once about unknown columns and keeps the members", async () => {
    const result = await parseRoster(utf8("Họ và tên;Quê quán;Ghi chú\nAn;Nam Định;chuyển đến\n"), "u.csv");
    expect(result.problems).toEqual([
      {
        rowNumber: 1,
        field: null,
        code: "unknown_column",
        severity: "warning",
        message: {
          vi: 'Dòng 1: bỏ qua các cột không nhận diện được: "Quê quán", "Ghi chú"',
          en: 'Row 1: ignored unrecognised columns: "Quê quán", "Ghi chú"',
        },
      },
    ]);
    expect(members(result)).toEqual([member({ fullName: "An" })]);
  });

  it("warns about a duplicated column and uses the first", async () => {
    const result = await parseRoster(utf8("Họ và tên;Ngày sinh;Ngày sinh\nAn;01/01/1970;bogus\n"), "d.csv");
    expect(result.problems.map((p) => [p.code, p.severity, p.message.vi])).toEqual([
      ["duplicate_column", "warning", 'Dòng 1: cột "Ngày sinh" xuất hiện nhiều lần (cột B và C); chỉ dùng cột B'],
    ]);
    expect(members(result)[0]?.dateOfBirth).toBe("1970-01-01");
  });

  it("reports a missing name column instead of one error per row", async () => {
    const result = await parseRoster(utf8("Số thẻ;Ngày sinh\n1;01/01/1970\n2;02/02/1970\n"), "n.csv");
    expect(result.rows).toEqual([]);
    expect(result.problems.map((p) => [p.rowNumber, p.code, p.severity])).toEqual([
      [1, "missing_name_column", "error"],
    ]);
  });

  it("warns (without dropping the member) about a probationary member with an official date", () => {
    const result = validateRosterRows([
      {
        rowNumber: 2,
        values: { fullName: "An", status: "Dự bị", admissionDate: "01/01/2020", officialDate: "01/01/2021" },
      },
    ]);
    expect(result.problems.map((p) => [p.code, p.severity, p.field])).toEqual([
      ["official_date_on_probationary", "warning", "officialDate"],
    ]);
    expect(result.rows[0]?.member?.officialDate).toBe("2021-01-01");
  });

  it("refuses impossible date order, as the API does (the import would fail on it)", () => {
    const result = validateRosterRows([
      { rowNumber: 9, values: { fullName: "An", dateOfBirth: "01/01/1990", admissionDate: "01/01/1980" } },
      // Admission before the ceremony: the API's order too, which the preview used to let through.
      { rowNumber: 10, values: { fullName: "Bình", admissionDate: "02/01/2020", ceremonyDate: "01/01/2020" } },
    ]);
    expect(result.problems.map((p) => [p.code, p.severity, p.message.vi])).toEqual([
      ["date_order", "error", 'Dòng 9: "Ngày vào Đảng" (01/01/1980) sớm hơn "Ngày sinh" (01/01/1990)'],
      ["date_order", "error", 'Dòng 10: "Ngày kết nạp" (01/01/2020) sớm hơn "Ngày vào Đảng" (02/01/2020)'],
    ]);
    expect(result.rows.map((r) => r.member)).toEqual([null, null]);
  });

  it("validates status, gender, email, phone and card number values", () => {
    const rows: RosterRow[] = [
      { rowNumber: 2, values: { fullName: "A", status: "Đảng viên chính thức", gender: "NỮ" } },
      { rowNumber: 3, values: { fullName: "B", status: "tạm hoãn" } },
      { rowNumber: 4, values: { fullName: "C", gender: "khác" } },
      { rowNumber: 5, values: { fullName: "D", email: "d@@x" } },
      { rowNumber: 6, values: { fullName: "E", phone: "0912 345 678 (Zalo)" } },
      { rowNumber: 7, values: { fullName: "F", phone: "12 34" } },
      { rowNumber: 8, values: { fullName: "G", cardNumber: "79-012" } },
      { rowNumber: 9, values: { fullName: "H", phone: "(024) 3826.1234", cardNumber: " ab 12 " } },
    ];
    const result = validateRosterRows(rows);
    expect(result.problems.map((p) => [p.rowNumber, p.code, p.field])).toEqual([
      [3, "bad_status", "status"],
      [4, "bad_gender", "gender"],
      [5, "bad_email", "email"],
      [6, "bad_phone", "phone"],
      [7, "bad_phone", "phone"],
      [8, "bad_card_number", "cardNumber"],
    ]);
    expect(result.problems[0]?.message.vi).toBe(
      'Dòng 3: "Loại đảng viên" không hợp lệ: "tạm hoãn" (dùng "Chính thức" hoặc "Dự bị")',
    );
    expect(result.rows.map((r) => r.member !== null)).toEqual([true, false, false, false, false, false, false, true]);
    expect(result.rows[0]?.member).toMatchObject({ status: "full", gender: "female" });
    expect(result.rows[7]?.member).toMatchObject({ phone: "024 38261234", cardNumber: "AB12" });
  });

  it("skips rows whose values are all blank, even when called directly", () => {
    const result = validateRosterRows([
      { rowNumber: 2, values: { fullName: "An" } },
      { rowNumber: 3, values: { fullName: "  ", unit: "\u00a0", phone: "" } },
      { rowNumber: 4, values: {} },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => r.rowNumber)).toEqual([2]);
  });

  it("normalises names: NFC, trimmed, whitespace collapsed", () => {
    const decomposed = "  Nguyễn\u00a0 Văn \t An ".normalize("NFD");
    const result = validateRosterRows([{ rowNumber: 2, values: { fullName: decomposed } }]);
    expect(result.rows[0]?.member?.fullName).toBe("Nguyễn Văn An".normalize("NFC"));
    expect(result.rows[0]?.member?.fullName).not.toBe(decomposed);
  });

  // Speed is not judged here: `npm run bench` holds the 100,000-row import to its budget (docs/performance.md).
  it("finds the one repeated card number among 100,000 rows", () => {
    const rows: RosterRow[] = Array.from({ length: 100_000 }, (_, i) => ({
      rowNumber: i + 2,
      values: { fullName: `Đảng viên ${i}`, cardNumber: String(i % 99_999), dateOfBirth: "01/01/1970" },
    }));
    const result = validateRosterRows(rows);
    expect(result.rows).toHaveLength(100_000);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message.vi).toContain("trùng với dòng 2");
  });

  it("parses a 100,000-row CSV without a problem", async () => {
    const lines = ["Họ và tên;Số thẻ;Ngày sinh;Giới tính"];
    for (let i = 0; i < 100_000; i++) lines.push(`Nguyễn Văn ${i};${1_000_000 + i};01/01/1970;Nam`);
    const bytes = utf8(lines.join("\r\n"));
    const result = await parseRoster(bytes, "huge.csv", { maxRows: ROSTER_MAX_ROWS_CLI });
    expect(result.rows).toHaveLength(100_000);
    expect(result.problems).toEqual([]);
  }, 30_000);
});

// ---------------------------------------------------------------------------
// The API's field rules and the row cap (ADR 0096)
// ---------------------------------------------------------------------------

describe("the API's field rules and the row cap", () => {
  it("refuses a 1,006-character name, naming the row and the field, as POST /api/members would", async () => {
    const long = `Nguyễn Văn ${"A".repeat(995)}`;
    expect(long).toHaveLength(1006);
    const result = await parseRoster(
      utf8(`Họ và tên;Ngày sinh\nTrần Thị Bình;01/01/1970\n${long};01/01/1970\n`),
      "ds.csv",
    );
    expect(result.rows.map((r) => [r.rowNumber, r.member?.fullName ?? null])).toEqual([
      [2, "Trần Thị Bình"],
      [3, null],
    ]);
    expect(result.problems.map((p) => [p.rowNumber, p.field, p.code, p.severity, p.message.vi])).toEqual([
      [3, "fullName", "field_rule", "error", 'Dòng 3: "Họ và tên" không hợp lệ: tối đa 240 ký tự.'],
    ]);
    expect(result.problems[0]?.message.en).toBe('Row 3: "Full name" is not valid: at most 240 characters.');
  });

  it("refuses a 1 MB name and quotes no more than a short piece of any value back", async () => {
    const huge = "Ư".repeat(1 << 20);
    const result = await parseRoster(utf8(`Họ và tên;Dân tộc;Ngày sinh\n${huge};${huge};${huge}\n`), "ds.csv");
    expect(result.rows).toEqual([{ rowNumber: 2, member: null }]);
    expect(result.problems.map((p) => [p.field, p.code])).toEqual([
      ["dateOfBirth", "bad_date"],
      ["fullName", "field_rule"],
      ["ethnicity", "field_rule"],
    ]);
    for (const p of result.problems) expect(p.message.vi.length).toBeLessThan(200);
  });

  it("applies every field rule of the API: lengths, e-mail, card characters", () => {
    const result = validateRosterRows([
      { rowNumber: 2, values: { fullName: "An", ethnicity: "K".repeat(61) } },
      { rowNumber: 3, values: { fullName: "Bình", unit: "Phòng ".repeat(30) } },
      { rowNumber: 4, values: { fullName: "Cúc", email: "cuc@ví-dụ.vn" } },
      { rowNumber: 5, values: { fullName: "Dũng", cardNumber: "1".repeat(31) } },
      { rowNumber: 6, values: { fullName: "Em", ethnicity: "K".repeat(60), unit: "Khoa Nội" } },
    ]);
    expect(result.problems.map((p) => [p.rowNumber, p.field, p.code])).toEqual([
      [2, "ethnicity", "field_rule"],
      [3, "unit", "field_rule"],
      [4, "email", "field_rule"],
      [5, "cardNumber", "field_rule"],
    ]);
    expect(result.problems[0]?.message.vi).toBe('Dòng 2: "Dân tộc" không hợp lệ: tối đa 60 ký tự.');
    expect(result.rows.map((r) => r.member !== null)).toEqual([false, false, false, false, true]);
  });

  it("refuses a CSV with one row more than the cap, with the cap and the first row over it, and keeps no rows", async () => {
    const lines = ["Họ và tên;Ngày sinh", ...Array.from({ length: 4 }, (_, i) => `Người ${i};01/01/1970`)];
    const atCap = await parseRoster(utf8(lines.slice(0, 4).join("\n")), "ds.csv", { maxRows: 3 });
    expect([atCap.rows.length, atCap.problems]).toEqual([3, []]);
    const over = await parseRoster(utf8(lines.join("\n")), "ds.csv", { maxRows: 3 });
    expect(over.rows).toEqual([]);
    expect(over.problems.map((p) => [p.rowNumber, p.code, p.severity, p.message.vi])).toEqual([
      [
        5,
        "too_many_rows",
        "error",
        "Dòng 5: tệp có hơn 3 dòng đảng viên, vượt quá số dòng cho phép của một lần nhập. " +
          "Hãy chia thành nhiều tệp, mỗi tệp tối đa 3 dòng; chưa nhập dòng nào.",
      ],
    ]);
  });

  it("stops reading an XLSX at the cap without leaving temporary files (shared strings after the sheets)", async () => {
    const bytes = await xlsxFrom((ws, wb) => {
      wb.addWorksheet("Ghi chú").addRow(["Không phải danh sách"]);
      ws.addRow(["Họ và tên", "Ngày sinh"]);
      for (let i = 0; i < 10; i++) ws.addRow([`Người ${i}`, new Date(Date.UTC(1990, 4, 3))]);
    });
    const { unzipSync } = await import("fflate");
    const names = Object.keys(unzipSync(bytes));
    // As Excel writes them: the reader meets the sheets before the strings they refer to.
    expect(names.indexOf("xl/worksheets/sheet1.xml")).toBeLessThan(names.indexOf("xl/sharedStrings.xml"));
    const { mkdtempSync, readdirSync, rmSync } = await import("node:fs");
    const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-roster-tmp-"));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = dir;
    try {
      const over = await parseRoster(bytes, "ds.xlsx", { maxRows: 4 });
      expect(over.problems.map((p) => p.code)).toEqual(["too_many_rows"]);
      const whole = await parseRoster(bytes, "ds.xlsx");
      expect(members(whole).map((m) => [m.fullName, m.dateOfBirth])[9]).toEqual(["Người 9", "1990-05-03"]);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps every letter of an XLSX read as a stream, even one split between two chunks of the zip", async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `Ừ${"ữ".repeat(40)} ${i}`);
    const bytes = await xlsxFrom((ws) => {
      ws.addRow(["Họ và tên"]);
      for (const name of names) ws.addRow([name]);
    });
    const result = await parseRoster(bytes, "ds.xlsx");
    expect(result.problems).toEqual([]);
    expect(members(result).map((m) => m.fullName)).toEqual(names);
  });

  it("caps an XLSX the same way, and the web's cap is 20,000 rows", async () => {
    const bytes = await xlsxFrom((ws) => {
      ws.addRow(["Họ và tên"]);
      for (let i = 0; i < 5; i++) ws.addRow([`Người ${i}`]);
    });
    const over = await parseRoster(bytes, "ds.xlsx", { maxRows: 4 });
    expect([over.rows, over.problems.map((p) => [p.rowNumber, p.code])]).toEqual([[], [[6, "too_many_rows"]]]);
    const lines = ["Họ và tên", ...Array.from({ length: 20_001 }, (_, i) => `Người ${i}`)];
    const web = await parseRoster(utf8(lines.join("\n")), "ds.csv");
    expect(web.problems.map((p) => [p.rowNumber, p.code])).toEqual([[20_002, "too_many_rows"]]);
    expect(web.problems[0]?.message.vi).toContain("tối đa 20.000 dòng");
  });
});

// ---------------------------------------------------------------------------
// Dates and odds and ends
// ---------------------------------------------------------------------------

describe("dates", () => {
  it.each([
    ["03/05/1980", "1980-05-03"],
    ["3/5/1980", "1980-05-03"],
    ["03-05-1980", "1980-05-03"],
    ["03.05.1980", "1980-05-03"],
    ["1980-05-03", "1980-05-03"],
    ["29/02/2000", "2000-02-29"],
    ["01/01/1900", "1900-01-01"],
    ["31/12/2100", "2100-12-31"],
    ["03/05/1980 00:00:00", "1980-05-03"],
  ])("accepts %s", (raw, iso) => {
    expect(parseRosterDate(raw)).toBe(iso);
  });

  it.each([
    "31/02/2020",
    "29/02/2100",
    "29/02/2021",
    "31/12/1899",
    "01/01/2101",
    "13/13/1980",
    "03/05/80",
    "1980",
    "03/05-1980",
    "",
    "ngày 3",
  ])("rejects %j", (raw) => {
    expect(parseRosterDate(raw)).toBeNull();
  });

  it("formatRosterDate inverts parseRosterDate for every valid day (property)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          expect(parseRosterDate(formatRosterDate(iso))).toBe(iso);
        },
      ),
    );
  });
});

describe("file detection", () => {
  it("reports legacy .xls and damaged .xlsx files instead of parsing them as text", async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    const xls = await parseRoster(ole, "ds.xls");
    expect([xls.format, xls.problems.map((p) => p.code)]).toEqual(["xls", ["unsupported_xls"]]);

    const broken = await parseRoster(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "ds.xlsx");
    expect([broken.format, broken.problems.map((p) => p.code), broken.rows]).toEqual(["xlsx", ["unreadable_file"], []]);

    const textNamedXlsx = await parseRoster(utf8("Họ và tên\nAn\n"), "ds.xlsx");
    expect(textNamedXlsx.problems.map((p) => p.code)).toEqual(["unreadable_file"]);
  });

  it("detects xlsx by content even with a .csv name, and reports empty files", async () => {
    const bytes = await writeRosterXlsx([member({ fullName: "An" })]);
    expect((await parseRoster(bytes, "mislabelled.csv")).format).toBe("xlsx");
    const empty = await parseRoster(utf8("\n\n"), "empty.csv");
    expect(empty.problems.map((p) => p.code)).toEqual(["empty_file"]);
  });

  it("readRosterSheet returns field-mapped raw rows", async () => {
    const { rows } = await readRosterSheet(utf8("Họ và tên;Ngày sinh;STT\n An ;1/2/1970;1\n"), "r.csv");
    expect(rows).toEqual([{ rowNumber: 2, values: { fullName: " An ", dateOfBirth: "1/2/1970" } }]);
  });

  it("foldText ignores case, diacritics and punctuation", () => {
    expect(foldText("Đơn vị (Khoa/Phòng)")).toBe("don vi khoa phong");
    expect(foldText("HỌ VÀ TÊN")).toBe(foldText("ho va ten"));
  });
});

/** Members → a roster XLSX with the import's own headers, so an exported file can be edited and imported again. */
import { ROSTER_COLUMNS, formatRosterDate, type ParsedMember, type RosterField } from "./roster-columns.js";

// exceljs is large and only needed when a roster file is read or written: load it then, not at server start.
const loadExcel = async () => (await import("exceljs")).default;

function memberCell(m: ParsedMember, key: RosterField): string {
  switch (key) {
    case "status":
      return m.status === "probationary" ? "Dự bị" : "Chính thức";
    case "gender":
      return m.gender === "male" ? "Nam" : m.gender === "female" ? "Nữ" : "";
    case "dateOfBirth":
    case "admissionDate":
    case "ceremonyDate":
    case "officialDate": {
      const iso = m[key];
      return iso === null ? "" : formatRosterDate(iso);
    }
    default:
      return m[key] ?? "";
  }
}

/**
 * Writes members with the import headers, every cell as text: dates as
 * dd/mm/yyyy, and card/phone numbers keep their leading zeros when the
 * office edits the file and imports it again.
 */
export async function writeRosterXlsx(members: readonly ParsedMember[]): Promise<Uint8Array> {
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet("Danh sách đảng viên", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = ROSTER_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, c.header.length + 4, c.key === "fullName" || c.key === "unit" ? 28 : 0),
    // "@" keeps Excel from re-interpreting values the user types later.
    style: { numFmt: "@" },
  }));
  ws.getRow(1).font = { bold: true };
  for (const m of members) {
    ws.addRow(ROSTER_COLUMNS.map((c) => memberCell(m, c.key)));
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf);
}

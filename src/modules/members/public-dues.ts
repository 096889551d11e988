import { Readable } from "node:stream";
import { inArray } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { inspectFile, UploadRejectedError } from "../../core/uploads/index.js";
import {
  cooperative,
  entriesAsText,
  gridRow,
  loadExcel,
  zipInReadingOrder,
  type GridRow,
  type StreamedRow,
} from "./roster-read.js";
import { members } from "./schema.js";

// What the dues module asks of members: admission dates (50 years in the party exempts from dues), and the roster
// import's way of reading an uploaded workbook, reused for a month of dues.

export type { GridRow } from "./roster-read.js";

/** Admission dates by member id (null when unknown). */
export async function admissionDates(ex: Executor, ids: string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await ex
    .select({ id: members.id, admissionDate: members.admissionDate })
    .from(members)
    .where(inArray(members.id, ids));
  return new Map(rows.map((r) => [r.id, r.admissionDate]));
}

/**
 * The first worksheet's rows of an uploaded XLSX, at most `maxRows`, or null when the file is not a readable
 * workbook. As the roster import does: the size and the unzipped size are checked in a worker thread within the
 * upload limits (a ZIP bomb is refused with 413/422) before exceljs streams the sheet, and reading gives the event
 * loop a turn every few milliseconds. Call it before opening a transaction.
 */
export async function readWorkbookRows(bytes: Uint8Array, maxRows: number): Promise<GridRow[] | null> {
  try {
    await inspectFile(bytes, { accept: { kinds: ["xlsx"], expected: "errors.upload_expect_xlsx" } });
  } catch (err) {
    const code = err instanceof UploadRejectedError ? err.rejection.code : null;
    if (code === "damaged" || code === "wrong_kind") return null;
    throw err;
  }
  const zip = zipInReadingOrder(bytes);
  if (!zip) return null;
  const Excel = await loadExcel();
  const reader = new Excel.stream.xlsx.WorkbookReader(entriesAsText(Readable.from([zip.bytes])), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const parts = reader as unknown as { sharedStrings?: unknown[]; workbookRels?: unknown[] };
  if (!zip.names.has("xl/sharedStrings.xml")) parts.sharedStrings = [];
  if (!zip.names.has("xl/_rels/workbook.xml.rels")) parts.workbookRels = [];
  const pause = cooperative();
  const rows: GridRow[] = [];
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<StreamedRow>) {
        rows.push(gridRow(row));
        // One row more than allowed tells the caller the file is too long.
        if (rows.length > maxRows) break;
        await pause();
      }
      break;
    }
  } catch {
    return null;
  }
  return rows;
}

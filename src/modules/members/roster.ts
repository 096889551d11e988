/**
 * Member roster import/export: bytes in → typed rows + problems out, and members → XLSX bytes out. No database
 * access here, so the whole pipeline can be previewed (dry run) before anything is written.
 *
 * roster-columns: the columns, types and dates; roster-read: files and encodings, streamed; roster-validate: each
 * row through the API's member schema; roster-write: the XLSX export. This file joins reading and validating.
 */
import { cooperative, readRosterSheet, ROSTER_MAX_ROWS, type ReadOptions } from "./roster-read.js";
import { rosterRowValidator } from "./roster-validate.js";
import type { RosterParseResult } from "./roster-columns.js";

export * from "./roster-columns.js";
export {
  ROSTER_MAX_ROWS,
  ROSTER_MAX_ROWS_CLI,
  csvRecords,
  decodeCsvBytes,
  parseCsvRecords,
  readRosterSheet,
} from "./roster-read.js";
export { rosterRowValidator, validateRosterRows } from "./roster-validate.js";
export { writeRosterXlsx } from "./roster-write.js";

/**
 * Reads and validates a roster file, at most `maxRows` data rows (the web's cap unless told otherwise). Rows are
 * validated once read, and the work pauses every few milliseconds for the server's other requests.
 */
export async function parseRoster(
  bytes: Uint8Array,
  fileName: string,
  options: Partial<ReadOptions> = {},
): Promise<RosterParseResult> {
  const pause = options.pause ?? cooperative();
  const sheet = await readRosterSheet(bytes, fileName, { maxRows: options.maxRows ?? ROSTER_MAX_ROWS, pause });
  const validate = rosterRowValidator();
  const result: RosterParseResult = { format: sheet.format, rows: [], problems: [...sheet.problems] };
  for (const row of sheet.rows) {
    const checked = validate(row);
    if (checked) {
      result.rows.push({ rowNumber: checked.rowNumber, member: checked.member });
      for (const p of checked.problems) result.problems.push(p);
    }
    await pause();
  }
  if (sheet.encoding !== undefined) result.encoding = sheet.encoding;
  return result;
}

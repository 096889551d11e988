import { readFile } from "node:fs/promises";
import { readRosterSheet } from "../../src/modules/members/roster-read.js";
import { validateRosterRows } from "../../src/modules/members/roster-validate.js";
const bytes = await readFile("/tmp/exp/roster.xlsx");
const sheet = await readRosterSheet(bytes, "roster.xlsx", { maxRows: 200000 });
for (let k = 0; k < 3; k++) {
const t = performance.now();
const r = validateRosterRows(sheet.rows);
console.log("validate", Math.round(performance.now() - t), "ms", r.rows.length);
}

import { readFile } from "node:fs/promises";
import { parseRoster } from "../../src/modules/members/roster.js";
const bytes = await readFile("/tmp/exp/roster.xlsx");
const t = performance.now();
const r = await parseRoster(bytes, "roster.xlsx", { maxRows: 200000 });
console.log("parse", Math.round(performance.now() - t), "ms", r.rows.length, r.problems.length);

import { describe, expect, it } from "vitest";
import path from "node:path";
import { sourceTree } from "./support/boundaries.js";

// Hanoi-time arithmetic and the diacritic fold are written once (core/time.ts, core/text.ts); a copy elsewhere in
// src fails here. Tests may spell instants out as they like.
const root = path.resolve(import.meta.dirname, "..");
const files = sourceTree(root).filter((f) => !/\.test\.tsx?$/.test(f.path));
const TIME = /\+07:00`|\b7 \* 3600|\b7 \* 60 \* 60|Asia\/Ho_Chi_Minh/;
const FOLD = /replace\(\/\[\\u0300-\\u036f\]|replace\(\/\\p\{M\}/;
const offenders = (pattern: RegExp, home: string) =>
  files.filter((f) => f.path !== home && pattern.test(f.text)).map((f) => f.path);

describe("one helper for each piece of infrastructure", () => {
  it("Vietnam time is computed only in core/time.ts", () => {
    expect(offenders(TIME, "src/core/time.ts")).toEqual([]);
  });

  it("diacritics are folded only in core/text.ts", () => {
    expect(offenders(FOLD, "src/core/text.ts")).toEqual([]);
  });

  it("the patterns find a copy", () => {
    expect(TIME.test("new Date(`2026-11-03T08:00:00+07:00`)")).toBe(true);
    expect(TIME.test("new Date(ms + 7 * 3600 * 1000)")).toBe(true);
    expect(FOLD.test('s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "")')).toBe(true);
    expect(FOLD.test('s.normalize("NFD").replace(/\\p{M}+/gu, "")')).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { stripDiacritics } from "./text.js";

describe("stripDiacritics", () => {
  it("takes every Vietnamese mark off, đ and Đ included, and keeps the case", () => {
    expect(stripDiacritics("Đặng Thị Ánh")).toBe("Dang Thi Anh");
    expect(stripDiacritics("ĐẢNG BỘ Ưu Ơn đường")).toBe("DANG BO Uu On duong");
  });

  it("reads a decomposed name (as some keyboards type it) like a composed one", () => {
    expect(stripDiacritics("Nguye\u0302\u0303n")).toBe("Nguyen");
  });
});

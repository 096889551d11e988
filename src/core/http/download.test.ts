import { validateHeaderValue } from "node:http";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentDisposition } from "./download.js";

describe("contentDisposition", () => {
  it("keeps a Vietnamese organisation code whole in filename* and gives an ASCII fallback", () => {
    const header = contentDisposition("danh-sach-dang-vien-CB-ĐẶCBIỆT.xlsx");
    expect(header).toBe(
      `attachment; filename="danh-sach-dang-vien-CB-DACBIET.xlsx"; filename*=UTF-8''danh-sach-dang-vien-CB-${encodeURIComponent("ĐẶCBIỆT")}.xlsx`,
    );
    expect(() => validateHeaderValue("content-disposition", header)).not.toThrow();
    expect(contentDisposition("a b.pdf", true)).toMatch(/^inline; /);
  });

  it("gives a header Node accepts for any name, and filename* decodes back to it (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (name) => {
        const header = contentDisposition(name);
        expect(() => validateHeaderValue("content-disposition", header)).not.toThrow();
        expect(header).toMatch(/^[\x20-\x7e]*$/);
        const quoted = /filename="([^"]*)"/.exec(header)![1]!;
        expect(quoted).not.toMatch(/["\\]/);
        const wellFormed = name.normalize("NFC").replace(/[\uD800-\uDFFF]/g, (c, i, s) => {
          const pair = /[\uD800-\uDBFF]/.test(c)
            ? /[\uDC00-\uDFFF]/.test(s[i + 1] ?? "")
            : /[\uD800-\uDBFF]/.test(s[i - 1] ?? "");
          return pair ? c : "\uFFFD";
        });
        expect(decodeURIComponent(header.split("''")[1]!)).toBe(wellFormed);
      }),
      { numRuns: 200 },
    );
  });
});

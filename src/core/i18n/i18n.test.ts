import { describe, expect, it } from "vitest";
import { en } from "./en.js";
import { vi } from "./vi.js";
import { compareVietnamese, formatDate, formatNumber, pickLocale, t } from "./index.js";

describe("catalogues", () => {
  it("have the same keys and the same placeholders in every language", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(en[key]), key).toEqual(names(vi[key]));
    }
  });

  it("fills parameters and translates parameters that are catalogue keys", () => {
    expect(t("vi", "errors.date_order", { later: "fields.endsOn", earlier: "fields.startsOn" })).toBe(
      "Ngày kết thúc không được trước Ngày bắt đầu.",
    );
    expect(t("en", "errors.date_order", { later: "fields.endsOn", earlier: "fields.startsOn" })).toBe(
      "End date must not be before Start date.",
    );
    expect(t("vi", "no.such.key")).toBe("no.such.key");
  });

  it("picks Vietnamese unless English is asked for, and shows dates as dd/mm/yyyy", () => {
    expect(pickLocale(undefined, "en-US,en;q=0.9")).toBe("en");
    expect(pickLocale(undefined, "fr-FR")).toBe("vi");
    expect(pickLocale("vi", "en-US")).toBe("vi");
    expect(formatDate("2026-02-05")).toBe("05/02/2026");
  });
});

describe("numbers in messages", () => {
  it("write the decimal the reader's way and never group digits, so years stay years", () => {
    expect(t("vi", "ui.overview.rate", { rate: 91.7 })).toContain("91,7");
    expect(t("en", "ui.overview.rate", { rate: 91.7 })).toContain("91.7");
    expect(formatNumber("vi", 2026)).toBe("2026");
    expect(formatNumber("vi", 12345)).toBe("12345");
    expect(formatNumber("vi", 2 / 3)).toBe("0,67");
    expect(t("vi", "errors.password_too_short", { min: 10 })).toBe("Mật khẩu phải có ít nhất 10 ký tự.");
  });
});

describe("compareVietnamese", () => {
  it("orders by the Vietnamese alphabet, where a code-point sort would put Đ and Ấ after Z", () => {
    const names = [
      "Chi bộ Xóm Trại",
      "Chi bộ Đồng Tâm",
      "Chi bộ Ấp Đông",
      "Chi bộ Dân Chủ",
      "Chi bộ Bến Tre",
      "Chi bộ An Phú",
    ];
    expect([...names].sort(compareVietnamese)).toEqual([
      "Chi bộ An Phú",
      "Chi bộ Ấp Đông",
      "Chi bộ Bến Tre",
      "Chi bộ Dân Chủ",
      "Chi bộ Đồng Tâm",
      "Chi bộ Xóm Trại",
    ]);
    expect([...names].sort()).not.toEqual([...names].sort(compareVietnamese));
    expect(["Chi bộ Thôn 10", "Chi bộ Thôn 2", "Chi bộ Thôn 1"].sort(compareVietnamese)).toEqual([
      "Chi bộ Thôn 1",
      "Chi bộ Thôn 2",
      "Chi bộ Thôn 10",
    ]);
  });
});

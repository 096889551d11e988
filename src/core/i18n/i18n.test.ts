import { describe, expect, it } from "vitest";
import { en } from "./en.js";
import { vi } from "./vi.js";
import { formatDate, pickLocale, t } from "./index.js";

describe("catalogues", () => {
  it("have the same keys and the same placeholders in every language", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(en[key]), key).toEqual(names(vi[key]));
    }
  });

  it("fills parameters and translates parameters that are catalogue keys", () => {
    expect(t("vi", "errors.date_order", { later: "fields.endsOn", earlier: "fields.startsOn" })).toBe("Ngày kết thúc không được trước Ngày bắt đầu.");
    expect(t("en", "errors.date_order", { later: "fields.endsOn", earlier: "fields.startsOn" })).toBe("End date must not be before Start date.");
    expect(t("vi", "no.such.key")).toBe("no.such.key");
  });

  it("picks Vietnamese unless English is asked for, and shows dates as dd/mm/yyyy", () => {
    expect(pickLocale(undefined, "en-US,en;q=0.9")).toBe("en");
    expect(pickLocale(undefined, "fr-FR")).toBe("vi");
    expect(pickLocale("vi", "en-US")).toBe("vi");
    expect(formatDate("2026-02-05")).toBe("05/02/2026");
  });
});

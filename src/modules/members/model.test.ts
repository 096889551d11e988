import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addMonths, daysBetween, todayIso } from "../../core/time.js";
import { createMemberBody, dateOrderIssues, maskCardNumber, probationStatus } from "./model.js";

const rules = { months: 12, warnDaysBefore: [90, 60, 30, 15, 7] };

describe("probation (12 months from the admission ceremony)", () => {
  it("ends 12 months after the ceremony, with days left and a stage", () => {
    expect(probationStatus({ status: "probationary", ceremonyDate: "2025-12-10" }, rules, "2026-11-22")).toEqual({
      endsOn: "2026-12-10",
      daysLeft: 18,
      stage: "due",
    });
    expect(probationStatus({ status: "probationary", ceremonyDate: "2026-05-01" }, rules, "2026-11-22")?.stage).toBe(
      "running",
    );
    expect(probationStatus({ status: "probationary", ceremonyDate: "2025-11-01" }, rules, "2026-11-22")).toEqual({
      endsOn: "2026-11-01",
      daysLeft: -21,
      stage: "overdue",
    });
  });

  it("has no probation for full members or without a ceremony date", () => {
    expect(probationStatus({ status: "full", ceremonyDate: "2025-12-10" }, rules, "2026-11-22")).toBeNull();
    expect(probationStatus({ status: "probationary", ceremonyDate: null }, rules, "2026-11-22")).toBeNull();
  });

  it("clamps 29 February to 28 February a year later", () => {
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2025-11-15", 2)).toBe("2026-01-15");
  });

  it("addMonths then daysBetween never goes backwards (property)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1950-01-01"), max: new Date("2090-01-01"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 120 }),
        (d, months) => {
          const iso = d.toISOString().slice(0, 10);
          const later = addMonths(iso, months);
          expect(daysBetween(iso, later)).toBeGreaterThanOrEqual(months * 28);
        },
      ),
    );
  });

  it("uses the Hanoi date for today", () => {
    expect(todayIso(new Date("2026-11-22T18:30:00Z"))).toBe("2026-11-23");
    expect(todayIso(new Date("2026-11-22T16:59:00Z"))).toBe("2026-11-22");
  });
});

describe("member input", () => {
  it("finds dates out of life's order, naming the later field", () => {
    expect(
      dateOrderIssues({
        dateOfBirth: "1990-01-01",
        admissionDate: "1989-01-01",
        ceremonyDate: null,
        officialDate: null,
      }),
    ).toEqual([{ field: "admissionDate", earlier: "dateOfBirth" }]);
    expect(
      dateOrderIssues({
        dateOfBirth: "1980-01-01",
        admissionDate: "2010-01-01",
        ceremonyDate: "2010-02-01",
        officialDate: "2011-02-01",
      }),
    ).toEqual([]);
  });

  it("normalises text, empties to null and refuses control characters", () => {
    const ok = createMemberBody.parse({
      organizationId: crypto.randomUUID(),
      fullName: "  Nguyễn Văn An ",
      status: "full",
      phone: "",
      email: "",
    });
    expect(ok.fullName).toBe("Nguyễn Văn An");
    expect(ok.phone).toBeNull();
    expect(ok.email).toBeNull();
    expect(
      createMemberBody.safeParse({ organizationId: crypto.randomUUID(), fullName: "An\u0000", status: "full" }).success,
    ).toBe(false);
    expect(
      createMemberBody.safeParse({
        organizationId: crypto.randomUUID(),
        fullName: "An",
        status: "full",
        dateOfBirth: "2020-02-30",
      }).success,
    ).toBe(false);
    expect(
      createMemberBody.safeParse({
        organizationId: crypto.randomUUID(),
        fullName: "An",
        status: "full",
        dateOfBirth: "1850-01-01",
      }).success,
    ).toBe(false);
  });
});

describe("masking card numbers", () => {
  it("keeps only the last three characters of a normal card number", () => {
    expect(maskCardNumber("01.012345")).toBe("••••••345");
    expect(maskCardNumber("79012345")).toBe("•••••345");
  });
  it("hides short numbers entirely and leaves empty ones alone", () => {
    expect(maskCardNumber("123")).toBe("•••");
    expect(maskCardNumber("12345")).toBe("•••45");
    expect(maskCardNumber(null)).toBeNull();
    expect(maskCardNumber("")).toBe("");
  });
  it("never reveals more than three characters, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (card) => {
        const masked = maskCardNumber(card)!;
        expect(masked).toHaveLength(card.length);
        expect(masked.replace(/•/g, "").length).toBeLessThanOrEqual(Math.min(3, Math.max(0, card.length - 3)));
      }),
    );
  });
});

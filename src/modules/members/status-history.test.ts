import { describe, expect, it } from "vitest";
import {
  cellIntervals,
  memberOn,
  periodsFromRecord,
  planChange,
  type StatusPeriod,
  statusOn,
} from "./status-history.js";

const history: StatusPeriod[] = [
  { kind: "probationary", startsOn: "2024-03-10", endsOn: "2025-03-10" },
  { kind: "full", startsOn: "2025-03-10", endsOn: null },
  { kind: "exempt", startsOn: "2025-06-01", endsOn: "2025-09-01" },
  { kind: "suspended", startsOn: "2025-10-01", endsOn: null },
];

describe("statusOn", () => {
  it("knows no standing before the first record", () => {
    expect(statusOn(history, "2024-03-09")).toEqual({ standing: null, exempt: false, suspended: false, left: false });
  });

  it("applies a period from its first day, and the next one on the day of the change", () => {
    expect(statusOn(history, "2024-03-10").standing).toBe("probationary");
    expect(statusOn(history, "2025-03-09").standing).toBe("probationary");
    expect(statusOn(history, "2025-03-10").standing).toBe("full");
  });

  it("ends an exemption on its end day, and keeps an open period open", () => {
    expect(statusOn(history, "2025-05-31").exempt).toBe(false);
    expect(statusOn(history, "2025-06-01").exempt).toBe(true);
    expect(statusOn(history, "2025-08-31").exempt).toBe(true);
    expect(statusOn(history, "2025-09-01").exempt).toBe(false);
    expect(statusOn(history, "2099-01-01")).toEqual({
      standing: "full",
      exempt: false,
      suspended: true,
      left: false,
    });
  });

  it("reads a period without a start as applying since ever", () => {
    expect(statusOn([{ kind: "exempt", startsOn: null, endsOn: null }], "1990-01-01").exempt).toBe(true);
  });

  it("lets the later start win when standing periods overlap", () => {
    const overlapping: StatusPeriod[] = [
      { kind: "full", startsOn: null, endsOn: null },
      { kind: "probationary", startsOn: "2025-01-01", endsOn: null },
    ];
    expect(statusOn(overlapping, "2024-12-31").standing).toBe("full");
    expect(statusOn(overlapping, "2025-01-01").standing).toBe("probationary");
  });
});

describe("periodsFromRecord", () => {
  const base = {
    status: "full" as const,
    admissionDate: "2020-05-01",
    ceremonyDate: "2020-05-19",
    officialDate: "2021-05-19",
    exemptFromActivities: false,
    leftOn: null,
  };

  it("opens the probation on admission and the full standing on recognition", () => {
    expect(periodsFromRecord(base)).toEqual([
      { kind: "probationary", startsOn: "2020-05-01", endsOn: "2021-05-19" },
      { kind: "full", startsOn: "2021-05-19", endsOn: null },
    ]);
  });

  it("falls back to the ceremony, and to an open start when no date is known", () => {
    expect(periodsFromRecord({ ...base, status: "probationary", admissionDate: null, officialDate: null })).toEqual([
      { kind: "probationary", startsOn: "2020-05-19", endsOn: null },
    ]);
    expect(periodsFromRecord({ ...base, officialDate: null })).toEqual([
      { kind: "full", startsOn: null, endsOn: null },
    ]);
  });

  it("carries an exemption without a start, and leaving from its day", () => {
    const periods = periodsFromRecord({ ...base, exemptFromActivities: true, leftOn: "2024-01-02" });
    expect(periods).toContainEqual({ kind: "exempt", startsOn: null, endsOn: null });
    expect(periods).toContainEqual({ kind: "left", startsOn: "2024-01-02", endsOn: null });
  });
});

describe("planChange", () => {
  const probationary: StatusPeriod[] = [{ kind: "probationary", startsOn: "2024-03-10", endsOn: null }];

  it("recognition closes the probation and opens the full standing on its day", () => {
    expect(planChange(probationary, "recognition", "2025-03-10")).toEqual({
      close: 0,
      open: "full",
      record: { status: "full", officialDate: "2025-03-10" },
    });
  });

  it("refuses a change dated before the period it ends, but accepts its first day", () => {
    expect(planChange(probationary, "recognition", "2024-03-09")).toEqual({ issue: "before_period_start" });
    expect(planChange(probationary, "recognition", "2024-03-10")).not.toHaveProperty("issue");
  });

  it("refuses what does not apply: recognising a full member, ending what never started, starting twice", () => {
    expect(planChange(history, "recognition", "2026-01-01")).toEqual({ issue: "not_probationary" });
    expect(planChange(history, "exemption_end", "2026-01-01")).toEqual({ issue: "not_exempt" });
    expect(planChange(history, "suspension_start", "2026-01-01")).toEqual({ issue: "already_suspended" });
    expect(planChange(probationary, "suspension_end", "2026-01-01")).toEqual({ issue: "not_suspended" });
  });

  it("exemption start and end keep the record's flag in step", () => {
    const started = planChange(probationary, "exemption_start", "2025-01-01");
    expect(started).toEqual({ close: null, open: "exempt", record: { exemptFromActivities: true } });
    const exempt: StatusPeriod[] = [...probationary, { kind: "exempt", startsOn: "2025-01-01", endsOn: null }];
    expect(planChange(exempt, "exemption_start", "2025-02-01")).toEqual({ issue: "already_exempt" });
    expect(planChange(exempt, "exemption_end", "2025-02-01")).toEqual({
      close: 1,
      open: null,
      record: { exemptFromActivities: false },
    });
  });
});

describe("cellIntervals and memberOn", () => {
  it("follows transfers in and out, the last of one day counting", () => {
    expect(
      cellIntervals(
        [
          { transferredOn: "2020-01-01", inside: true },
          { transferredOn: "2022-06-01", inside: false },
          { transferredOn: "2023-01-01", inside: true },
          { transferredOn: "2023-01-01", inside: false },
          { transferredOn: "2024-01-01", inside: true },
        ],
        null,
      ),
    ).toEqual([
      { from: "2020-01-01", to: "2022-06-01" },
      { from: "2024-01-01", to: null },
    ]);
  });

  it("joins moves between groups of the same cell and ends on the day left", () => {
    expect(
      cellIntervals(
        [
          { transferredOn: "2020-01-01", inside: true },
          { transferredOn: "2021-01-01", inside: true },
        ],
        "2025-05-05",
      ),
    ).toEqual([{ from: "2020-01-01", to: "2025-05-05" }]);
  });

  it("counts a member on the days they belonged and were a party member", () => {
    const m = { id: "a", fullName: "An", inCell: [{ from: "2024-01-01", to: "2026-01-01" }], history };
    expect(memberOn(m, "2023-12-31")).toBeNull();
    expect(memberOn(m, "2024-01-01")).toBeNull(); // in the cell's book, but not yet admitted
    expect(memberOn(m, "2024-03-10")).toMatchObject({ status: "probationary", exempt: false });
    expect(memberOn(m, "2025-07-01")).toMatchObject({ status: "full", exempt: true, suspended: false });
    expect(memberOn(m, "2026-01-01")).toBeNull();
  });

  it("leaves out a member from the day they left", () => {
    const left: StatusPeriod[] = [...history, { kind: "left", startsOn: "2025-12-01", endsOn: null }];
    const m = { id: "a", fullName: "An", inCell: [{ from: "2024-01-01", to: null }], history: left };
    expect(memberOn(m, "2025-11-30")).not.toBeNull();
    expect(memberOn(m, "2025-12-01")).toBeNull();
  });
});

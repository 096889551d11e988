import { describe, expect, it } from "vitest";
import { selectRulebook, type Rulebook } from "./model.js";
import { loadCentralRulebooks, registerRulebookKind } from "./index.js";
import { membershipRulesSchema } from "../../modules/organizations/model.js";

const book = (key: string, effectiveFrom: string, depth?: number): Rulebook<{ key: string }> => ({
  kind: "membership",
  key,
  title: key,
  effectiveFrom,
  sources: [{ ref: "x", tag: "P" }],
  data: { key },
  ...(depth === undefined ? {} : { adoptedBy: { organizationId: `org${depth}`, depth } }),
});

describe("selectRulebook", () => {
  const central = [book("c2011", "2011-01-19"), book("c2021", "2021-07-30"), book("c2025", "2025-05-26")];

  it("picks the central rulebook in force on the date", () => {
    expect(selectRulebook(central, [], "2024-03-01")?.key).toBe("c2021");
    expect(selectRulebook(central, [], "2025-05-26")?.key).toBe("c2025");
    expect(selectRulebook(central, [], "2021-07-29")?.key).toBe("c2011");
  });

  it("returns null before any rulebook took effect", () => {
    expect(selectRulebook(central, [], "2010-12-31")).toBeNull();
  });

  it("lets a local variant override the central one from its effective date only", () => {
    const local = [book("local", "2024-01-01", 0)];
    expect(selectRulebook(central, local, "2023-12-31")?.key).toBe("c2021");
    expect(selectRulebook(central, local, "2024-06-01")?.key).toBe("local");
    // A local variant stays in force even after a newer central rule, until the đảng ủy adopts another.
    expect(selectRulebook(central, local, "2026-01-01")?.key).toBe("local");
  });

  it("prefers the nearest ancestor's variant", () => {
    const local = [book("province", "2020-01-01", 0), book("committee", "2022-01-01", 1)];
    expect(selectRulebook(central, local, "2021-01-01")?.key).toBe("province");
    expect(selectRulebook(central, local, "2023-01-01")?.key).toBe("committee");
  });
});

describe("central rulebooks on disk", () => {
  it("all parse, have unique keys and a source, and the membership data matches its schema", () => {
    registerRulebookKind("membership", membershipRulesSchema);
    const books = loadCentralRulebooks();
    const membership = books.filter((b) => b.kind === "membership");
    expect(membership.length).toBeGreaterThanOrEqual(2);
    for (const b of membership) {
      expect(b.sources.length).toBeGreaterThan(0);
      expect(membershipRulesSchema.parse(b.data).cell.minFullMembers).toBe(3);
    }
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Executor } from "../db/index.js";
import { registerRulebookKinds } from "../../rulebook-kinds.js";
import { HOLIDAYS_KIND } from "../working-days.js";
import { loadCentralRulebooks, NoRulebookError, registerRulebookKind, rulebookInForce } from "./index.js";

describe("rulebookInForce", () => {
  // An organisation path with no ancestors reads no local rulebook: no store is needed.
  const noStore = {} as Executor;

  it("says by class, with the kind and the date, that no rulebook was in force", async () => {
    const error = await rulebookInForce(noStore, "meeting", "", "1950-01-01").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoRulebookError);
    expect(error).toMatchObject({ kind: "meeting", onDate: "1950-01-01" });
  });

  it("finds the central rulebook once one is in force", async () => {
    expect((await rulebookInForce(noStore, "meeting", "", "2026-01-01")).kind).toBe("meeting");
  });
});

describe("loadCentralRulebooks", () => {
  it("parses the files again by a kind's schema registered after they were first read", () => {
    registerRulebookKinds();
    expect(loadCentralRulebooks().find((b) => b.kind === HOLIDAYS_KIND)?.data).not.toHaveProperty("parsedBy");
    const marking = z.any().transform((data: object) => ({ ...data, parsedBy: "the later schema" }));
    registerRulebookKind(HOLIDAYS_KIND, marking);
    try {
      // Before the fix the first reading was kept, parsed without this schema.
      expect(loadCentralRulebooks().find((b) => b.kind === HOLIDAYS_KIND)?.data).toMatchObject({
        parsedBy: "the later schema",
      });
    } finally {
      registerRulebookKinds();
    }
    expect(loadCentralRulebooks().find((b) => b.kind === HOLIDAYS_KIND)?.data).not.toHaveProperty("parsedBy");
  });
});

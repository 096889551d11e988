import { describe, expect, it } from "vitest";
import type { Executor } from "../db/index.js";
import { NoRulebookError, rulebookInForce } from "./index.js";

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

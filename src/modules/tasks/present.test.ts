import { describe, expect, it } from "vitest";
import { z } from "zod";
import { bulkPreviewSchema, taskSchema } from "./present.js";

const row = {
  id: "6f1c0a52-8a3e-4d6b-9b0e-2f5c8a1d4e70",
  organizationId: "0b8f3c2e-1d4a-4f6b-8c9d-7e5a3b1c2d40",
  sourceKind: "direct" as const,
  sourceId: null,
  planItemId: null,
  title: "Chuẩn bị chuyên đề quý",
  description: null,
  responsibleMemberId: "5d2e7f1a-3b4c-4d5e-8f6a-7b8c9d0e1f20",
  helperIds: [],
  startsOn: "2026-01-05",
  dueOn: "2026-02-05",
  progress: 40,
  doneOn: null,
  createdAt: new Date("2026-01-05T02:00:00Z"),
  updatedAt: new Date("2026-01-20T03:30:00Z"),
  version: 3,
};

describe("what the tasks module answers", () => {
  it("a task leaves the server without its deletion mark, its times as ISO strings", () => {
    const wire = z.encode(taskSchema, { ...row, deletedAt: new Date() } as z.output<typeof taskSchema>);
    expect(wire).not.toHaveProperty("deletedAt");
    expect(wire.updatedAt).toBe("2026-01-20T03:30:00.000Z");
    expect(wire.progress).toBe(40);
  });

  it("a preview row is either what will be written or why not, never a mixture", () => {
    const ok = { row: 2, taskId: row.id, ok: true, percent: 80, note: null, title: "x", currentProgress: 40 };
    const bad = { row: 3, taskId: row.id, ok: false, error: "errors.percent_range", currentProgress: 40 };
    expect(bulkPreviewSchema.safeParse({ rows: [ok, bad], errors: 1, ready: false }).success).toBe(true);
    const mixed = { ...bad, ok: true };
    expect(bulkPreviewSchema.safeParse({ rows: [mixed], errors: 0, ready: true }).success).toBe(false);
  });
});

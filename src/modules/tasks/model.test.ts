import { describe, expect, it } from "vitest";
import type { Role } from "../../core/access/index.js";
import {
  byUrgency,
  checkBulkRows,
  extensionProblem,
  mayDirect,
  reminderDue,
  taskStatus,
  type TaskRules,
} from "./model.js";

const rules: TaskRules = {
  atRisk: { dueSoonDays: 7, dueSoonBelowPercent: 80, lagPoints: 35, targetBelowPercent: 50 },
  reminders: { daysBefore: [7, 3], whenOverdue: true, overdueWithinDays: 7 },
  source: "test",
};

describe("taskStatus", () => {
  const task = (progress: number, startsOn = "2026-01-01", dueOn = "2026-03-01") => ({ startsOn, dueOn, progress });
  it("done at 100% whatever the date", () => {
    expect(taskStatus(task(100), "2027-01-01", rules.atRisk)).toBe("done");
  });
  it("late the day after the deadline, not on it", () => {
    expect(taskStatus(task(90), "2026-03-02", rules.atRisk)).toBe("late");
    expect(taskStatus(task(90), "2026-03-01", rules.atRisk)).toBe("on_track");
  });
  it("at risk when due within the window and below the bar", () => {
    expect(taskStatus(task(79), "2026-02-22", rules.atRisk)).toBe("at_risk");
    expect(taskStatus(task(80), "2026-02-22", rules.atRisk)).toBe("on_track");
    expect(taskStatus(task(0), "2026-02-21", rules.atRisk)).toBe("at_risk"); // lag: 51% of time gone
  });
  it("at risk when time elapsed outruns progress by the lag", () => {
    // 59 days; on 31/01 about 51% of the time has gone.
    expect(taskStatus(task(15), "2026-01-31", rules.atRisk)).toBe("at_risk");
    expect(taskStatus(task(20), "2026-01-31", rules.atRisk)).toBe("on_track");
  });
  it("a task not yet started is on track", () => {
    expect(taskStatus(task(0), "2025-12-01", rules.atRisk)).toBe("on_track");
  });
});

describe("byUrgency", () => {
  it("late (oldest first), at risk, on track by deadline, done last", () => {
    const sorted = byUrgency([
      { id: 1, status: "done" as const, dueOn: "2026-01-01" },
      { id: 2, status: "on_track" as const, dueOn: "2026-05-01" },
      { id: 3, status: "late" as const, dueOn: "2026-02-01" },
      { id: 4, status: "on_track" as const, dueOn: "2026-04-01" },
      { id: 5, status: "late" as const, dueOn: "2026-01-15" },
      { id: 6, status: "at_risk" as const, dueOn: "2026-06-01" },
    ]);
    expect(sorted.map((t) => t.id)).toEqual([5, 3, 6, 4, 2, 1]);
  });
});

describe("reminderDue", () => {
  const t = { id: "x", dueOn: "2026-03-10", progress: 10 };
  it("picks the nearest threshold reached, with a stable key", () => {
    expect(reminderDue(t, "2026-03-01", rules.reminders)).toBeNull();
    expect(reminderDue(t, "2026-03-03", rules.reminders)?.key).toBe("task:x:2026-03-10:before:7");
    expect(reminderDue(t, "2026-03-05", rules.reminders)?.key).toBe("task:x:2026-03-10:before:7");
    expect(reminderDue(t, "2026-03-08", rules.reminders)?.key).toBe("task:x:2026-03-10:before:3");
    expect(reminderDue(t, "2026-03-10", rules.reminders)?.kind).toBe("before");
  });
  it("one overdue reminder; none for done tasks", () => {
    expect(reminderDue(t, "2026-03-11", rules.reminders)).toEqual({
      kind: "overdue",
      key: "task:x:2026-03-10:overdue",
      days: 1,
    });
    expect(reminderDue(t, "2026-03-17", rules.reminders)?.key).toBe("task:x:2026-03-10:overdue");
    // Past the window nothing more is sent: the late task is on the dashboard, not in the mailbox.
    expect(reminderDue(t, "2026-03-18", rules.reminders)).toBeNull();
    expect(reminderDue(t, "2026-04-30", { ...rules.reminders, overdueWithinDays: 31 })?.key).toBeUndefined();
    expect(reminderDue(t, "2026-04-10", { ...rules.reminders, overdueWithinDays: 31 })?.key).toBe(
      "task:x:2026-03-10:overdue",
    );
    expect(reminderDue({ ...t, progress: 100 }, "2026-03-11", rules.reminders)).toBeNull();
    expect(reminderDue(t, "2026-03-11", { ...rules.reminders, whenOverdue: false })).toBeNull();
  });
  it("a moved deadline makes a new key", () => {
    expect(reminderDue({ ...t, dueOn: "2026-03-20" }, "2026-03-19", rules.reminders)?.key).toBe(
      "task:x:2026-03-20:before:3",
    );
  });
});

describe("checkBulkRows", () => {
  const known = new Map([
    ["a", { title: "Việc A", progress: 0 }],
    ["b", { title: "Việc B", progress: 10 }],
    ["c", { title: "Việc C", progress: 0 }],
  ]);
  it("accepts numbers and '50%' text, refuses out-of-range, unknown and duplicate rows", () => {
    const out = checkBulkRows(
      [
        { row: 2, taskId: "a", percent: "50%", note: " ghi chú " },
        { row: 3, taskId: "b", percent: 101, note: null },
        { row: 4, taskId: "zz", percent: 10, note: null },
        { row: 5, taskId: "a", percent: 10, note: null },
        { row: 6, taskId: "c", percent: "nửa", note: null },
      ],
      known,
    );
    expect(out[0]).toEqual({ row: 2, taskId: "a", ok: true, percent: 50, note: "ghi chú", title: "Việc A" });
    expect(out.slice(1).map((r) => (r.ok ? "ok" : r.error))).toEqual([
      "errors.percent_range",
      "errors.bulk_unknown_task",
      "errors.bulk_duplicate_task",
      "errors.percent_range",
    ]);
  });
});

describe("extensionProblem", () => {
  const task = { dueOn: "2026-03-05", progress: 40 };
  it("takes a later deadline, even one day later", () => {
    expect(extensionProblem(task, "2026-03-06")).toBeNull();
  });
  it("refuses the same deadline or an earlier one: that is a correction, not an extension", () => {
    expect(extensionProblem(task, "2026-03-05")).toBe("errors.extension_not_later");
    expect(extensionProblem(task, "2026-03-04")).toBe("errors.extension_not_later");
  });
  it("refuses a finished task, whatever the date", () => {
    expect(extensionProblem({ ...task, progress: 100 }, "2026-04-30")).toBe("errors.task_done_no_extension");
    expect(extensionProblem({ ...task, progress: 99 }, "2026-04-30")).toBeNull();
  });
});

describe("mayDirect", () => {
  const cell = { id: "c1", path: "/p/c1/" };
  const scope = (role: Role, path: string, subtree = true) => ({ role, organizationId: "x", path, subtree });
  const actor = (...scopes: ReturnType<typeof scope>[]) => ({ isAdmin: false, scopes });
  it("the cell's committee, its overseer, and the office and secretary of the đảng bộ above", () => {
    for (const role of ["manager", "committee", "overseer"] as const)
      expect(mayDirect(actor(scope(role, "/p/c1/")), cell)).toBe(true);
    expect(mayDirect(actor(scope("office", "/p/")), cell)).toBe(true);
    expect(mayDirect(actor(scope("manager", "/p/")), cell)).toBe(true);
    expect(mayDirect({ isAdmin: true, scopes: [] }, cell)).toBe(true);
  });
  it("not an ordinary member, the UBKT, a viewer, another cell's secretary, nor a đảng ủy member on the node only", () => {
    expect(mayDirect(actor(scope("member", "/p/c1/")), cell)).toBe(false);
    expect(mayDirect(actor(scope("inspector", "/p/")), cell)).toBe(false);
    expect(mayDirect(actor(scope("viewer", "/p/")), cell)).toBe(false);
    expect(mayDirect(actor(scope("manager", "/p/c2/")), cell)).toBe(false);
    expect(mayDirect(actor({ role: "member", organizationId: "p", path: "/p/", subtree: false }), cell)).toBe(false);
    expect(mayDirect(actor(scope("overseer", "/p/c2/")), cell)).toBe(false);
  });
});

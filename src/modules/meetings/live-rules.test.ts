import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  meetingFacts,
  meetingRulesSchema,
  membersToMarkPresent,
  reasonsMissing,
  recordedAbsent,
  voteSubjectFromDraft,
  type AttendanceEntry,
  type RosterMember,
} from "./model.js";

// The live meeting's pure rules (issue 14): what "Tất cả có mặt" marks, reasons still to write, who may speak, the
// vote's subject from the draft.

const member = (id: string, over: Partial<RosterMember> = {}): RosterMember => ({
  id,
  fullName: `Đảng viên ${id}`,
  status: "full",
  exempt: false,
  ...over,
});
const entry = (memberId: string, status: AttendanceEntry["status"], reason: string | null = null): AttendanceEntry => ({
  memberId,
  status,
  reason,
});

describe("membersToMarkPresent", () => {
  it("marks every expected member not marked yet, and nobody else", () => {
    const roster = [member("a"), member("b"), member("c", { exempt: true }), member("d")];
    expect(membersToMarkPresent(roster, [])).toEqual(["a", "b", "d"]);
    // An absence marked before stays an absence; an exempt member is never marked for them.
    expect(membersToMarkPresent(roster, [entry("b", "absent_with_reason")])).toEqual(["a", "d"]);
    expect(membersToMarkPresent(roster, [entry("a", "late"), entry("b", "present"), entry("d", "present")])).toEqual(
      [],
    );
    expect(membersToMarkPresent([], [])).toEqual([]);
  });

  it("12 members with 2 absent: one tap for the ten, then the two exceptions", () => {
    const roster = Array.from({ length: 12 }, (_, i) => member(`m${i}`));
    const all = membersToMarkPresent(roster, []);
    expect(all).toHaveLength(12);
    // The exceptions tapped after "Tất cả có mặt" replace the present mark; no other member moves.
    const entries = all.map((id) => entry(id, "present"));
    entries[3] = entry("m3", "absent_with_reason");
    entries[7] = entry("m7", "absent_without_reason");
    expect(membersToMarkPresent(roster, entries)).toEqual([]);
  });
});

describe("reasonsMissing", () => {
  it("lists the absences with reason whose reason is not written, blank included", () => {
    const roster = [member("a"), member("b"), member("c"), member("d")];
    const missing = reasonsMissing(roster, [
      entry("a", "absent_with_reason"),
      entry("b", "absent_with_reason", "  "),
      entry("c", "absent_with_reason", "Ốm"),
      entry("d", "absent_without_reason"),
    ]);
    expect(missing.map((m) => m.id)).toEqual(["a", "b"]);
  });

  it("leaves out a member whose exemption overrides the mark", () => {
    expect(reasonsMissing([member("a", { exempt: true })], [entry("a", "absent_with_reason")])).toEqual([]);
  });
});

describe("recordedAbsent", () => {
  it("is true only for an absence, with or without reason", () => {
    const m = member("a");
    expect(recordedAbsent(m, entry("a", "absent_with_reason"))).toBe(true);
    expect(recordedAbsent(m, entry("a", "absent_without_reason"))).toBe(true);
    expect(recordedAbsent(m, entry("a", "present"))).toBe(false);
    expect(recordedAbsent(m, entry("a", "late"))).toBe(false);
    expect(recordedAbsent(m, undefined)).toBe(false);
    // An exempt member who came anyway may speak; one who did not is exempt, not absent.
    expect(recordedAbsent(member("e", { exempt: true }), entry("e", "absent_without_reason"))).toBe(false);
  });
});

describe("voteSubjectFromDraft", () => {
  it("takes the draft's first written line, trimmed and cut to the subject's length", () => {
    expect(voteSubjectFromDraft("Nghị quyết tháng 12\nI. Đánh giá…")).toBe("Nghị quyết tháng 12");
    expect(voteSubjectFromDraft("\n\n   Dự thảo nghị quyết chuyên đề  \n")).toBe("Dự thảo nghị quyết chuyên đề");
    expect(voteSubjectFromDraft(null)).toBe("");
    expect(voteSubjectFromDraft("   \n ")).toBe("");
    expect(voteSubjectFromDraft("x".repeat(600))).toHaveLength(500);
    expect(voteSubjectFromDraft("abcdef", 3)).toBe("abc");
  });
});

describe("minutes complete only with every reason written", () => {
  const rules = meetingRulesSchema.parse(
    JSON.parse(readFileSync(new URL("../../../rulebooks/meeting/42-hd-2025.json", import.meta.url), "utf8")).data,
  );
  const facts = (attendance: AttendanceEntry[]) =>
    meetingFacts({
      meeting: {
        kind: "monthly",
        date: "2026-12-03",
        startTime: "14:00",
        startedAt: "2026-12-03T07:00:00Z",
        endedAt: "2026-12-03T08:40:00Z",
        chairMemberId: "a",
        minuteTakerMemberId: "b",
        preparerMemberId: null,
        content: "Nội dung",
        draftResolution: null,
        conclusion: "Kết luận",
        agenda: ["Chương trình"],
        dues: null,
      },
      rules,
      hasCommittee: false,
      roster: [member("a"), member("b"), member("c")],
      attendance,
      earlierAbsences: [],
      steps: [],
      speakerIds: [],
      votes: 0,
      previousResolutionDone: null,
    });
  it("an absence saved at the tap leaves the minutes incomplete until its reason is written", () => {
    const base = [entry("a", "present"), entry("b", "present")];
    expect(facts([...base, entry("c", "absent_with_reason")]).minutesComplete).toBe(false);
    expect(facts([...base, entry("c", "absent_with_reason", "Đi công tác")]).minutesComplete).toBe(true);
  });
});

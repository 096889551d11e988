import { z } from "zod";
import { isoDate, optionalText, text, version } from "../../core/http/schemas.js";
import { daysBetween } from "../../core/time.js";
import { addWorkingDays, type HolidayCalendar } from "../../core/working-days.js";
import type { RoundResult } from "./elections-model.js";
// Shared with the browser: zod and pure functions only.

// ── the rulebook "congress-preparation" ──

export const STEP_GROUPS = ["plan", "documents", "personnel", "approval", "delegates", "organisation"] as const;
export const STEP_OWNERS = ["secretary", "deputy_secretary", "office"] as const;
export type StepOwner = (typeof STEP_OWNERS)[number];

const stepTemplate = z.object({
  key: z.string().min(1),
  group: z.enum(STEP_GROUPS),
  owner: z.enum(STEP_OWNERS),
  /** Due this many working days before the congress day. */
  workingDaysBefore: z.number().int().min(0).max(250),
  title: z.string().min(1),
  titleEn: z.string().min(1),
  source: z.string(),
});
export type StepTemplate = z.infer<typeof stepTemplate>;

const size = z.object({ min: z.number().int().min(0), max: z.number().int().min(1) });
const BODY_KINDS = ["presidium", "secretariat", "countingBoard"] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

const levelRules = z.object({
  steps: z.array(stepTemplate).min(1),
  bodies: z.object({ presidium: size, secretariat: size, countingBoard: size }),
  /** How many alternates (dự khuyết) a cell may choose besides its quota of delegates. */
  maxAlternatesPerCell: z.number().int().min(0),
  agenda: z.array(z.string().min(1)).min(1),
});
export type LevelRules = z.infer<typeof levelRules>;

export const preparationRulesSchema = z.object({
  /** Reminders go out this many calendar days before a step's deadline, and once when it has passed. */
  reminderDaysBefore: z.array(z.number().int().min(0)).min(1),
  cell: levelRules,
  party_committee: levelRules,
});
export type PreparationRules = z.infer<typeof preparationRulesSchema>;

// ── the timeline ──

export interface StepDraft {
  stepKey: string;
  position: number;
  group: StepTemplate["group"];
  owner: StepOwner;
  title: string;
  titleEn: string;
  source: string;
  dueOn: string;
  ownerMemberId: string | null;
}

/**
 * The plan's steps from the rulebook: each due the given number of working days before the congress day, owned by
 * the secretary or deputy in office (falling back to the secretary), or by the office of the level above (no member).
 */
export function planTimeline(
  steps: StepTemplate[],
  congressOn: string,
  calendar: HolidayCalendar,
  owners: { secretary: string | null; deputy_secretary: string | null },
): StepDraft[] {
  return steps
    .map((s) => ({
      stepKey: s.key,
      group: s.group,
      owner: s.owner,
      title: s.title,
      titleEn: s.titleEn,
      source: s.source,
      dueOn: addWorkingDays(calendar, congressOn, -s.workingDaysBefore),
      ownerMemberId: s.owner === "office" ? null : (owners[s.owner] ?? owners.secretary),
    }))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))
    .map((s, position) => ({ ...s, position }));
}

/**
 * The reminder a step is due today, if any: the nearest threshold it has come within, or "passed" once after the
 * deadline. The key names the step, its deadline and the threshold, so the outbox sends each one once.
 */
export function stepReminder(
  step: { id: string; dueOn: string; done: boolean },
  today: string,
  daysBefore: number[],
): { key: string; days: number; passed: boolean } | null {
  if (step.done) return null;
  const left = daysBetween(today, step.dueOn);
  const base = `congress-step:${step.id}:${step.dueOn}`;
  if (left < 0) return { key: `${base}:passed`, days: -left, passed: true };
  const threshold = [...daysBefore].sort((a, b) => a - b).find((d) => left <= d);
  return threshold === undefined ? null : { key: `${base}:before:${threshold}`, days: left, passed: false };
}

export type StepStage = "done" | "overdue" | "due_soon" | "open";
export function stepStage(step: { done: boolean; dueOn: string }, today: string, soonDays = 7): StepStage {
  if (step.done) return "done";
  const left = daysBetween(today, step.dueOn);
  if (left < 0) return "overdue";
  return left <= soonDays ? "due_soon" : "open";
}

// ── delegates ──

export const DELEGATE_KINDS = ["official", "alternate"] as const;
export type DelegateKind = (typeof DELEGATE_KINDS)[number];
export const CREDENTIAL_STATES = ["pending", "accepted", "rejected"] as const;
export type CredentialState = (typeof CREDENTIAL_STATES)[number];

export interface Problem {
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

/**
 * A cell's choice of delegates: no more official delegates than its quota, no more alternates than the rulebook
 * allows, each person once, and only full members of the cell (probationary members do not vote in elections).
 */
export function delegateChoiceProblem(
  choice: { memberId: string; kind: DelegateKind }[],
  quota: number | null,
  maxAlternates: number,
  fullMembers: Set<string>,
): Problem | null {
  if (quota === null) return { field: "delegates", key: "errors.congress_no_quota" };
  const officials = choice.filter((c) => c.kind === "official").length;
  if (officials > quota) return { field: "delegates", key: "errors.congress_over_quota", params: { quota } };
  const alternates = choice.length - officials;
  if (alternates > maxAlternates)
    return { field: "delegates", key: "errors.congress_too_many_alternates", params: { maximum: maxAlternates } };
  const seen = new Set<string>();
  for (const [i, c] of choice.entries()) {
    if (seen.has(c.memberId)) return { field: `delegates.${i}.memberId`, key: "errors.congress_duplicate_member" };
    seen.add(c.memberId);
    if (!fullMembers.has(c.memberId))
      return { field: `delegates.${i}.memberId`, key: "errors.congress_delegate_not_full_member" };
  }
  return null;
}

export interface HallAttendance {
  /** Official delegates with accepted (or unchecked) credentials. */
  expected: number;
  present: number;
  /** Alternates present who sit in for an absent official. */
  alternatesPresent: number;
}

/** Who counts in the hall: officials not rejected by the credentials check, and who of them is present. */
export function hallAttendance(
  delegates: { kind: DelegateKind; credential: CredentialState; present: boolean }[],
): HallAttendance {
  const seated = delegates.filter((d) => d.credential !== "rejected");
  const officials = seated.filter((d) => d.kind === "official");
  return {
    expected: officials.length,
    present: officials.filter((d) => d.present).length,
    alternatesPresent: seated.filter((d) => d.kind === "alternate" && d.present).length,
  };
}

/** One released election round as the hall shows it. */
export interface HallRound {
  title: string;
  round: number;
  seats: number;
  validBallots: number;
  candidates: { name: string; votes: number; elected: boolean }[];
}

/**
 * A released round for the projector: the round's candidates in the ballot's Vietnamese name order (the election's
 * list is kept so), each with their votes and whether the round elected them.
 */
export function hallRound(
  election: { title: string; candidates: readonly { memberId: string; fullName: string }[] },
  round: { number: number; seats: number; candidateIds: readonly string[]; result: RoundResult },
): HallRound {
  const votes = new Map(round.result.standings.map((s) => [s.memberId, s.votes]));
  const elected = new Set(round.result.elected.map((e) => e.memberId));
  return {
    title: election.title,
    round: round.number,
    seats: round.seats,
    validBallots: round.result.valid,
    candidates: election.candidates
      .filter((c) => round.candidateIds.includes(c.memberId))
      .map((c) => ({ name: c.fullName, votes: votes.get(c.memberId) ?? 0, elected: elected.has(c.memberId) })),
  };
}

// ── the congress day ──

/**
 * The presidium, secretariat and vote-counting board: each within the rulebook's sizes, drawn from the congress's
 * delegates, nobody twice in one body. The agenda item shown in the hall must exist.
 */
export function congressDayProblem(
  day: { presidium: string[]; secretariat: string[]; countingBoard: string[]; agenda: string[] },
  bodies: LevelRules["bodies"],
  delegates: Set<string>,
): Problem | null {
  for (const kind of BODY_KINDS) {
    const ids = day[kind];
    const { min, max } = bodies[kind];
    if (ids.length < min || ids.length > max)
      return { field: kind, key: "errors.congress_body_size", params: { min, max } };
    if (new Set(ids).size !== ids.length) return { field: kind, key: "errors.congress_duplicate_member" };
    const i = ids.findIndex((id) => !delegates.has(id));
    if (i >= 0) return { field: `${kind}.${i}`, key: "errors.congress_not_delegate" };
  }
  return null;
}

// ── the term's record, as the drafts tell it ──

export const RATING_KEYS = ["good", "fair", "average", "poor"] as const;
export const LEVEL_KEYS = ["excellent", "good", "completed", "not_completed"] as const;

export interface TargetFact {
  name: string;
  unit: string;
  baseline: number;
  goal: number;
  latest: number | null;
}

export interface YearFacts {
  year: number;
  resolutions: number;
  meetingsHeld: number;
  ratings: Record<(typeof RATING_KEYS)[number], number>;
  levels: Record<(typeof LEVEL_KEYS)[number], number>;
  /** The organisation's own level that year, when the level above decided it. */
  ownLevel: (typeof LEVEL_KEYS)[number] | null;
  admitted: number;
  recognised: number;
  inspections: number;
  findings: number;
  findingsClosed: number;
}

export interface TermFacts {
  organizationName: string;
  kind: "cell" | "party_committee";
  termLabel: string;
  nextTermLabel: string;
  from: string;
  to: string;
  targets: TargetFact[];
  years: YearFacts[];
}

export type TargetStanding = "met" | "not_met" | "no_data";

/** A target is met when the latest measurement reached the goal, in the direction from the baseline to the goal. */
export function targetStanding(t: TargetFact): TargetStanding {
  if (t.latest === null) return "no_data";
  return (t.goal >= t.baseline ? t.latest >= t.goal : t.latest <= t.goal) ? "met" : "not_met";
}

/** Share of the way from baseline to goal, in whole percent (100 when the goal equals the baseline and is met). */
export function targetProgress(t: TargetFact): number | null {
  if (t.latest === null) return null;
  if (t.goal === t.baseline) return t.latest === t.goal ? 100 : 0;
  return Math.round(((t.latest - t.baseline) / (t.goal - t.baseline)) * 100);
}

const num = (n: number) => n.toLocaleString("vi-VN");
const cellOf = (s: string) => s.replace(/\|/g, "/");
const STANDING_VI: Record<TargetStanding, string> = { met: "Đạt", not_met: "Chưa đạt", no_data: "Chưa có số liệu" };
const LEVEL_VI: Record<(typeof LEVEL_KEYS)[number], string> = {
  excellent: "Hoàn thành xuất sắc nhiệm vụ",
  good: "Hoàn thành tốt nhiệm vụ",
  completed: "Hoàn thành nhiệm vụ",
  not_completed: "Không hoàn thành nhiệm vụ",
};
const committeeOf = (kind: TermFacts["kind"]) => (kind === "cell" ? "Chi ủy" : "Ban Chấp hành Đảng bộ");
const bodyOf = (kind: TermFacts["kind"]) => (kind === "cell" ? "Chi bộ" : "Đảng bộ");

function targetsTable(targets: TargetFact[]): string {
  if (!targets.length) return "Nghị quyết đại hội nhiệm kỳ chưa ghi chỉ tiêu trong chibo.";
  const rows = targets.map((t) => {
    const progress = targetProgress(t);
    const latest = t.latest === null ? "—" : `${num(t.latest)} ${cellOf(t.unit)}`;
    const share = progress === null ? "—" : `${progress}%`;
    return `| ${cellOf(t.name)} | ${num(t.goal)} ${cellOf(t.unit)} | ${latest} | ${share} | ${STANDING_VI[targetStanding(t)]} |`;
  });
  const met = targets.filter((t) => targetStanding(t) === "met").length;
  return [
    `Nghị quyết đề ra ${targets.length} chỉ tiêu; đến nay đạt ${met}/${targets.length} chỉ tiêu.`,
    "",
    "| Chỉ tiêu | Mục tiêu | Kết quả | Tỷ lệ | Đánh giá |",
    ...rows,
  ].join("\n");
}

function yearsTable(years: YearFacts[]): string {
  const rows = years.map(
    (y) =>
      `| ${y.year} | ${y.resolutions} | ${y.meetingsHeld} | ${y.ratings.good}/${y.ratings.fair}/${y.ratings.average}/${y.ratings.poor} | ${y.admitted} | ${y.inspections} |`,
  );
  return ["| Năm | Nghị quyết | Sinh hoạt | Tốt/Khá/TB/Kém | Kết nạp | Kiểm tra |", ...rows].join("\n");
}

function evaluationText(years: YearFacts[], kind: TermFacts["kind"]): string {
  const lines = years.map((y) => {
    const total = LEVEL_KEYS.reduce((s, k) => s + y.levels[k], 0);
    const own = y.ownLevel ? `${bodyOf(kind)} được xếp loại "${LEVEL_VI[y.ownLevel]}". ` : "";
    if (!total) return `- Năm ${y.year}: ${own}Chưa có kết quả đánh giá, xếp loại đảng viên.`;
    return (
      `- Năm ${y.year}: ${own}Đảng viên: ${y.levels.excellent} hoàn thành xuất sắc, ${y.levels.good} hoàn thành tốt, ` +
      `${y.levels.completed} hoàn thành, ${y.levels.not_completed} không hoàn thành nhiệm vụ.`
    );
  });
  return lines.join("\n");
}

function buildingText(years: YearFacts[]): string {
  const sum = (f: (y: YearFacts) => number) => years.reduce((s, y) => s + f(y), 0);
  return (
    `Trong nhiệm kỳ đã kết nạp ${sum((y) => y.admitted)} đảng viên mới, công nhận chính thức ` +
    `${sum((y) => y.recognised)} đảng viên. Tiến hành ${sum((y) => y.inspections)} cuộc kiểm tra, giám sát; ` +
    `chỉ ra ${sum((y) => y.findings)} hạn chế, đã khắc phục ${sum((y) => y.findingsClosed)}.`
  );
}

/** The political report (báo cáo chính trị) drafted from the term's record: the author writes the judgements. */
export function politicalReportSections(f: TermFacts) {
  const meetings = f.years.reduce((s, y) => s + y.meetingsHeld, 0);
  const good = f.years.reduce((s, y) => s + y.ratings.good, 0);
  return [
    {
      key: "results",
      heading: `PHẦN THỨ NHẤT. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ ${f.termLabel}`,
      text: `I. Kết quả thực hiện các chỉ tiêu\n\n${targetsTable(f.targets)}`,
    },
    {
      key: "years",
      heading: "II. Công tác lãnh đạo qua từng năm",
      text:
        `${bodyOf(f.kind)} tổ chức ${meetings} cuộc sinh hoạt, trong đó ${good} cuộc xếp loại Tốt.\n\n` +
        yearsTable(f.years),
    },
    { key: "evaluation", heading: "III. Đánh giá, xếp loại chất lượng", text: evaluationText(f.years, f.kind) },
    { key: "building", heading: "IV. Công tác xây dựng Đảng, kiểm tra, giám sát", text: buildingText(f.years) },
    {
      key: "assessment",
      heading: "V. Đánh giá chung, hạn chế và nguyên nhân, bài học kinh nghiệm",
      text: "(Cấp ủy viết đánh giá chung, hạn chế, nguyên nhân và bài học kinh nghiệm.)",
    },
    {
      key: "direction",
      heading: `PHẦN THỨ HAI. PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ ${f.nextTermLabel}`,
      text: "(Cấp ủy viết phương hướng, mục tiêu, chỉ tiêu và giải pháp của nhiệm kỳ mới.)",
    },
  ];
}

/** The outgoing committee's self-review (báo cáo kiểm điểm): leadership by year, then what the committee writes. */
export function selfReviewSections(f: TermFacts) {
  const committee = committeeOf(f.kind);
  return [
    {
      key: "leadership",
      heading: `I. KIỂM ĐIỂM SỰ LÃNH ĐẠO, CHỈ ĐẠO CỦA ${committee.toUpperCase()} NHIỆM KỲ ${f.termLabel}`,
      text:
        `${committee} lãnh đạo thực hiện ${f.targets.length} chỉ tiêu của nghị quyết đại hội, đạt ` +
        `${f.targets.filter((t) => targetStanding(t) === "met").length} chỉ tiêu.\n\n${yearsTable(f.years)}`,
    },
    {
      key: "strengths",
      heading: "II. Ưu điểm",
      text: "(Ưu điểm trong lãnh đạo, chỉ đạo, giữ nguyên tắc tập trung dân chủ, đoàn kết nội bộ.)",
    },
    { key: "shortcomings", heading: "III. Hạn chế, khuyết điểm và nguyên nhân", text: "(Hạn chế và nguyên nhân.)" },
    { key: "lessons", heading: "IV. Bài học kinh nghiệm và hướng khắc phục", text: "(Bài học và hướng khắc phục.)" },
  ];
}

/** The draft resolution of the next term: the targets carried over as a starting point, the rest to be written. */
export function draftResolutionSections(f: TermFacts) {
  const carried = f.targets.map((t) => `- ${t.name}: … ${t.unit} (nhiệm kỳ ${f.termLabel}: mục tiêu ${num(t.goal)}).`);
  return [
    {
      key: "approval",
      heading: "1. Thông qua báo cáo",
      text:
        `Đại hội ${f.organizationName} nhiệm kỳ ${f.nextTermLabel} thông qua báo cáo ` +
        `chính trị và báo cáo kiểm điểm của ${committeeOf(f.kind).toLowerCase()} nhiệm kỳ ${f.termLabel}.`,
    },
    {
      key: "targets",
      heading: `2. Mục tiêu, chỉ tiêu nhiệm kỳ ${f.nextTermLabel}`,
      text: carried.length ? carried.join("\n") : "(Các chỉ tiêu của nhiệm kỳ mới.)",
    },
    { key: "tasks", heading: "3. Nhiệm vụ, giải pháp", text: "(Nhiệm vụ trọng tâm, đột phá và giải pháp.)" },
    {
      key: "election",
      heading: "4. Kết quả bầu cử",
      text: "(Ghi sau khi đại hội bầu cấp ủy, bí thư, phó bí thư.)",
    },
  ];
}

// ── the congress's minutes, from the day's record ──

export interface CongressDayRecord {
  organizationName: string;
  kind: TermFacts["kind"];
  nextTermLabel: string;
  congressOn: string;
  place: string | null;
  /** Names, in the order the day's bodies were set. */
  presidium: string[];
  secretariat: string[];
  countingBoard: string[];
  /** Official delegates seated and present (a đảng bộ), or the cell's members and who came; null when unknown. */
  attendance: { total: number; present: number | null } | null;
  agenda: string[];
  elections: {
    title: string;
    rounds: {
      number: number;
      issued: number;
      returned: number | null;
      valid: number;
      invalid: number;
      elected: { name: string; votes: number }[];
    }[];
  }[];
  /** The congress's resolution once issued ("01-NQ/ĐH"), or null. */
  resolutionNumber: string | null;
}

/** "66,67%" — a share of the valid ballots, to two decimals as counting minutes print it. */
export function percentOf(votes: number, valid: number): string {
  if (valid <= 0) return "0%";
  return `${(Math.round((votes * 10000) / valid) / 100).toString().replace(".", ",")}%`;
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
// A body not yet set prints a blank to fill, never "Đoàn Chủ tịch: .".
const named = (names: string[]) => (names.length ? names.map((n) => `đồng chí ${n}`).join(", ") : "……");

/**
 * The minutes' sections (BB of the congress) by the template's keys, written from what the day recorded: when and
 * where, the presidium, secretariat and counting board, attendance, the agenda, each election round's figures and who
 * was elected, and the resolution. The discussion is the secretariat's to write; the minutes stay a draft until then.
 */
export function congressMinutesTexts(
  r: CongressDayRecord,
): Record<"opening" | "agenda" | "discussion" | "conclusion", string> {
  const who = r.kind === "cell" ? "đảng viên" : "đại biểu";
  const opening = [
    `Ngày ${dmy(r.congressOn)}, tại ${r.place?.trim() || "……"}, ${r.organizationName} tiến hành ` +
      `Đại hội nhiệm kỳ ${r.nextTermLabel}.`,
    `Đoàn Chủ tịch: ${named(r.presidium)}.`,
    `Đoàn Thư ký: ${named(r.secretariat)}.`,
    `Ban Kiểm phiếu: ${named(r.countingBoard)}.`,
    r.attendance
      ? `Tổng số ${who} được triệu tập: ${r.attendance.total}; có mặt: ${r.attendance.present ?? "……"}.`
      : `Tổng số ${who} được triệu tập: ……; có mặt: …….`,
  ];
  const agenda = r.agenda.map((item, i) => `${i + 1}. ${item}`);
  const conclusion: string[] = [];
  for (const e of r.elections) {
    for (const round of e.rounds) {
      const title = e.rounds.length > 1 ? `${e.title} (lần ${round.number})` : e.title;
      conclusion.push(
        `${title}: số phiếu phát ra ${round.issued}, số phiếu thu vào ${round.returned ?? round.valid + round.invalid}, ` +
          `phiếu hợp lệ ${round.valid}, phiếu không hợp lệ ${round.invalid}.`,
      );
      conclusion.push(
        round.elected.length
          ? `Trúng cử: ${round.elected
              .map((x) => `đồng chí ${x.name} (${x.votes}/${round.valid} phiếu, ${percentOf(x.votes, round.valid)})`)
              .join("; ")}.`
          : "Không có đồng chí nào trúng cử ở lần bầu này.",
      );
    }
  }
  conclusion.push(
    r.resolutionNumber
      ? `Đại hội biểu quyết thông qua Nghị quyết Đại hội (Nghị quyết số ${r.resolutionNumber}).`
      : "Đại hội biểu quyết thông qua Nghị quyết Đại hội.",
  );
  return {
    opening: opening.join("\n\n"),
    agenda: agenda.join("\n"),
    discussion: "",
    conclusion: conclusion.join("\n\n"),
  };
}

/** The label that gives a congress's documents their one sequence and the congress as issuer ("ĐH", ADR 0031). */
export const congressLabel = (prep: { nextTermLabel: string }) => `Đại hội nhiệm kỳ ${prep.nextTermLabel}`;

// ── input ──

export const createPreparationBody = z.object({
  congressOn: isoDate(),
  nextTermLabel: text(60),
  place: optionalText(200),
});

export const updateStepBody = z.object({
  ownerMemberId: z.uuid().nullable(),
  dueOn: isoDate(),
  version: version(),
});

export const completeStepBody = z.object({ doneOn: isoDate(), note: optionalText(1000), version: version() });

export const quotasBody = z.object({
  quotas: z
    .array(z.object({ cellId: z.uuid(), quota: z.number().int().min(0).max(1000) }))
    .min(1)
    .max(500),
});

export const delegatesBody = z.object({
  delegates: z.array(z.object({ memberId: z.uuid(), kind: z.enum(DELEGATE_KINDS) })).max(1000),
});

export const credentialBody = z.object({
  credential: z.enum(["accepted", "rejected"]),
  note: optionalText(500),
  version: version(),
});

export const attendanceBody = z.object({ present: z.boolean(), version: version() });

export const congressDayBody = z.object({
  presidium: z.array(z.uuid()).max(50),
  secretariat: z.array(z.uuid()).max(50),
  countingBoard: z.array(z.uuid()).max(50),
  agenda: z.array(text(300)).min(1).max(40),
  version: version(),
});

export const currentItemBody = z.object({
  /** The agenda item shown in the hall, by position; null before the opening and after the close. */
  index: z.number().int().min(0).max(39).nullable(),
  version: version(),
});

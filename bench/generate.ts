// Deterministic province-scale data for the benchmark: a seeded PRNG drives every value (ids included), and
// rows go straight into the store through our schema in multi-row INSERT batches, never through HTTP.
// Same seed and size → the same rows. Run alone: node --import tsx bench/generate.ts --size S --data-dir DIR
import { type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Database, Executor, Tx } from "../src/core/db/index.js";
import { grants } from "../src/core/access/schema.js";
import { users } from "../src/modules/accounts/schema.js";
import { hashPassword } from "../src/modules/accounts/passwords.js";
import { members, memberTransfers } from "../src/modules/members/schema.js";
import { normalizeName, vietnameseSortKey } from "../src/modules/members/names.js";
import { searchTextOf } from "../src/modules/members/store.js";
import { organizations, oversights, positions, terms } from "../src/modules/organizations/schema.js";
import { childPath, type PositionRole } from "../src/modules/organizations/model.js";
import { resolutions } from "../src/modules/resolutions/schema.js";
import { planItems, plans } from "../src/modules/plans/schema.js";
import { tasks } from "../src/modules/tasks/schema.js";
import { getOrganization } from "../src/modules/organizations/store.js";
import { createDocument } from "../src/modules/documents/operations.js";
import { createDraftBody } from "../src/modules/documents/model.js";
import type { Actor } from "../src/core/access/index.js";
import { meetingAttendance, meetingContributions, meetings, meetingVotes } from "../src/modules/meetings/schema.js";
import { rulebookInForce } from "../src/core/rulebooks/index.js";
import { hanoiAt } from "../src/core/time.js";

export const BENCH_PASSWORD = "demo-chibo-2026";
export type Size = "S" | "M" | "L";

export interface SizeSpec {
  cells: number;
  membersPerCell: number;
  /** Cells per intermediate đảng bộ when the tree has three levels (district, province). */
  cellsPerCommittee: number;
  years: number;
  tasksPerMember: number;
  /** Draft documents of the bench cell waiting to be issued (the "reserve a number" write). */
  draftDocuments: number;
}

export const SIZES: Record<Size, SizeSpec> = {
  S: { cells: 100, membersPerCell: 20, cellsPerCommittee: 100, years: 5, tasksPerMember: 10, draftDocuments: 400 },
  M: { cells: 1_000, membersPerCell: 20, cellsPerCommittee: 100, years: 5, tasksPerMember: 10, draftDocuments: 400 },
  L: { cells: 8_000, membersPerCell: 19, cellsPerCommittee: 100, years: 5, tasksPerMember: 7, draftDocuments: 400 },
};

/** The accounts the benchmark signs in as: real users of the right roles in the first cell. */
export const BENCH_ACCOUNTS = {
  secretary: "bench.bithu",
  member: "bench.dangvien",
  overseer: "bench.danguyvien",
  office: "bench.vanphong",
} as const;

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!;
  const hex = (n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[int(16)];
    return s;
  };
  /** A version-4-shaped UUID from the sequence: ids are reproducible too. */
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[int(4)]}${hex(3)}-${hex(12)}`;
  return { next, int, pick, uuid };
}

// Name parts taken from the demo organisation's people.
const FAMILY = [
  "Nguyễn",
  "Trần",
  "Lê",
  "Phạm",
  "Hoàng",
  "Võ",
  "Đặng",
  "Bùi",
  "Ngô",
  "Đỗ",
  "Huỳnh",
  "Quách",
  "Lâm",
  "Mai",
  "Hồ",
  "Lý",
  "Dương",
  "Phan",
  "Vũ",
  "Trịnh",
];
const MIDDLE_M = ["Văn", "Quốc", "Minh", "Đức", "Hữu", "Thanh", "Công", "Xuân"];
const MIDDLE_F = ["Thị", "Thị Thu", "Thị Ngọc", "Thị Hồng", "Thị Kim", "Ngọc", "Thu"];
const GIVEN_M = [
  "Bảo",
  "Đức",
  "Tuấn",
  "An",
  "Hải",
  "Hùng",
  "Phúc",
  "Long",
  "Thành",
  "Dũng",
  "Khoa",
  "Nam",
  "Sơn",
  "Trung",
  "Vinh",
];
const GIVEN_F = [
  "Hà",
  "Ánh",
  "Mai",
  "Nhung",
  "Lan",
  "Oanh",
  "Hoa",
  "Phương",
  "Hương",
  "Linh",
  "Thảo",
  "Yến",
  "Trang",
  "Hằng",
];
const UNITS = [
  "Khoa Lý luận cơ sở",
  "Khoa Xây dựng Đảng",
  "Phòng Quản lý đào tạo",
  "Phòng Tổ chức - Hành chính",
  "Trung tâm Y tế",
  "Trường Tiểu học",
  "Ủy ban nhân dân xã",
  "Công an xã",
];
const TASK_VERBS = ["Triển khai", "Tổ chức", "Kiểm tra", "Báo cáo", "Tuyên truyền", "Rà soát", "Hướng dẫn", "Tổng hợp"];
const TASK_OBJECTS = [
  "nghị quyết chi bộ",
  "kế hoạch học tập chuyên đề",
  "công tác phát triển đảng viên",
  "thu nộp đảng phí",
  "sinh hoạt chuyên đề",
  "phong trào thi đua",
  "công tác dân vận",
  "kiểm điểm cuối năm",
];

export interface GenerateOptions {
  size: Size | SizeSpec;
  seed?: number;
  /** "Today" of the data set: dates are laid out around it (five years back, a year ahead). */
  today?: string;
  /** Progress on stderr (a bar); off in tests. */
  progress?: boolean;
  batchRows?: number;
}

export interface GenerateResult {
  counts: Record<string, number>;
  ms: number;
  benchCellId: string;
  rootId: string;
}

type Row = Record<string, unknown>;

class Progress {
  private done = 0;
  private lastDraw = 0;
  constructor(
    private total: number,
    private on: boolean,
    private started = performance.now(),
  ) {}
  tick(n: number, label: string) {
    this.done += n;
    if (!this.on) return;
    const now = performance.now();
    if (now - this.lastDraw < 200 && this.done < this.total) return;
    this.lastDraw = now;
    const f = Math.min(1, this.done / this.total);
    const bar = "█".repeat(Math.round(f * 30)).padEnd(30, "░");
    process.stderr.write(
      `\r  ${bar} ${(f * 100).toFixed(0).padStart(3)}%  ${label.padEnd(14)} ${((now - this.started) / 1000).toFixed(1)} s  `,
    );
  }
  end() {
    if (this.on) process.stderr.write("\n");
  }
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
const FIXED_TS = new Date("2025-01-01T00:00:00Z");

export async function generate(database: Database, options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const spec = typeof options.size === "string" ? SIZES[options.size] : options.size;
  const r = prng(options.seed ?? 20260101);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const thisYear = Number(today.slice(0, 4));
  const firstYear = thisYear - spec.years + 1;
  const batchRows = options.batchRows ?? 1000;
  const totalMembers = spec.cells * spec.membersPerCell;
  const months = spec.years * 12;
  const progress = new Progress(totalMembers * (2 + spec.tasksPerMember + months), options.progress ?? false);
  // The meeting rulebook in force each month (kept on every meeting, as the meetings module does).
  const rulebookKeys = new Map<string, string>();
  for (let i = 0; i < months; i++) {
    const y = firstYear + Math.floor(i / 12);
    const day = iso(y, 1 + (i % 12), 5);
    rulebookKeys.set(day.slice(0, 7), (await rulebookInForce(database.db, "meeting", "/", day)).key);
  }
  const thisMonth = today.slice(0, 7);
  const counts: Record<string, number> = {};
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  // Buffers flushed in batches inside one transaction per flush; one table's order of inserts follows the FKs.
  const buffers = new Map<PgTable, Row[]>();
  const order: PgTable[] = [
    organizations,
    terms,
    members,
    memberTransfers,
    positions,
    oversights,
    resolutions,
    plans,
    planItems,
    tasks,
    meetings,
    meetingAttendance,
    meetingContributions,
    meetingVotes,
  ];
  const tableName = (t: PgTable) => (t as unknown as Record<symbol, string>)[Symbol.for("drizzle:Name")]!;
  const push = (table: PgTable, row: Row) => {
    let b = buffers.get(table);
    if (!b) buffers.set(table, (b = []));
    b.push(row);
  };
  const flush = async (tx: Tx | Database["db"], all = false) => {
    for (const table of order) {
      const b = buffers.get(table);
      if (!b || (!all && b.length < batchRows)) continue;
      // Respect foreign keys: every table before this one is flushed first.
      for (const before of order.slice(0, order.indexOf(table))) {
        const bb = buffers.get(before);
        if (bb?.length) await insertAll(tx, before, bb.splice(0));
      }
      await insertAll(tx, table, b.splice(0));
    }
  };
  const insertAll = async (tx: Tx | Database["db"], table: PgTable, rows: Row[]) => {
    // Stay under PostgreSQL's 65,535 bind parameters per statement.
    const per = Math.max(1, Math.floor(60_000 / Math.max(1, Object.keys(rows[0] ?? {}).length)));
    for (let i = 0; i < rows.length; i += per) await tx.insert(table).values(rows.slice(i, i + per) as never);
    counts[tableName(table)] = (counts[tableName(table)] ?? 0) + rows.length;
  };

  const db = database.db;
  // The tree: one đảng bộ, with intermediate đảng bộ of `cellsPerCommittee` cells each when larger.
  const rootId = r.uuid();
  const rootPath = childPath(null, rootId);
  push(organizations, {
    id: rootId,
    path: rootPath,
    kind: "party_committee",
    name: "Đảng bộ Bench",
    code: "BENCH",
    abbreviation: "ĐU",
    superiorName: "ĐẢNG BỘ TỈNH LÂM ĐỒNG",
    place: "Lâm Đồng",
    createdAt: FIXED_TS,
    updatedAt: FIXED_TS,
  });
  push(terms, {
    id: r.uuid(),
    organizationId: rootId,
    label: `${thisYear - 6}–${thisYear - 1}`,
    startsOn: iso(thisYear - 6, 6, 20),
    endsOn: iso(thisYear - 1, 6, 20),
    createdAt: FIXED_TS,
  });
  push(terms, {
    id: r.uuid(),
    organizationId: rootId,
    label: `${thisYear - 1}–${thisYear + 4}`,
    startsOn: iso(thisYear - 1, 6, 20),
    endsOn: iso(thisYear + 4, 6, 20),
    createdAt: FIXED_TS,
  });
  const committees: { id: string; path: string }[] = [];
  if (spec.cells > spec.cellsPerCommittee) {
    for (let c = 0; c < Math.ceil(spec.cells / spec.cellsPerCommittee); c++) {
      const id = r.uuid();
      const path = childPath(rootPath, id);
      committees.push({ id, path });
      push(organizations, {
        id,
        parentId: rootId,
        path,
        kind: "party_committee",
        name: `Đảng bộ xã số ${c + 1}`,
        code: `BENCH-DB${c + 1}`,
        abbreviation: "ĐU",
        place: "Lâm Đồng",
        createdAt: FIXED_TS,
        updatedAt: FIXED_TS,
      });
      push(terms, {
        id: r.uuid(),
        organizationId: id,
        label: `${thisYear - 1}–${thisYear + 4}`,
        startsOn: iso(thisYear - 1, 6, 20),
        endsOn: iso(thisYear + 4, 6, 20),
        createdAt: FIXED_TS,
      });
    }
  } else committees.push({ id: rootId, path: rootPath });

  let card = 80_000_000;
  let benchCellId = "";
  let benchSecretary = "";
  let benchMember = "";
  const overseerCells: string[] = [];
  let secretaryUserId = "";
  const committeeMembers: { memberId: string; committeeId: string }[] = [];
  await db.transaction(async (tx) => {
    for (let cell = 0; cell < spec.cells; cell++) {
      const parent = committees[Math.floor(cell / spec.cellsPerCommittee)]!;
      const cellId = r.uuid();
      if (cell === 0) benchCellId = cellId;
      if (cell < 5) overseerCells.push(cellId);
      push(organizations, {
        id: cellId,
        parentId: parent.id,
        path: childPath(parent.path, cellId),
        kind: "cell",
        name: `Chi bộ ${r.pick(UNITS)} ${cell + 1}`,
        code: `BENCH-CB${cell + 1}`,
        abbreviation: "CB",
        place: "Lâm Đồng",
        createdAt: FIXED_TS,
        updatedAt: FIXED_TS,
      });
      const termIds = [r.uuid(), r.uuid(), r.uuid()];
      const termStarts = [iso(thisYear - 6, 3, 15), iso(thisYear - 4, 3, 15), iso(thisYear - 1, 3, 20)];
      const termEnds = [iso(thisYear - 4, 3, 15), iso(thisYear - 1, 3, 20), iso(thisYear + 1, 3, 20)];
      termIds.forEach((id, i) =>
        push(terms, {
          id,
          organizationId: cellId,
          label: `${termStarts[i]!.slice(0, 4)}–${termEnds[i]!.slice(0, 4)}`,
          startsOn: termStarts[i],
          endsOn: termEnds[i],
          createdAt: FIXED_TS,
        }),
      );

      const memberIds: string[] = [];
      const names = new Map<string, string>();
      for (let i = 0; i < spec.membersPerCell; i++) {
        const female = r.next() < 0.45;
        const fullName = normalizeName(
          `${r.pick(FAMILY)} ${r.pick(female ? MIDDLE_F : MIDDLE_M)} ${r.pick(female ? GIVEN_F : GIVEN_M)}`,
        );
        const probationary = r.next() < 0.05;
        const birthYear = 1965 + r.int(35);
        const ceremonyDate = probationary
          ? iso(thisYear - 1, 1 + r.int(12), 1 + r.int(28))
          : iso(Math.min(thisYear - 2, birthYear + 22 + r.int(15)), 1 + r.int(12), 1 + r.int(28));
        const fields = {
          organizationId: cellId,
          fullName,
          status: probationary ? "probationary" : "full",
          cardNumber: probationary ? null : String(card++),
          dateOfBirth: iso(birthYear, 1 + r.int(12), 1 + r.int(28)),
          gender: female ? "female" : "male",
          ethnicity: r.next() < 0.1 ? "K'Ho" : "Kinh",
          education: r.next() < 0.3 ? "Thạc sĩ" : "Đại học",
          admissionDate: ceremonyDate,
          ceremonyDate,
          officialDate: probationary ? null : ceremonyDate,
          phone: `09${String(10_000_000 + r.int(89_999_999))}`,
          email: null,
          unit: r.pick(UNITS),
          exemptFromActivities: r.next() < 0.03,
        };
        const id = r.uuid();
        memberIds.push(id);
        names.set(id, fullName);
        push(members, {
          id,
          ...fields,
          sortKey: vietnameseSortKey(fullName),
          searchText: searchTextOf(fields),
          createdAt: FIXED_TS,
          updatedAt: FIXED_TS,
        });
        push(memberTransfers, {
          id: r.uuid(),
          memberId: id,
          toOrganizationId: cellId,
          transferredOn: iso(firstYear, 1, 1),
          note: "create",
          createdAt: FIXED_TS,
        });
        const role: PositionRole | null =
          i === 0 ? "secretary" : i === 1 ? "deputy_secretary" : i === 2 ? "committee_member" : null;
        if (role)
          push(positions, {
            id: r.uuid(),
            organizationId: cellId,
            termId: termIds[2],
            memberId: id,
            role,
            startsOn: termStarts[2],
            createdAt: FIXED_TS,
          });
        if (i === 0 && cell % spec.cellsPerCommittee < 3)
          committeeMembers.push({ memberId: id, committeeId: parent.id });
      }
      if (cell === 0) {
        benchSecretary = memberIds[0]!;
        benchMember = memberIds[Math.min(3, memberIds.length - 1)]!;
      }
      progress.tick(spec.membersPerCell, "members");

      // Five years: a resolution and a yearly plan of ten items per year; tasks ~tasksPerMember per member.
      const itemIds: { id: string; dueOn: string }[] = [];
      for (let y = firstYear; y <= thisYear; y++) {
        const resolutionId = r.uuid();
        push(resolutions, {
          id: resolutionId,
          organizationId: cellId,
          kind: "thematic",
          number: `${String(1 + r.int(20)).padStart(2, "0")}-NQ/CB`,
          title: `Nghị quyết chuyên đề năm ${y}`,
          state: y < thisYear ? "concluded" : "in_implementation",
          adoptedOn: iso(y, 1, 15),
          issuedOn: iso(y, 1, 20),
          createdAt: FIXED_TS,
          updatedAt: FIXED_TS,
        });
        const planId = r.uuid();
        push(plans, {
          id: planId,
          organizationId: cellId,
          kind: "yearly",
          title: `Kế hoạch công tác năm ${y}`,
          resolutionId,
          startsOn: iso(y, 1, 1),
          endsOn: iso(y, 12, 31),
          state: "issued",
          issuedOn: iso(y, 1, 25),
          createdAt: FIXED_TS,
          updatedAt: FIXED_TS,
        });
        for (let p = 0; p < 10; p++) {
          const id = r.uuid();
          const dueOn = iso(y, 1 + p, 28);
          itemIds.push({ id, dueOn });
          push(planItems, {
            id,
            planId,
            organizationId: cellId,
            position: p,
            what: `${r.pick(TASK_VERBS)} ${r.pick(TASK_OBJECTS)}`,
            dueOn,
            responsibleMemberId: r.pick(memberIds),
            createdAt: FIXED_TS,
          });
        }
      }
      const taskCount = spec.membersPerCell * spec.tasksPerMember;
      for (let t = 0; t < taskCount; t++) {
        const fromPlan = r.next() < 0.6;
        const item = fromPlan ? r.pick(itemIds) : null;
        const y = firstYear + r.int(spec.years);
        const dueOn = item ? item.dueOn : iso(y, 1 + r.int(12), 1 + r.int(28));
        const startsOn = `${dueOn.slice(0, 4)}-01-01`;
        const past = dueOn < today;
        // Most past tasks are done; some are late; open ones carry partial progress.
        const done = past ? r.next() < 0.85 : r.next() < 0.15;
        const progressPct = done ? 100 : r.int(10) * 10;
        push(tasks, {
          id: r.uuid(),
          organizationId: cellId,
          sourceKind: item ? "plan_item" : "direct",
          sourceId: item?.id ?? null,
          planItemId: item?.id ?? null,
          title: `${r.pick(TASK_VERBS)} ${r.pick(TASK_OBJECTS)}`,
          responsibleMemberId: memberIds[t % memberIds.length],
          helperIds: [],
          startsOn,
          dueOn,
          progress: progressPct,
          doneOn: done ? dueOn : null,
          createdAt: FIXED_TS,
          updatedAt: FIXED_TS,
        });
      }
      progress.tick(spec.membersPerCell * (1 + spec.tasksPerMember), "tasks");

      // Monthly meetings for five years up to this month: attendance of every member, two speakers, one vote.
      // Past ones are approved; this month's is open in the bench cell (the attendance write) and planned elsewhere.
      for (let i = 0; i < months; i++) {
        const y = firstYear + Math.floor(i / 12);
        const mo = 1 + (i % 12);
        const month = iso(y, mo, 1).slice(0, 7);
        if (month > thisMonth) break;
        const date = iso(y, mo, 3 + r.int(5));
        const current = month === thisMonth;
        const status = current ? (cell === 0 ? "open" : "planned") : "approved";
        const meetingId = r.uuid();
        const at = hanoiAt(date, "14:00");
        push(meetings, {
          id: meetingId,
          organizationId: cellId,
          kind: "monthly",
          date,
          startTime: "14:00",
          place: "Hội trường chi bộ",
          status,
          rulebookKey: rulebookKeys.get(month)!,
          chairMemberId: memberIds[0],
          minuteTakerMemberId: memberIds[2] ?? memberIds[0],
          agenda: ["Đánh giá công tác tháng", "Triển khai nhiệm vụ tháng tới"],
          content: current
            ? null
            : "Chi bộ đánh giá kết quả thực hiện nhiệm vụ trong tháng và triển khai nhiệm vụ tháng tới.",
          conclusion: current ? null : "Chi bộ thống nhất các nội dung đã thảo luận.",
          startedAt: status === "planned" ? null : at,
          endedAt: current ? null : new Date(at.getTime() + 2 * 3600_000),
          approvedAt: current ? null : new Date(at.getTime() + 3 * 86400_000),
          createdAt: FIXED_TS,
          updatedAt: FIXED_TS,
        });
        if (status === "planned") continue;
        let present = 0;
        for (const memberId of memberIds) {
          const x = r.next();
          const st =
            x < 0.86 ? "present" : x < 0.91 ? "late" : x < 0.98 ? "absent_with_reason" : "absent_without_reason";
          if (st === "present" || st === "late") present++;
          push(meetingAttendance, {
            meetingId,
            memberId,
            status: st,
            reason: st === "absent_with_reason" ? "Đi công tác" : null,
            updatedAt: at,
          });
        }
        for (let k = 0; k < 2; k++) {
          const speaker = r.pick(memberIds);
          push(meetingContributions, {
            id: r.uuid(),
            meetingId,
            memberId: speaker,
            speakerName: names.get(speaker)!,
            part: "discussion",
            text: "Đồng ý với báo cáo; đề nghị bổ sung giải pháp nâng cao chất lượng sinh hoạt.",
            createdAt: new Date(at.getTime() + (k + 1) * 600_000),
          });
        }
        if (!current) {
          const against = r.int(2);
          push(meetingVotes, {
            id: r.uuid(),
            meetingId,
            subject: "Thông qua nghị quyết tháng",
            rule: "ordinary",
            mode: "counted",
            eligible: present,
            fullMembers: memberIds.length,
            inFavour: present - against,
            against,
            other: 0,
            passed: true,
            createdAt: new Date(at.getTime() + 5400_000),
          });
        }
      }
      progress.tick(spec.membersPerCell * months, "meetings");
      await flush(tx);
    }
    await flush(tx, true);

    // The đảng ủy: the first secretaries of each committee's cells sit on it; the bench overseer follows five cells.
    const committeePositions = committeeMembers.map((c, i) => ({
      id: r.uuid(),
      organizationId: c.committeeId,
      memberId: c.memberId,
      role: (i % 3 === 0 ? "secretary" : "committee_member") as PositionRole,
      startsOn: iso(thisYear - 1, 6, 20),
      createdAt: FIXED_TS,
    }));
    const overseerId = committeeMembers[1]!.memberId;
    await tx.insert(positions).values(committeePositions);
    await tx.insert(oversights).values(
      overseerCells.map((organizationId) => ({
        id: r.uuid(),
        memberId: overseerId,
        organizationId,
        startsOn: iso(thisYear - 1, 6, 20),
        createdAt: FIXED_TS,
      })),
    );
    counts.positions = (counts.positions ?? 0) + committeePositions.length;
    counts.oversights = overseerCells.length;

    const account = async (username: string, memberId: string | null, displayName: string) => {
      const id = r.uuid();
      await tx.insert(users).values({
        id,
        username,
        displayName,
        passwordHash,
        memberId,
        createdAt: FIXED_TS,
        passwordChangedAt: FIXED_TS,
      });
      return id;
    };
    const nameOf = async (id: string) =>
      (
        (await tx.execute(sql`SELECT full_name FROM members WHERE id = ${id}`)) as unknown as {
          rows: { full_name: string }[];
        }
      ).rows[0]?.full_name ?? "";
    secretaryUserId = await account(BENCH_ACCOUNTS.secretary, benchSecretary, await nameOf(benchSecretary));
    // Tiny data sets (tests, the roster bench) may have one member per cell: accounts stay one per member.
    if (benchMember !== benchSecretary) await account(BENCH_ACCOUNTS.member, benchMember, await nameOf(benchMember));
    if (overseerId !== benchSecretary) await account(BENCH_ACCOUNTS.overseer, overseerId, await nameOf(overseerId));
    const office = await account(BENCH_ACCOUNTS.office, null, "Văn phòng Đảng ủy");
    await tx
      .insert(grants)
      .values({ id: r.uuid(), userId: office, organizationId: rootId, role: "office", createdAt: FIXED_TS });
    counts.users = 4;
  });

  // A pool of draft notices in the bench cell, each issued once by the "reserve a number" write: one made through
  // the documents operation (so its shape is exactly what the editor makes), the rest copied from it in SQL.
  if (spec.draftDocuments > 0) {
    await db.transaction(async (tx) => {
      const org = (await getOrganization(tx, benchCellId))!;
      const actor: Actor = {
        userId: secretaryUserId,
        username: BENCH_ACCOUNTS.secretary,
        displayName: "bench",
        memberId: null,
        isAdmin: true,
        locale: "vi",
        mustChangePassword: false,
        scopes: [],
        sessionId: "",
        csrfToken: "",
      };
      // Through the route's own body schema, so the draft is one the editor could have saved.
      const first = await createDocument(
        tx,
        actor,
        org,
        createDraftBody.parse({
          type: "TB",
          summary: "Thông báo lịch sinh hoạt chi bộ",
          sections: [
            {
              key: "body",
              heading: "",
              text: "Chi bộ thông báo lịch sinh hoạt định kỳ tháng này vào 14 giờ ngày thứ Năm tuần đầu tháng.",
            },
          ],
        }),
      );
      await tx.execute(
        sql`UPDATE documents SET created_at = ${FIXED_TS}, updated_at = ${FIXED_TS} WHERE id = ${first.id}`,
      );
      // Ids from the cell and the copy's number, so the same seed gives the same rows.
      await copyDraft(
        tx,
        first.id,
        2,
        spec.draftDocuments,
        sql`(SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12))::uuid FROM md5(${benchCellId} || g) h)`,
        sql`' số ' || g`,
      );
      counts.documents = spec.draftDocuments;
    });
  }

  progress.end();
  return { counts, ms: performance.now() - started, benchCellId, rootId };
}

/** Order-independent digest of every generated table: equal digests ⇔ equal data (the determinism test). */
export async function digest(database: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of [
    "organizations",
    "terms",
    "members",
    "member_transfers",
    "positions",
    "oversights",
    "resolutions",
    "plans",
    "plan_items",
    "tasks",
    "grants",
    "meetings",
    "meeting_attendance",
    "meeting_contributions",
    "meeting_votes",
  ]) {
    const [row] = await database.rows<{ d: string }>(
      sql.raw(`SELECT md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) AS d FROM ${table} t`),
    );
    out[table] = row!.d;
  }
  const [u] = await database.rows<{ d: string }>(
    sql`SELECT md5(string_agg(id::text || username || coalesce(member_id::text, ''), ',' ORDER BY username)) AS d FROM users`,
  );
  out.users = u!.d;
  return out;
}

/** The bench's office account as the actor of the operations that write a scenario's data through the modules. */
export async function officeActor(database: Database): Promise<Actor> {
  const [office] = await database.rows<{ id: string }>(
    sql`SELECT id FROM users WHERE username = ${BENCH_ACCOUNTS.office}`,
  );
  return {
    userId: office!.id,
    username: BENCH_ACCOUNTS.office,
    displayName: BENCH_ACCOUNTS.office,
    memberId: null,
    isAdmin: true,
    locale: "vi",
    mustChangePassword: false,
    scopes: [],
    sessionId: "",
    csrfToken: "",
  } as Actor;
}

/**
 * Copies of the draft `sourceId` as drafts of its cell, numbered `from` to `to` (`g` in `id` and `suffix`): the bench
 * cell's pool of notices to issue, made by the generator and topped up before a run (harness.ts).
 */
export async function copyDraft(ex: Executor, sourceId: string, from: number, to: number, id: SQL, suffix: SQL) {
  await ex.execute(sql`
    INSERT INTO documents (id, organization_id, type, template_key, status, summary, sections, recipients, signer_name,
                           signer_role, origin, search_text, created_at, updated_at)
    SELECT ${id}, organization_id, type, template_key, 'draft', summary || ${suffix}, sections, recipients, signer_name,
           signer_role, origin, search_text, created_at, updated_at
      FROM documents, generate_series(${from}::int, ${to}::int) g WHERE id = ${sourceId}`);
}

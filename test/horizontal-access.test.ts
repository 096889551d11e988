import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIso } from "../src/core/time.js";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { createTestServer, type Session, type TestServer } from "./support/server.js";
import { apiRoutes, checksum, idFields, writeRoutes } from "./support/routes.js";
import { writeRosterXlsx } from "../src/modules/members/roster.js";
import { MATRIX_DOC_BODY } from "./support/document-models.js";
import { minimalPdf } from "./support/files.js";

/**
 * Horizontal access (IDOR): one cell's secretary or member uses the ids of another cell's objects — in nested paths
 * and in request bodies — and the reverse (an own-cell record pointing at another cell's member, plan, target…).
 * Every such request is refused and changes nothing; the same request with the cell's own ids goes through
 * (so the refusal can only come from the foreign id). Lists never return a row of an organisation the reader
 * may not see.
 */
let s: TestServer;
let office: Session;
let n = 0;
let years = 0;
const next = () => ++n;
/** A distinct, valid future date for each call. */
const day = () => new Date(Date.UTC(2060, 0, 1) + next() * 86_400_000).toISOString().slice(0, 10);

interface Cell {
  code: string;
  org: string;
  secretary: string;
  member: string;
  /** ordinary members, all active in the cell */
  members: string[];
  term: string;
  position: string;
  oversight: string;
  meeting: string;
  contribution: string;
  congress: string;
  resolution: string;
  target: string;
  resolutionTask: string;
  plan: string;
  item: string;
  task: string;
  document: string;
  comment: string;
}
const cells: Record<"LLCS" | "XDD", Cell> = {} as never;

async function ok(method: "GET" | "POST" | "PUT", url: string, payload?: unknown) {
  const res = await s.request(office, { method, url, payload: payload as object });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await s.database.rows<T & object>(query);
  if (!row) throw new Error("no row");
  return row as T;
}

async function buildCell(code: string, secretary: string, member: string): Promise<Cell> {
  const org = await s.orgId(code);
  const people = await s.database.rows<{ id: string }>(
    sql`SELECT id FROM members WHERE organization_id = ${org} AND left_on IS NULL ORDER BY full_name`,
  );
  const memberIds = people.map((p) => p.id);
  const term = (
    await one<{ id: string }>(sql`SELECT id FROM terms WHERE organization_id = ${org} ORDER BY starts_on DESC LIMIT 1`)
  ).id;
  const position = (
    await ok("POST", `/api/organizations/${org}/positions`, {
      memberId: memberIds[0],
      role: "group_leader",
      startsOn: "2099-01-01",
    })
  ).id;
  const oversight = (await one<{ id: string }>(sql`SELECT id FROM oversights WHERE organization_id = ${org} LIMIT 1`))
    .id;
  const meeting = await ok("POST", `/api/organizations/${org}/meetings`, {
    kind: "monthly",
    date: todayIso(),
    startTime: "14:00",
    place: "Phòng họp",
  });
  await ok("POST", `/api/meetings/${meeting.id}/transition`, { to: "open", version: meeting.version });
  const contribution = (
    await ok("POST", `/api/meetings/${meeting.id}/contributions`, { memberId: memberIds[0], text: "Ý kiến thử" })
  ).id;
  const congress =
    (await ok("GET", `/api/organizations/${org}/congresses`)).items[0]?.id ??
    (
      await ok("POST", `/api/organizations/${org}/congresses`, {
        heldOn: "2025-03-20",
        termLabel: "2025–2027",
        termEndsOn: "2027-03-20",
        delegatesTotal: 5,
        delegatesPresent: 5,
        elected: [
          {
            memberId: (
              await one<{ id: string }>(sql`SELECT member_id AS id FROM users WHERE username = ${secretary}`)
            ).id,
            role: "secretary",
          },
        ],
      })
    ).id;
  const resolution = await ok("POST", `/api/organizations/${org}/resolutions`, {
    kind: "congress",
    title: `Nghị quyết ${code}`,
    congressId: congress,
    targets: [{ name: "Chỉ tiêu", measureUnit: "%", baseline: 0, goal: 100 }],
  });
  const resolutionTask = (
    await ok("POST", `/api/resolutions/${resolution.id}/tasks`, { title: "Nhiệm vụ đột phá", breakthrough: true })
  ).id;
  const plan = (
    await ok("POST", `/api/organizations/${org}/plans`, {
      kind: "programme",
      title: `Chương trình ${code}`,
      resolutionId: resolution.id,
      startsOn: "2025-03-20",
      endsOn: "2099-12-31",
    })
  ).id;
  const item = (
    await ok("POST", `/api/plans/${plan}/items`, {
      what: "Nội dung",
      dueOn: "2099-12-31",
      responsibleMemberId: memberIds[0],
      targetIds: [resolution.targets[0].id],
    })
  ).id;
  const task = (
    await ok("POST", `/api/organizations/${org}/tasks`, {
      title: `Việc ${code}`,
      responsibleMemberId: memberIds[0],
      startsOn: "2026-01-01",
      dueOn: "2099-12-31",
      source: { kind: "plan_item", id: item },
    })
  ).id;
  const doc = await ok("POST", `/api/organizations/${org}/documents`, {
    type: "NQ",
    summary: `nghị quyết ${code}`,
    sections: MATRIX_DOC_BODY,
  });
  await ok("POST", `/api/documents/${doc.id}/status`, { to: "consultation", version: doc.version });
  const comment = (await ok("POST", `/api/documents/${doc.id}/comments`, { sectionKey: "tasks", text: "Góp ý" })).id;
  return {
    code,
    org,
    secretary,
    member,
    members: memberIds,
    term,
    position,
    oversight,
    meeting: meeting.id,
    contribution,
    congress,
    resolution: resolution.id,
    target: resolution.targets[0].id,
    resolutionTask,
    plan,
    item,
    task,
    document: doc.id,
    comment,
  };
}

type Req = {
  method: "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
};
type ActorKind = "secretary" | "member" | "office";
interface Case {
  route: string;
  /** `own` is the acting cell; `other` supplies the ids — the foreign cell, or the own cell for the control request. */
  make(own: Cell, other: Cell): Promise<Req>;
  /** Who attempts it (default: the cell's secretary and member, and the office for body ids it could otherwise link across cells). */
  actors?: ActorKind[];
  /** Whose control request (own ids) must go through; none when a control would make no sense. */
  control?: ActorKind[];
  /** A read-only check that answers 200 may pass when it reports the foreign ids as unknown. */
  harmless?(body: unknown): boolean;
}

const contributionVersion = async (id: string) =>
  (await one<{ version: number }>(sql`SELECT version FROM meeting_contributions WHERE id = ${id}`)).version;
const rowVersion = async (table: string, id: string) =>
  (await one<{ version: number }>(sql.raw(`SELECT version FROM ${table} WHERE id = '${id}'`))).version;

async function taskPayload(c: Cell) {
  const t = await ok("GET", `/api/tasks/${c.task}`);
  return {
    title: t.title,
    responsibleMemberId: t.responsibleMemberId,
    helperIds: [],
    startsOn: t.startsOn,
    dueOn: t.dueOn,
    version: t.version,
  };
}
async function itemPayload(c: Cell) {
  const plan = await ok("GET", `/api/plans/${c.plan}`);
  const item = plan.items.find((i: { id: string }) => i.id === c.item);
  return {
    what: item.what,
    dueOn: item.dueOn,
    responsibleMemberId: item.responsibleMemberId,
    targetIds: item.targetIds,
    version: item.version,
  };
}
async function progressSheet(taskId: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Tiến độ");
  ws.addRow([
    "Mã nhiệm vụ",
    "Nhiệm vụ",
    "Người chịu trách nhiệm",
    "Hạn hoàn thành",
    "Tiến độ hiện tại (%)",
    "Tiến độ mới (%)",
    "Ghi chú",
  ]);
  ws.addRow([taskId, "x", "x", "31/12/2099", 0, 5 + (next() % 90), "cập nhật"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The subject of the cell's member account in the demo's open review period. */
async function evaluationSubject(c: Cell): Promise<string> {
  const root = (await one<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'DB-TCT'`)).id;
  const period = (await ok("GET", `/api/organizations/${root}/evaluation-periods`)).items.find(
    (p: { state: string }) => p.state === "open",
  );
  const { member_id } = await one<{ member_id: string }>(sql`SELECT member_id FROM users WHERE username = ${c.member}`);
  const cell = await ok("GET", `/api/evaluation-periods/${period.id}/cells/${c.org}`);
  return cell.subjects.find((x: { memberId: string | null }) => x.memberId === member_id).id;
}
async function evaluationDetail(subject: string) {
  return ok("GET", `/api/evaluation-subjects/${subject}`);
}

/** The cell's own (unadopted) programme of inspections for 2060, made once by the office. */
const cellProgrammes = new Map<string, string>();
async function cellProgramme(c: Cell): Promise<string> {
  if (!cellProgrammes.has(c.org))
    cellProgrammes.set(
      c.org,
      (
        await ok("POST", `/api/organizations/${c.org}/inspection-programmes`, {
          body: "cell",
          year: 2060,
          title: `Chương trình kiểm tra ${c.code}`,
        })
      ).id,
    );
  return cellProgrammes.get(c.org)!;
}
const programmeLine = (c: Cell, leadMemberId: string, subjectMemberId: string | null = null) => ({
  subjectOrganizationId: subjectMemberId ? null : c.org,
  subjectMemberId,
  type: "compliance",
  content: "Kiểm tra việc chấp hành quy chế làm việc",
  leadMemberId,
  startsOn: "2060-03-01",
  endsOn: "2060-09-30",
});
/** A concluded supervision the cell's committee ran on itself (one observation concludes it), made once. */
const concludedInspections = new Map<string, string>();
async function concludedInspection(c: Cell): Promise<string> {
  if (!concludedInspections.has(c.org)) {
    const i = await ok("POST", `/api/organizations/${c.org}/inspections`, {
      body: "cell",
      type: "routine_supervision",
      subjectOrganizationId: c.org,
      content: "Xem xét hoạt động tháng của chi bộ",
      leadMemberId: c.members[0],
    });
    await ok("POST", `/api/inspections/${i.id}/steps`, { step: "observation", on: "2060-01-10", version: i.version });
    concludedInspections.set(c.org, i.id);
  }
  return concludedInspections.get(c.org)!;
}
const cellInspection = (c: Cell, fields: Record<string, unknown>) => ({
  body: "cell",
  type: "routine_supervision",
  subjectOrganizationId: c.org,
  content: `Giám sát thường xuyên ${next()}`,
  leadMemberId: c.members[0],
  ...fields,
});

/** A trade union of the cell, made once by the office. */
const cellUnions = new Map<string, string>();
async function cellUnion(c: Cell): Promise<string> {
  if (!cellUnions.has(c.org))
    cellUnions.set(
      c.org,
      (
        await ok("POST", `/api/organizations/${c.org}/mass-organizations`, {
          kind: "trade_union",
          name: `Công đoàn ${c.code}`,
        })
      ).id,
    );
  return cellUnions.get(c.org)!;
}
const secretaryMember = async (c: Cell) =>
  (await one<{ id: string }>(sql`SELECT member_id AS id FROM users WHERE username = ${c.secretary}`)).id;
/** A candidate the cell follows, made once by the office. */
const cellCandidates = new Map<string, string>();
async function cellCandidate(c: Cell): Promise<string> {
  if (!cellCandidates.has(c.org)) {
    const helper = await one<{ id: string }>(
      sql`SELECT id FROM members WHERE organization_id = ${c.org} AND status = 'full' AND left_on IS NULL LIMIT 1`,
    );
    cellCandidates.set(
      c.org,
      (
        await ok("POST", `/api/organizations/${c.org}/candidates`, {
          fullName: `Quần Chúng Đoàn Thể ${c.code}`,
          dateOfBirth: "2000-01-01",
          helperIds: [helper.id],
        })
      ).id,
    );
  }
  return cellCandidates.get(c.org)!;
}
/** A resolution of the level above recorded on the cell, and the cell's study session on it today. */
const cellStudies = new Map<string, { resolution: string; session: string }>();
async function cellStudy(c: Cell): Promise<{ resolution: string; session: string }> {
  if (!cellStudies.has(c.org)) {
    const resolution = (
      await ok("POST", `/api/organizations/${c.org}/resolutions`, {
        kind: "higher",
        number: `NQ ${c.code}`,
        title: `Nghị quyết cấp trên ${c.code}`,
      })
    ).id;
    const session = (
      await ok("POST", `/api/organizations/${c.org}/study-sessions`, {
        resolutionId: resolution,
        heldOn: todayIso(),
        place: "Hội trường",
      })
    ).id;
    cellStudies.set(c.org, { resolution, session });
  }
  return cellStudies.get(c.org)!;
}

/** The cell's own congress preparation, made once by its secretary; its first step. */
const cellPreparations = new Map<string, { preparationId: string }>();
async function cellPreparationStep(c: Cell) {
  if (!cellPreparations.has(c.org)) {
    const prep = await ok("POST", `/api/organizations/${c.org}/congress-preparations`, {
      congressOn: "2060-06-15",
      nextTermLabel: "2060–2062",
    });
    cellPreparations.set(c.org, { preparationId: prep.id });
  }
  // Read afresh: a control call moves the step's version on.
  const { preparationId } = cellPreparations.get(c.org)!;
  const step = (await ok("GET", `/api/congress-preparations/${preparationId}`)).steps[0];
  return { id: step.id as string, preparationId, dueOn: step.dueOn as string, version: step.version as number };
}

/** A secretary's election in the cell with one round open for counting ballot by ballot, made once by the office. */
const cellRounds = new Map<string, string>();
async function cellRound(c: Cell): Promise<string> {
  if (!cellRounds.has(c.org)) {
    // Only full members stand; the board is any other member of the cell.
    const full = await s.database.rows<{ id: string }>(
      sql`SELECT id FROM members WHERE organization_id = ${c.org} AND status = 'full' AND left_on IS NULL ORDER BY id`,
    );
    const election = await ok("POST", `/api/organizations/${c.org}/elections`, {
      heldOn: "2060-01-05",
      title: "Bầu bí thư chi bộ",
      body: "secretary",
      seats: 1,
      candidateIds: [full[0]!.id],
      boardMemberIds: [full[1]!.id],
    });
    const round = await ok("POST", `/api/elections/${election.id}/rounds`, {
      mode: "ballots",
      ballotsIssued: 10,
      version: election.version,
    });
    cellRounds.set(c.org, round.id);
  }
  return cellRounds.get(c.org)!;
}

/** Ballot 2 of the cell's round, keeping its candidate, entered once by the office. */
const cellBallots = new Map<string, { round: string; serial: number; version: number }>();
async function cellBallot(c: Cell) {
  if (!cellBallots.has(c.org)) {
    const round = await cellRound(c);
    const { id } = await one<{ id: string }>(
      sql`SELECT candidate_ids->>0 AS id FROM election_rounds WHERE id = ${round}`,
    );
    const ballot = await ok("POST", `/api/election-rounds/${round}/ballots`, { serial: 2, kept: [id], invalid: null });
    cellBallots.set(c.org, { round, serial: 2, version: ballot.version });
  }
  return cellBallots.get(c.org)!;
}

const ALL: ActorKind[] = ["secretary", "member", "office"];
const CELL_ONLY: ActorKind[] = ["secretary", "member"];
const MANAGERS: ActorKind[] = ["secretary", "office"];

const CASES: Case[] = [
  // ── evaluations ──
  {
    route: "PUT /api/evaluation-subjects/:id/self-assessment",
    make: async (c, o) => {
      const subject = await evaluationSubject(c);
      const form = (
        await s.request(await s.signIn(c.member), { method: "GET", url: `/api/evaluation-subjects/${subject}/form` })
      ).json();
      const scores = Object.fromEntries(
        (form.rubric as { criteria: { id: string; max: number }[] }[]).flatMap((x) =>
          x.criteria.map((k) => [k.id, k.max]),
        ),
      );
      return {
        method: "PUT",
        url: `/api/evaluation-subjects/${subject}/self-assessment`,
        payload: {
          scores,
          proposedLevel: "good",
          exceededTaskIds: c === o ? [] : [o.task],
          version: (await evaluationDetail(subject)).assessment?.version ?? null,
        },
      };
    },
    control: ["member"],
  },
  {
    route: "POST /api/evaluation-subjects/:id/comments",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/evaluation-subjects/${await evaluationSubject(c)}/comments`,
      payload: { text: "Cần chủ động hơn.", authorMemberId: o.members[1] },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/evaluation-subjects/:id/comments",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/evaluation-subjects/${await evaluationSubject(c)}/comments`,
      payload: { text: "Phê bình tại buổi họp.", meetingId: o.meeting },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/evaluation-subjects/:id/proposal",
    make: async (c, o) => {
      const subject = await evaluationSubject(c);
      return {
        method: "POST",
        url: `/api/evaluation-subjects/${subject}/proposal`,
        payload: {
          level: "good",
          meetingId: o.meeting,
          votes: { inFavour: 5, against: 0, other: 0 },
          version: (await evaluationDetail(subject)).proposal?.version ?? null,
        },
      };
    },
    control: MANAGERS,
  },
  // ── meetings ──
  {
    route: "PUT /api/meetings/:id/attendance/:memberId",
    make: async (c, o) => ({
      method: "PUT",
      url: `/api/meetings/${c.meeting}/attendance/${o.members[1]}`,
      payload: { status: "present", reason: null },
    }),
    control: MANAGERS,
  },
  {
    route: "PUT /api/meetings/:id/contributions/:itemId",
    make: async (c, o) => ({
      method: "PUT",
      url: `/api/meetings/${c.meeting}/contributions/${o.contribution}`,
      payload: { text: `Sửa ${next()}`, version: await contributionVersion(o.contribution) },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/meetings/:id/contributions",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/meetings/${c.meeting}/contributions`,
      payload: { memberId: o.members[1], text: "Phát biểu" },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/meetings/:id/tasks",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/meetings/${c.meeting}/tasks`,
      payload: { what: "Việc giao", responsibleMemberId: o.members[1], deadline: "2099-12-31" },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/meetings/:id/votes",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/meetings/${c.meeting}/votes`,
      payload: {
        subject: "Biểu quyết",
        rule: "ordinary",
        mode: "named",
        ballots: [{ memberId: o.members[1], choice: "for" }],
      },
    }),
    control: [],
  },
  {
    route: "PUT /api/meetings/:id",
    make: async (c, o) => ({
      method: "PUT",
      url: `/api/meetings/${c.meeting}`,
      payload: { version: await rowVersion("meetings", c.meeting), chairMemberId: o.members[1] },
    }),
    control: MANAGERS,
  },
  {
    route: "PUT /api/meetings/:id",
    make: async (c, o) => ({
      method: "PUT",
      url: `/api/meetings/${c.meeting}`,
      payload: { version: await rowVersion("meetings", c.meeting), minuteTakerMemberId: o.members[2] },
    }),
    control: MANAGERS,
  },
  {
    route: "PUT /api/meetings/:id",
    make: async (c, o) => ({
      method: "PUT",
      url: `/api/meetings/${c.meeting}`,
      payload: { version: await rowVersion("meetings", c.meeting), preparerMemberId: o.members[2] },
    }),
    control: MANAGERS,
  },
  // ── organisation, members ──
  {
    route: "POST /api/organizations/:id/positions",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/positions`,
      payload: { memberId: o.members[1], role: "group_leader", startsOn: day() },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/positions",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/positions`,
      payload: { memberId: c.members[1], role: "group_leader", termId: o.term, startsOn: day() },
    }),
    control: [],
  },
  {
    route: "POST /api/organizations/:id/positions/:itemId/end",
    make: async (c, o) => {
      const id =
        o === c
          ? (
              await ok("POST", `/api/organizations/${c.org}/positions`, {
                memberId: c.members[0],
                role: "group_leader",
                startsOn: day(),
              })
            ).id
          : o.position;
      return {
        method: "POST",
        url: `/api/organizations/${c.org}/positions/${id}/end`,
        payload: { endsOn: "2099-12-31" },
      };
    },
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/oversights",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/oversights`,
      payload: { memberId: o.members[1], startsOn: "2099-01-01" },
    }),
    actors: CELL_ONLY,
    control: [],
  },
  // Ending another cell's oversight through this cell's address: not found, even for the office.
  {
    route: "POST /api/organizations/:id/oversights/:itemId/end",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/oversights/${o.oversight}/end`,
      payload: { endsOn: "2099-12-31" },
    }),
    control: [],
  },
  {
    route: "POST /api/members",
    make: async (_c, o) => ({
      method: "POST",
      url: "/api/members",
      payload: { organizationId: o.org, fullName: `Đảng Viên Mới ${next()}`, status: "full" },
    }),
    actors: CELL_ONLY,
    control: ["secretary"],
  },
  {
    route: "POST /api/members/:id/transfer",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/members/${c.members[3]}/transfer`,
      payload: {
        toOrganizationId: o.org,
        transferredOn: "2026-11-20",
        note: null,
        version: await rowVersion("members", c.members[3]!),
      },
    }),
    actors: CELL_ONLY,
    control: [],
  },
  {
    route: "POST /api/organizations",
    make: async (_c, o) => ({
      method: "POST",
      url: "/api/organizations",
      payload: { parentId: o.org, kind: "group", name: `Tổ ${next()}`, code: `TD-${next()}`, abbreviation: "TĐ" },
    }),
    actors: CELL_ONLY,
    control: [],
  },
  {
    route: "POST /api/organizations/:id/move",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/move`,
      payload: { parentId: o.org, version: await rowVersion("organizations", c.org) },
    }),
    actors: CELL_ONLY,
    control: [],
  },
  {
    route: "POST /api/organizations/:id/roster/import",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/roster/import?fileName=ds.xlsx`,
      headers: { "content-type": "application/octet-stream" },
      payload: Buffer.from(
        await writeRosterXlsx([
          {
            fullName: `Người Nhập ${next()}`,
            cardNumber: null,
            status: "full",
            cellCode: o.code,
            dateOfBirth: null,
            gender: null,
            ethnicity: null,
            education: null,
            admissionDate: null,
            ceremonyDate: null,
            officialDate: null,
            phone: null,
            email: null,
            unit: null,
          },
        ]),
      ),
    }),
    control: MANAGERS,
  },
  // ── congresses, resolutions, plans, tasks ──
  {
    route: "POST /api/organizations/:id/congresses",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/congresses`,
      payload: {
        heldOn: `${1900 + next()}-01-01`,
        termLabel: "Khóa thử",
        termEndsOn: `${1900 + n}-06-30`,
        delegatesTotal: 3,
        delegatesPresent: 3,
        elected: [{ memberId: o.members[1], role: "secretary" }],
      },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/resolutions",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/resolutions`,
      payload: { kind: "congress", title: `Nghị quyết ${next()}`, congressId: o.congress },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/resolutions/:id/transition",
    make: async (c, o) => {
      const r = await ok("POST", `/api/organizations/${c.org}/resolutions`, {
        kind: "monthly",
        title: `Nghị quyết tháng ${next()}`,
      });
      return {
        method: "POST",
        url: `/api/resolutions/${r.id}/transition`,
        payload: { to: "adopted", on: "2026-11-20", meetingId: o.meeting, version: r.version },
      };
    },
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/plans",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/plans`,
      payload: {
        kind: "yearly",
        title: `Kế hoạch ${next()}`,
        parentId: o.plan,
        startsOn: "2099-01-01",
        endsOn: "2099-12-31",
      },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/plans",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/plans`,
      payload: {
        kind: "programme",
        title: `Chương trình ${next()}`,
        resolutionId: o.resolution,
        startsOn: "2099-01-01",
        endsOn: "2099-12-31",
      },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/plans",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/plans`,
      payload: {
        kind: "sub_plan",
        title: `Kế hoạch chuyên đề ${next()}`,
        parentId: c.plan,
        resolutionId: c.resolution,
        resolutionTaskId: o.resolutionTask,
        startsOn: "2099-01-01",
        endsOn: "2099-12-31",
      },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/plans/:id/items",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/plans/${c.plan}/items`,
      payload: { what: `Nội dung ${next()}`, dueOn: "2099-06-30", responsibleMemberId: o.members[1] },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/plans/:id/items",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/plans/${c.plan}/items`,
      payload: { what: `Nội dung ${next()}`, dueOn: "2099-06-30", responsibleUnit: "Chi ủy", targetIds: [o.target] },
    }),
    control: MANAGERS,
  },
  {
    route: "PUT /api/plan-items/:id",
    make: async (c, o) => ({
      method: "PUT",
      url: `/api/plan-items/${c.item}`,
      payload: { ...(await itemPayload(c)), responsibleMemberId: o.members[1] },
    }),
    control: MANAGERS,
  },
  {
    route: "PUT /api/plan-items/:id",
    make: async (c, o) => ({
      method: "PUT",
      url: `/api/plan-items/${c.item}`,
      payload: { ...(await itemPayload(c)), targetIds: [o.target] },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/personal-plans",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/personal-plans`,
      payload: { year: 2000 + years++, items: [{ what: "Việc cá nhân", planItemId: o.item }] },
    }),
    actors: CELL_ONLY,
    control: CELL_ONLY,
  },
  {
    route: "POST /api/organizations/:id/tasks",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/tasks`,
      payload: {
        title: `Việc ${next()}`,
        responsibleMemberId: o.members[1],
        startsOn: "2099-01-01",
        dueOn: "2099-02-01",
      },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/tasks",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/tasks`,
      payload: {
        title: `Việc ${next()}`,
        responsibleMemberId: c.members[0],
        helperIds: [o.members[1]],
        startsOn: "2099-01-01",
        dueOn: "2099-02-01",
      },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/tasks",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/tasks`,
      payload: {
        title: `Việc ${next()}`,
        responsibleMemberId: c.members[0],
        startsOn: "2099-01-01",
        dueOn: "2099-02-01",
        source: { kind: "plan_item", id: o.item },
      },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/tasks",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/tasks`,
      payload: {
        title: `Việc ${next()}`,
        responsibleMemberId: c.members[0],
        startsOn: "2099-01-01",
        dueOn: "2099-02-01",
        source: { kind: "meeting", id: o.meeting },
      },
    }),
    control: MANAGERS,
  },
  {
    route: "PUT /api/tasks/:id",
    make: async (c, o) => ({
      method: "PUT",
      url: `/api/tasks/${c.task}`,
      payload: { ...(await taskPayload(c)), responsibleMemberId: o.members[1] },
    }),
    control: MANAGERS,
  },
  {
    route: "PUT /api/tasks/:id",
    make: async (c, o) => ({
      method: "PUT",
      url: `/api/tasks/${c.task}`,
      payload: { ...(await taskPayload(c)), helperIds: [o.members[2]] },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/tasks/progress-import",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/tasks/progress-import`,
      headers: { "content-type": "application/octet-stream" },
      payload: await progressSheet(o.task),
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/tasks/progress-preview",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/tasks/progress-preview`,
      headers: { "content-type": "application/octet-stream" },
      payload: await progressSheet(o.task),
    }),
    control: MANAGERS,
    harmless: (b) => (b as { rows: { ok: boolean }[] }).rows.every((r) => !r.ok),
  },
  // ── inspections ──
  {
    route: "POST /api/inspection-programmes/:id/items",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/inspection-programmes/${await cellProgramme(c)}/items`,
      payload: programmeLine(c, o.members[1]!),
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/inspection-programmes/:id/items",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/inspection-programmes/${await cellProgramme(c)}/items`,
      payload: programmeLine(c, c.members[0]!, o.members[2]!),
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/inspections",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/inspections`,
      payload: cellInspection(c, { meetingId: o.meeting }),
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/inspections",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/inspections`,
      payload: cellInspection(c, { leadMemberId: o.members[1] }),
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/inspections",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/inspections`,
      payload: cellInspection(c, { subjectOrganizationId: null, subjectMemberId: o.members[2] }),
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/inspections",
    make: async (c, o) => {
      const programme = await cellProgramme(o);
      const line = await ok("POST", `/api/inspection-programmes/${programme}/items`, programmeLine(o, o.members[0]!));
      return {
        method: "POST",
        url: `/api/organizations/${c.org}/inspections`,
        payload: cellInspection(c, { type: "compliance", programmeItemId: line.items.at(-1).id }),
      };
    },
    control: MANAGERS,
  },
  // ── admissions ──
  // A candidate's helpers must be full members of the cell that follows the candidate.
  {
    route: "POST /api/organizations/:id/candidates",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/candidates`,
      payload: {
        fullName: `Quần Chúng ${next()}`,
        dateOfBirth: "2000-01-01",
        helperIds: [
          (
            await one<{ id: string }>(
              sql`SELECT id FROM members WHERE organization_id = ${o.org} AND status = 'full' AND left_on IS NULL LIMIT 1`,
            )
          ).id,
        ],
      },
    }),
    control: MANAGERS,
  },
  // ── evaluations ──
  // The review meeting of another cell in the đảng bộ's open period. No control: a cell holds one review meeting a
  // period, and the demo's cells may hold theirs already.
  {
    route: "POST /api/evaluation-periods/:id/cells/:cellId/review-meeting",
    make: async (_c, o) => {
      const root = (await one<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'DB-TCT'`)).id;
      const period = (await ok("GET", `/api/organizations/${root}/evaluation-periods`)).items.find(
        (p: { state: string }) => p.state === "open",
      );
      return {
        method: "POST",
        url: `/api/evaluation-periods/${period.id}/cells/${o.org}/review-meeting`,
        payload: { date: "2060-12-20", startTime: "14:00", place: "Phòng họp" },
      };
    },
    actors: CELL_ONLY,
  },
  // A denunciation and a discipline proposal are the UBKT's alone: no cell account nor the office reaches them.
  {
    route: "POST /api/organizations/:id/denunciations",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/denunciations`,
      payload: {
        subjectMemberId: o.members[1],
        content: "Đơn tố cáo",
        leadMemberId: c.members[0],
        receivedOn: "2060-01-05",
        receiverName: "Văn phòng",
      },
    }),
    control: [],
  },
  {
    route: "POST /api/inspections/:id/findings",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/inspections/${await concludedInspection(c)}/findings`,
      payload: {
        text: "Chưa ghi đủ ý kiến trong biên bản",
        remedy: "Ghi đủ ý kiến phát biểu",
        ownerMemberId: o.members[1],
        dueOn: "2060-12-31",
      },
    }),
    control: MANAGERS,
  },
  {
    route: "POST /api/organizations/:id/discipline",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/discipline`,
      payload: { memberId: o.members[1], form: "reprimand", reason: "Vi phạm quy chế", proposedOn: "2060-01-05" },
    }),
    control: [],
  },
  // ── documents ──
  {
    route: "POST /api/organizations/:id/documents",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/documents`,
      payload: { type: "NQ", summary: "thay thế", sections: MATRIX_DOC_BODY, replacesId: o.document },
    }),
    control: [],
  },
  {
    route: "POST /api/documents/:id/comments/:commentId/resolve",
    make: async (c, o) => {
      const id =
        o === c
          ? (
              await ok("POST", `/api/documents/${c.document}/comments`, {
                sectionKey: "tasks",
                text: `Góp ý ${next()}`,
              })
            ).id
          : o.comment;
      return {
        method: "POST",
        url: `/api/documents/${c.document}/comments/${id}/resolve`,
        payload: { resolution: "explained", response: "Đã giải trình", version: 1 },
      };
    },
    control: MANAGERS,
  },
  // ── mass organisations and studies ──
  // The assigned member, a task's responsible member, a candidate, a resolution, attendance and a paper reflection
  // are all of the cell (or under the đảng bộ) that leads the organisation or holds the session.
  {
    route: "POST /api/organizations/:id/mass-organizations",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/mass-organizations`,
      payload: { kind: "women_union", name: `Chi hội ${next()}`, assignedMemberId: await secretaryMember(o) },
    }),
    control: MANAGERS,
  },
  {
    route: "PUT /api/mass-organizations/:id",
    make: async (c, o) => {
      const id = await cellUnion(c);
      return {
        method: "PUT",
        url: `/api/mass-organizations/${id}`,
        payload: {
          name: `Công đoàn ${c.code}`,
          cadence: "quarterly",
          assignedMemberId: await secretaryMember(o),
          version: await rowVersion("mass_organizations", id),
        },
      };
    },
    control: MANAGERS,
  },
  {
    route: "POST /api/mass-organizations/:id/sessions",
    make: async (c, o) => {
      const id = await cellUnion(c);
      return {
        method: "POST",
        url: `/api/mass-organizations/${id}/sessions`,
        payload: {
          heldOn: todayIso(),
          notes: "Làm việc với công đoàn",
          tasks: [{ title: "Việc của công đoàn", responsibleMemberId: o.members[0] }],
          version: await rowVersion("mass_organizations", id),
        },
      };
    },
    control: MANAGERS,
  },
  {
    route: "POST /api/mass-organizations/:id/introductions",
    make: async (c, o) => {
      const candidate = await cellCandidate(o);
      return {
        method: "POST",
        url: `/api/mass-organizations/${await cellUnion(c)}/introductions`,
        payload: {
          candidateId: candidate,
          form: "5-KNĐ",
          receivedOn: todayIso(),
          version: await rowVersion("admission_candidates", candidate),
        },
      };
    },
    control: MANAGERS,
  },
  // A dossier file for another cell's candidate, its id guessed: the candidate's cell decides, not the uploader's.
  {
    route: "POST /api/candidates/:id/form-files",
    make: async (_c, o) => {
      const candidate = await cellCandidate(o);
      const version = await rowVersion("admission_candidates", candidate);
      return {
        method: "POST",
        url: `/api/candidates/${candidate}/form-files?form=1-KN%C4%90&fileName=don.pdf&version=${version}`,
        payload: minimalPdf(),
        headers: { "content-type": "application/octet-stream" },
      };
    },
    // The office keeps every cell's dossiers: the id in the path is legitimately its own, so only the cells attempt it.
    actors: CELL_ONLY,
    control: MANAGERS,
  },
  // A make-up session: a foreign resolution is not one the cell studies.
  {
    route: "POST /api/organizations/:id/study-sessions",
    make: async (c, o) => {
      const study = await cellStudy(o);
      return {
        method: "POST",
        url: `/api/organizations/${c.org}/study-sessions`,
        payload: { resolutionId: study.resolution, makeupOfId: study.session, heldOn: day(), place: "Phòng họp" },
      };
    },
    control: MANAGERS,
  },
  {
    route: "POST /api/study-sessions/:id/attendance",
    make: async (c, o) => {
      const { session } = await cellStudy(c);
      return {
        method: "POST",
        url: `/api/study-sessions/${session}/attendance`,
        payload: { presentIds: [o.members[0]], version: await rowVersion("study_sessions", session) },
      };
    },
    control: MANAGERS,
  },
  {
    route: "POST /api/study-sessions/:id/paper-reflections",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/study-sessions/${(await cellStudy(c)).session}/paper-reflections`,
      payload: { memberId: o.members[0], receivedOn: todayIso() },
    }),
    control: MANAGERS,
  },
  // ── congress preparation, elections, transfers: ids of another cell's members or cells are refused ──
  {
    route: "PATCH /api/preparation-steps/:id",
    make: async (c, o) => {
      const step = await cellPreparationStep(c);
      return {
        method: "PATCH",
        url: `/api/preparation-steps/${step.id}`,
        payload: { ownerMemberId: o.members[0], dueOn: step.dueOn, version: step.version },
      };
    },
    control: MANAGERS,
  },
  {
    route: "PUT /api/congress-preparations/:id/quotas",
    make: async (c, o) => ({
      method: "PUT",
      url: `/api/congress-preparations/${(await cellPreparationStep(c)).preparationId}/quotas`,
      payload: { quotas: [{ cellId: o.org, quota: 2 }] },
    }),
    control: [],
  },
  {
    route: "PUT /api/congress-preparations/:id/cells/:cellId/delegates",
    make: async (c, o) => ({
      method: "PUT",
      url: `/api/congress-preparations/${(await cellPreparationStep(c)).preparationId}/cells/${c.org}/delegates`,
      payload: { delegates: [{ memberId: o.members[0], kind: "official" }] },
    }),
    control: [],
  },
  {
    route: "PUT /api/congress-preparations/:id/day",
    make: async (c, o) => ({
      method: "PUT",
      url: `/api/congress-preparations/${(await cellPreparationStep(c)).preparationId}/day`,
      payload: {
        presidium: [o.members[0]],
        secretariat: [o.members[1]],
        countingBoard: [o.members[2]],
        agenda: ["Khai mạc"],
        version: 1,
      },
    }),
    control: [],
  },
  {
    route: "POST /api/organizations/:id/elections",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/elections`,
      payload: {
        heldOn: "2060-01-05",
        title: "Bầu bí thư",
        body: "secretary",
        seats: 1,
        candidateIds: [o.members[0]],
        boardMemberIds: [o.members[1], o.members[2]],
      },
    }),
    control: [],
  },
  {
    route: "POST /api/election-rounds/:id/ballots",
    // A ballot keeping a member of another cell: not a candidate of this round.
    make: async (c, o) => ({
      method: "POST",
      url: `/api/election-rounds/${await cellRound(c)}/ballots`,
      payload: { serial: 1, kept: [o.members[0]], invalid: null },
    }),
    control: [],
  },
  {
    route: "PUT /api/election-rounds/:id/ballots/:serial",
    // A ballot of the cell's own round, corrected to keep a member of another cell: not a candidate of this round.
    make: async (c, o) => {
      const { round, serial, version } = await cellBallot(c);
      return {
        method: "PUT",
        url: `/api/election-rounds/${round}/ballots/${serial}`,
        payload: { kept: [o.members[0]], invalid: null, reason: "Nhập nhầm phiếu", version },
      };
    },
    control: [],
  },
  {
    route: "POST /api/organizations/:id/routine-supervisions",
    // The đảng ủy's supervision of the cell, recorded against a meeting of another cell.
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${await s.orgId("DB-TCT")}/routine-supervisions`,
      payload: {
        body: "party_committee",
        subjectOrganizationId: c.org,
        meetingId: o.meeting,
        leadMemberId: c.members[0],
        content: "Dự sinh hoạt chi bộ",
        notes: "Chi bộ sinh hoạt đúng nội dung",
      },
    }),
    control: [],
  },
  {
    route: "POST /api/organizations/:id/transfers/out",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/transfers/out`,
      payload: {
        memberId: o.members[0],
        counterpart: "Đảng bộ khác",
        decisionOn: "2060-01-05",
        letterIssuedOn: "2060-01-05",
      },
    }),
    control: [],
  },
  {
    route: "POST /api/organizations/:id/transfers/in",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/transfers/in`,
      payload: {
        cellId: o.org,
        counterpart: "Đảng bộ khác",
        letterNumber: "01-GT/ĐU",
        letterIssuedOn: todayIso(),
        presentedOn: todayIso(),
        fullName: "Người Chuyển Đến",
        status: "probationary",
        dateOfBirth: "1995-01-01",
        admissionDate: "2025-01-01",
      },
    }),
    control: [],
  },
  {
    route: "POST /api/organizations/:id/temporary-stays",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/temporary-stays`,
      payload: {
        memberId: o.members[0],
        hostName: "Nơi khác",
        purpose: "work",
        startsOn: "2060-01-05",
        endsOn: "2060-07-05",
      },
    }),
    control: [],
  },
  // ── dues: a payment for a member of another cell is refused; excepting one changes nothing of theirs ──
  {
    route: "POST /api/organizations/:id/dues/payments",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/dues/payments`,
      payload: { memberId: o.members[0], month: "2026-01", amount: 10000, method: "cash", paidOn: "2026-01-20" },
    }),
    control: [],
  },
  {
    route: "POST /api/organizations/:id/dues/all-paid",
    make: async (c, o) => ({
      method: "POST",
      url: `/api/organizations/${c.org}/dues/all-paid`,
      payload: { month: "2026-01", paidOn: "2026-01-20", except: [o.members[0]] },
    }),
    // The cell's own members owe nothing here (no dues basis): the call writes nothing, for either cell.
    harmless: () => true,
    control: MANAGERS,
  },
];

const sessionOf = (cell: Cell, kind: ActorKind) =>
  s.signIn(kind === "office" ? "vanphong" : kind === "secretary" ? cell.secretary : cell.member);

beforeAll(async () => {
  s = await createTestServer();
  office = await s.signIn("vanphong");
  cells.LLCS = await buildCell("CB-LLCS", "bithu.llcs", "dangvien.llcs");
  cells.XDD = await buildCell("CB-XDD", "bithu.xdd", "dangvien.xdd");
}, 180_000);
afterAll(() => s.close());

describe("ids of another cell's objects (IDOR)", () => {
  it("every write route that takes an id in its body or a second id in its path has a case here", () => {
    const exempt = new Set(["POST /api/meetings/:id/steps/:phase/:stepId"]); // phase and step are names from the rulebook, not records
    const needing = writeRoutes(s)
      .filter((r) => !exempt.has(r.key) && (idFields(r.body).length > 0 || r.params.length > 1 || r.raw))
      .map((r) => r.key);
    const covered = new Set(CASES.map((c) => c.route));
    // Uploads that create a new document from a file carry no ids.
    const missing = needing.filter(
      (k) =>
        !covered.has(k) &&
        k !== "POST /api/organizations/:id/documents/upload" &&
        k !== "POST /api/organizations/:id/roster/preview" &&
        // A month of dues names members by name (and card), matched against the cell's own ledger only.
        k !== "POST /api/organizations/:id/dues/import",
    );
    expect(missing).toEqual([]);
    expect(needing.length).toBeGreaterThan(20);
  });

  for (const direction of [
    ["XDD", "LLCS"],
    ["LLCS", "XDD"],
  ] as const) {
    const [ownName, foreignName] = direction;
    it(`CB-${ownName} refers to CB-${foreignName}'s records: refused and nothing changes; its own ids go through`, {
      timeout: 300_000,
    }, async () => {
      const own = cells[ownName];
      const foreign = cells[foreignName];
      const problems: string[] = [];
      let refusals = 0;
      for (const [i, c] of CASES.entries()) {
        for (const kind of c.actors ?? ALL) {
          const session = await sessionOf(own, kind);
          const req = await c.make(own, foreign);
          const before = await checksum(s);
          const res = await s.request(session, { ...req, payload: req.payload as string });
          const where = `#${i} ${c.route} as ${kind} of CB-${ownName}: ${res.statusCode} ${res.body.slice(0, 200)}`;
          if (
            ![400, 403, 404, 409, 422].includes(res.statusCode) &&
            !(res.statusCode === 200 && c.harmless?.(res.json()))
          )
            problems.push(`accepted ${where}`);
          else refusals++;
          const after = await checksum(s);
          const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
          if (changed.length) problems.push(`changed ${changed.join(", ")}: ${where}`);
          if (!(c.control ?? []).includes(kind)) continue;
          const control = await c.make(own, own);
          const good = await s.request(session, { ...control, payload: control.payload as string });
          if (good.statusCode >= 400)
            problems.push(`control failed #${i} ${c.route} as ${kind}: ${good.statusCode} ${good.body.slice(0, 300)}`);
        }
      }
      expect(problems).toEqual([]);
      expect(refusals).toBeGreaterThan(CASES.length);
    });
  }
});

/**
 * Who owns each record id: every table with an organisation column, and every table whose rows hang off one of those
 * (a meeting's votes, a task's updates, a document's comments…), found from the database's own catalogue.
 */
async function ownersById(): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  const cols = await s.database.rows<{ table: string; cols: string }>(
    sql`SELECT table_name AS "table", string_agg(column_name, ',' ORDER BY ordinal_position) AS cols FROM information_schema.columns WHERE table_schema = 'public' GROUP BY 1`,
  );
  const tables = cols.map((c) => ({ table: c.table, cols: c.cols.split(",") })).filter((t) => t.cols.includes("id"));
  for (const t of tables.filter(
    (t) =>
      t.cols.includes("organization_id") &&
      t.table !== "organizations" &&
      t.table !== "audit_events" &&
      t.table !== "document_counters",
  )) {
    for (const r of await s.database.rows<{ id: string; org: string }>(
      sql.raw(`SELECT id::text AS id, organization_id::text AS org FROM "${t.table}"`),
    ))
      owners.set(r.id, r.org);
  }
  // Two passes reach grandchildren (a target's measurements).
  for (let pass = 0; pass < 2; pass++) {
    for (const t of tables.filter(
      (t) =>
        !t.cols.includes("organization_id") &&
        !["users", "sessions", "outbox", "notices", "calendar_tokens"].includes(t.table),
    )) {
      for (const col of t.cols.filter((c) => c.endsWith("_id") && !c.endsWith("user_id"))) {
        for (const r of await s.database.rows<{ id: string; parent: string }>(
          sql.raw(`SELECT id::text AS id, ${col}::text AS parent FROM "${t.table}" WHERE ${col} IS NOT NULL`),
        )) {
          const org = owners.get(r.parent);
          if (org && !owners.has(r.id)) owners.set(r.id, org);
        }
      }
    }
  }
  return owners;
}

function uuidsIn(value: unknown, out: Set<string>) {
  if (typeof value === "string") {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) out.add(value);
  } else if (Array.isArray(value)) value.forEach((v) => uuidsIn(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => uuidsIn(v, out));
}

describe("lists never return another organisation's rows", () => {
  it("every GET route, called by every actor for every organisation, names only records of organisations that actor may see", {
    timeout: 600_000,
  }, async () => {
    const { ACTORS } = await import("./access-matrix.js");
    const owners = await ownersById();
    // The đảng ủy's own people (its committee, UBKT, the members who follow cells) are named on the pages they lead:
    // their member ids may appear wherever they hold that role, whichever cell they belong to.
    const leaders = new Set(
      (
        await s.database.rows<{ id: string }>(
          sql`SELECT p.member_id::text AS id FROM positions p JOIN organizations o ON o.id = p.organization_id WHERE o.kind = 'party_committee' UNION SELECT member_id::text FROM oversights`,
        )
      ).map((r) => r.id),
    );
    // A confidential inspection file is read whole by the UBKT and every seat of the đảng ủy (ADR 0126), whichever
    // cell its subject belongs to.
    const caseSubjects = new Set(
      (
        await s.database.rows<{ id: string }>(
          sql`SELECT subject_member_id::text AS id FROM confidential_cases WHERE subject_member_id IS NOT NULL`,
        )
      ).map((r) => r.id),
    );
    const readsCases = new Set(["overseer", "committeeOther", "inspector"]);
    const orgs = await s.database.rows<{ id: string; path: string; code: string }>(
      sql`SELECT id::text AS id, path, code FROM organizations ORDER BY path`,
    );
    // Routes that are not lists of an organisation's records, or whose whole point is one person's own data.
    const skip = new Set([
      "GET /api/backup",
      "GET /api/auth/me/data",
      "GET /api/health",
      "GET /api/calendar/:file",
      "GET /api/organizations/:id/rulebooks/:kind",
    ]);
    const routes = apiRoutes(s).filter(
      (r) =>
        r.method === "GET" &&
        !skip.has(r.key) &&
        (r.params.length === 0 || (r.url.startsWith("/api/organizations/:id") && r.params.length === 1)),
    );
    expect(routes.length).toBeGreaterThan(20);
    const year = new Date().getFullYear();
    const problems: string[] = [];
    let checked = 0;
    for (const [actor, username] of Object.entries(ACTORS)) {
      if (!username) continue;
      const session = await s.signIn(username);
      // What this actor may see: the organisations whose page opens for them, and their ancestors
      // (a cell's members see who in the đảng ủy oversees them, and the đảng bộ's own records above them).
      const visible = new Set<string>();
      for (const o of orgs)
        if ((await s.request(session, { method: "GET", url: `/api/organizations/${o.id}` })).statusCode === 200)
          visible.add(o.id);
      const allowed = new Set(visible);
      for (const o of orgs)
        if (visible.has(o.id)) for (const a of orgs) if (o.path.startsWith(a.path)) allowed.add(a.id);
      for (const route of routes) {
        for (const org of route.params.length ? orgs : [null]) {
          const url = `${org ? route.url.replace(":id", org.id) : route.url}?year=${year}&limit=500`;
          const res = await s.request(session, { method: "GET", url });
          if (res.statusCode !== 200) {
            if (org && visible.has(org.id) && res.statusCode >= 500)
              problems.push(`${actor} ${url}: ${res.statusCode}`);
            continue;
          }
          if (org && !visible.has(org.id) && !url.includes("/audit"))
            problems.push(`${actor} read ${route.key} of ${org.code} it may not see`);
          if (!String(res.headers["content-type"]).includes("json")) continue;
          checked++;
          const ids = new Set<string>();
          uuidsIn(res.json(), ids);
          for (const id of ids) {
            const owner = owners.get(id);
            if (owner && !allowed.has(owner) && !leaders.has(id) && !(readsCases.has(actor) && caseSubjects.has(id)))
              problems.push(
                `${actor} ${route.key}${org ? ` (${org.code})` : ""}: ${id} belongs to ${orgs.find((o) => o.id === owner)?.code}`,
              );
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
    console.log(`lists: ${routes.length} GET routes, ${checked} answers scanned`);
  });
});

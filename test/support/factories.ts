// Factories: each creates exactly the rows a test names, on the test server's real database, through the modules'
// own operations (so paths, search keys, transfers and audit events are what the product writes). A test builds its
// own đảng bộ, members and meetings beside the demo organisation instead of leaning on the demo's rows, and fixes
// "today" with setClockForTests (core/time). Every factory takes overrides for the fields the test cares about.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Actor } from "../../src/core/access/index.js";
import { inTransaction } from "../../src/core/db/index.js";
import { addDays, addMonths, todayIso } from "../../src/core/time.js";
import { DEMO_PASSWORD } from "../../src/demo/demo-data.js";
import { users } from "../../src/modules/accounts/schema.js";
import { hashPassword } from "../../src/modules/accounts/passwords.js";
import { actorFromToken, createSession, type UserRow } from "../../src/modules/accounts/store.js";
import { createMeeting } from "../../src/modules/meetings/operations.js";
import type { MeetingRow } from "../../src/modules/meetings/store.js";
import { createMemberBody, type MEMBER_STATUSES } from "../../src/modules/members/model.js";
import { createMember, createMembers } from "../../src/modules/members/operations.js";
import type { MemberRow } from "../../src/modules/members/store.js";
import { createOrganizationBody, type PositionRole } from "../../src/modules/organizations/model.js";
import { addOversight, addPosition, addTerm, createOrganization } from "../../src/modules/organizations/operations.js";
import { getOrganization, type OrganizationRow } from "../../src/modules/organizations/store.js";
import { createTaskBody } from "../../src/modules/tasks/model.js";
import { createTask } from "../../src/modules/tasks/operations.js";
import type { TaskRow } from "../../src/modules/tasks/store.js";
import { createCandidateBody } from "../../src/modules/admissions/model.js";
import { createCandidate } from "../../src/modules/admissions/operations.js";
import type { CandidateRow } from "../../src/modules/admissions/store.js";
import { basisBody, type BasisInput } from "../../src/modules/dues/model.js";
import { recordBasis } from "../../src/modules/dues/operations.js";
import { getMember } from "../../src/modules/members/store.js";
import type { Session, TestServer } from "./server.js";

let sequence = 0;
/** A short unique suffix: codes and usernames must be unique within the database. */
const unique = () => `${++sequence}${randomBytes(2).toString("hex")}`.toUpperCase();

/** The actor factories write as: an administrator outside any organisation (its events name no real account). */
const FACTORY_ACTOR: Actor = {
  userId: "00000000-0000-4000-8000-000000000000",
  username: "factory",
  displayName: "factory",
  memberId: null,
  isAdmin: true,
  locale: "vi",
  mustChangePassword: false,
  scopes: [],
  sessionId: "",
  csrfToken: "",
};

/** A đảng bộ with `cells` chi bộ under it (named "Chi bộ 1", "Chi bộ 2", …). */
export async function buildOrganization(
  s: TestServer,
  o: { name?: string; cells?: number } = {},
): Promise<{ partyCommittee: OrganizationRow; cells: OrganizationRow[] }> {
  return inTransaction(s.database, async (tx) => {
    const code = `DB-${unique()}`;
    const partyCommittee = await createOrganization(
      tx,
      FACTORY_ACTOR,
      null,
      createOrganizationBody.parse({
        kind: "party_committee",
        name: o.name ?? `Đảng bộ ${code}`,
        code,
        abbreviation: "ĐB",
      }),
    );
    const cells: OrganizationRow[] = [];
    for (let i = 1; i <= (o.cells ?? 1); i++)
      cells.push(
        await createOrganization(
          tx,
          FACTORY_ACTOR,
          partyCommittee,
          createOrganizationBody.parse({
            parentId: partyCommittee.id,
            kind: "cell",
            name: `Chi bộ ${i}`,
            code: `${code}-${i}`,
            abbreviation: "CB",
          }),
        ),
      );
    return { partyCommittee, cells };
  });
}

/** A member of `organization`, full by default, admitted on 2010-05-19; with `position`, holding it from then. */
export async function buildMember(
  s: TestServer,
  o: {
    organization: OrganizationRow;
    fullName?: string;
    status?: (typeof MEMBER_STATUSES)[number];
    admissionDate?: string;
    officialDate?: string | null;
    position?: PositionRole;
    positionFrom?: string;
    /** "sinh hoạt tại chi bộ từ ngày": the day created by default */
    joinedOn?: string;
  },
): Promise<MemberRow> {
  const status = o.status ?? "full";
  const admissionDate = o.admissionDate ?? "2010-05-19";
  return inTransaction(s.database, async (tx) => {
    const member = await createMember(
      tx,
      FACTORY_ACTOR,
      o.organization,
      createMemberBody.parse({
        organizationId: o.organization.id,
        fullName: o.fullName ?? `Nguyễn Văn ${unique()}`,
        status,
        admissionDate,
        // A full member became official a year after admission (unless the test says otherwise).
        officialDate:
          o.officialDate !== undefined ? o.officialDate : status === "full" ? addMonths(admissionDate, 12) : null,
        joinedOn: o.joinedOn,
      }),
    );
    if (o.position)
      await addPosition(tx, FACTORY_ACTOR, o.organization, {
        memberId: member.id,
        role: o.position,
        termId: null,
        startsOn: o.positionFrom ?? admissionDate,
        endsOn: null,
      });
    return member;
  });
}

/** A monthly meeting of a cell on `date` (today by the clock by default) at 14:00. */
export async function buildMeeting(
  s: TestServer,
  o: { organization: OrganizationRow; date?: string; kind?: MeetingRow["kind"]; title?: string | null },
): Promise<MeetingRow> {
  return inTransaction(s.database, (tx) =>
    createMeeting(tx, FACTORY_ACTOR, o.organization, {
      kind: o.kind ?? "monthly",
      date: o.date ?? todayIso(),
      startTime: "14:00",
      place: "Phòng họp",
      title: o.title ?? null,
    }),
  );
}

/** A direct task of `organization` for `responsible`, from `startsOn` (today by the clock) to `dueOn` (+30 days). */
export async function buildTask(
  s: TestServer,
  o: { organization: OrganizationRow; responsible: MemberRow; title?: string; startsOn?: string; dueOn?: string },
): Promise<TaskRow> {
  const startsOn = o.startsOn ?? todayIso();
  const input = createTaskBody.parse({
    title: o.title ?? "Nhiệm vụ",
    responsibleMemberId: o.responsible.id,
    startsOn,
    dueOn: o.dueOn ?? addDays(startsOn, 30),
  });
  return inTransaction(s.database, (tx) =>
    createTask(tx, FACTORY_ACTOR, { ...input, organizationId: o.organization.id }),
  );
}

/**
 * An account (for `member` when given) already signed in: its session for s.request, and the actor the server
 * derives from it (scopes from the member's positions on the clock's today).
 */
export async function buildUser(
  s: TestServer,
  o: { member?: MemberRow; isAdmin?: boolean } = {},
): Promise<{ user: UserRow; session: Session; actor: Actor }> {
  const username = `u${unique().toLowerCase()}`;
  const [user] = await s.database.db
    .insert(users)
    .values({
      username,
      displayName: o.member?.fullName ?? username,
      memberId: o.member?.id ?? null,
      isAdmin: o.isAdmin ?? false,
      // Signed in through a session made here: the password is never used.
      passwordHash: "-",
    })
    .returning();
  const { token, csrfToken } = await createSession(s.database.db, user!.id);
  const actor = await actorFromToken(s.database.db, token);
  return { user: user!, session: { username, cookie: token, csrf: csrfToken }, actor: actor! };
}

/** One person of a cell built by buildCellAwaitingCongress; `username` gives them an account with the demo password. */
export interface RosterEntry {
  fullName: string;
  status?: "full" | "probationary";
  role?: PositionRole;
  username?: string;
  /** The admission ceremony, from which a probation runs (none unless given). */
  ceremonyDate?: string;
}

/** The default people of buildCellAwaitingCongress: a six-member cell with two accounts. */
export const AWAITING_CONGRESS_ROSTER: RosterEntry[] = [
  { fullName: "Đinh Công Tráng", role: "secretary", username: "bithu.ktc" },
  { fullName: "Phan Thị Thu Trang", role: "deputy_secretary" },
  { fullName: "Lý Văn Thắng", username: "dangvien.ktc" },
  { fullName: "Dương Thị Bích Liên" },
  { fullName: "Tạ Quang Dũng" },
  { fullName: "Cao Thị Hạnh", status: "probationary" },
];

/**
 * A cell of the demo's đảng bộ that has not yet recorded its 2025 congress (every demo cell has): the 2022–2025
 * term with its committee seated, the 2025–2027 term the congress on 2025-03-20 opens, and its people, in the cell
 * since 2020. Under the demo's đảng bộ, its office, dashboards and `overseer` (a đảng ủy member's full name, Mai
 * Thị Hoa unless told) see it.
 * Takes the database alone, so browser journeys can use it too.
 */
export async function buildCellAwaitingCongress(
  s: Pick<TestServer, "database">,
  o: { name?: string; code?: string; roster?: RosterEntry[]; overseer?: string | null } = {},
): Promise<{ cell: OrganizationRow; memberIds: Map<string, string> }> {
  const roster = o.roster ?? AWAITING_CONGRESS_ROSTER;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const [root] = await s.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'DB-TCT'`);
  const overseerName = o.overseer === undefined ? "Mai Thị Hoa" : o.overseer;
  const [overseer] = overseerName
    ? await s.database.rows<{ id: string }>(sql`SELECT id FROM members WHERE full_name = ${overseerName}`)
    : [];
  return inTransaction(s.database, async (tx) => {
    const parent = (await getOrganization(tx, root!.id))!;
    const cell = await createOrganization(
      tx,
      FACTORY_ACTOR,
      parent,
      createOrganizationBody.parse({
        parentId: parent.id,
        kind: "cell",
        name: o.name ?? "Chi bộ Khoa Tại chức",
        code: o.code ?? "CB-KTC",
        abbreviation: "CB",
      }),
    );
    const previous = await addTerm(tx, FACTORY_ACTOR, cell, {
      label: "2022–2025",
      startsOn: "2022-03-15",
      endsOn: "2025-03-20",
    });
    await addTerm(tx, FACTORY_ACTOR, cell, { label: "2025–2027", startsOn: "2025-03-20", endsOn: "2027-03-20" });
    const memberIds = new Map<string, string>();
    for (const person of roster) {
      const status = person.status ?? "full";
      const member = await createMember(
        tx,
        FACTORY_ACTOR,
        cell,
        createMemberBody.parse({
          organizationId: cell.id,
          fullName: person.fullName,
          status,
          admissionDate: status === "full" ? "2010-05-19" : "2025-01-10",
          officialDate: status === "full" ? "2011-05-19" : null,
          joinedOn: status === "full" ? "2020-01-01" : "2025-01-10",
          ceremonyDate: person.ceremonyDate,
        }),
      );
      memberIds.set(person.fullName, member.id);
      if (person.role)
        await addPosition(tx, FACTORY_ACTOR, cell, {
          memberId: member.id,
          role: person.role,
          termId: previous.id,
          startsOn: previous.startsOn,
          endsOn: null,
        });
      if (person.username)
        await tx
          .insert(users)
          .values({ username: person.username, displayName: person.fullName, memberId: member.id, passwordHash });
    }
    if (overseer) await addOversight(tx, FACTORY_ACTOR, cell, { memberId: overseer.id, startsOn: "2022-03-15" });
    return { cell, memberIds };
  });
}

/** A committee term of `organization` (documents are numbered per term), 2020–2030 by default. */
export async function buildTerm(
  s: TestServer,
  o: { organization: OrganizationRow; startsOn?: string; endsOn?: string },
): Promise<void> {
  await inTransaction(s.database, (tx) =>
    addTerm(tx, FACTORY_ACTOR, o.organization, {
      label: "Nhiệm kỳ",
      startsOn: o.startsOn ?? "2020-01-01",
      endsOn: o.endsOn ?? "2030-12-31",
    }),
  );
}

/** A candidate for admission followed by `organization`, helped by `helpers` (full members of it), born in 2000. */
export async function buildCandidate(
  s: TestServer,
  o: {
    organization: OrganizationRow;
    helpers: MemberRow[];
    fullName?: string;
    dateOfBirth?: string;
    courseCertificateOn?: string | null;
  },
): Promise<CandidateRow> {
  const input = createCandidateBody.parse({
    fullName: o.fullName ?? `Trần Thị ${unique()}`,
    dateOfBirth: o.dateOfBirth ?? "2000-05-10",
    helperIds: o.helpers.map((m) => m.id),
    courseCertificateOn: o.courseCertificateOn === undefined ? "2025-10-01" : o.courseCertificateOn,
  });
  return inTransaction(s.database, (tx) => createCandidate(tx, FACTORY_ACTOR, o.organization, input, todayIso()));
}

/** New members written as a roster import writes them (createMembers): one statement per thousand rows. */
export async function buildImportedMembers(
  s: TestServer,
  o: { organization: OrganizationRow; count: number; joinedOn: string },
): Promise<MemberRow[]> {
  return inTransaction(s.database, (tx) =>
    createMembers(
      tx,
      FACTORY_ACTOR,
      Array.from({ length: o.count }, () => {
        const {
          organizationId: _org,
          joinedOn: _joined,
          ...fields
        } = createMemberBody.parse({
          organizationId: o.organization.id,
          fullName: `Trần Văn ${unique()}`,
          status: "full",
          admissionDate: "2010-05-19",
          officialDate: "2011-05-19",
        });
        return { org: o.organization, fields, joinedOn: o.joinedOn };
      }),
    ),
  );
}

/** A member's dues basis from a month on: a salary base of 5,000,000 đ from January 2026 unless told otherwise. */
export async function buildDuesBasis(
  s: TestServer,
  o: { member: MemberRow; kind?: BasisInput["kind"]; amount?: number; fromMonth?: string; exemption?: string | null },
): Promise<void> {
  const input = basisBody.parse({
    kind: o.kind ?? "salary",
    amount: o.amount ?? 5_000_000,
    fromMonth: o.fromMonth ?? "2026-01",
    exemption: o.exemption ?? null,
  });
  await inTransaction(s.database, async (tx) => {
    const member = (await getMember(tx, o.member.id))!;
    await recordBasis(tx, FACTORY_ACTOR, member, input);
  });
}

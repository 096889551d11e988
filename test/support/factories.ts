// Factories: each creates exactly the rows a test names, on the test server's real database, through the modules'
// own operations (so paths, search keys, transfers and audit events are what the product writes). A test builds its
// own đảng bộ, members and meetings beside the demo organisation instead of leaning on the demo's rows, and fixes
// "today" with setClockForTests (core/time). Every factory takes overrides for the fields the test cares about.
import { randomBytes } from "node:crypto";
import type { Actor } from "../../src/core/access/index.js";
import { inTransaction } from "../../src/core/db/index.js";
import { addDays, addMonths, todayIso } from "../../src/core/time.js";
import { users } from "../../src/modules/accounts/schema.js";
import { actorFromToken, createSession, type UserRow } from "../../src/modules/accounts/store.js";
import { createMeeting } from "../../src/modules/meetings/operations.js";
import type { MeetingRow } from "../../src/modules/meetings/store.js";
import { createMemberBody, type MEMBER_STATUSES } from "../../src/modules/members/model.js";
import { createMember } from "../../src/modules/members/operations.js";
import type { MemberRow } from "../../src/modules/members/store.js";
import { createOrganizationBody, type PositionRole } from "../../src/modules/organizations/model.js";
import { addPosition, createOrganization } from "../../src/modules/organizations/operations.js";
import type { OrganizationRow } from "../../src/modules/organizations/store.js";
import { createTaskBody } from "../../src/modules/tasks/model.js";
import { createTask } from "../../src/modules/tasks/operations.js";
import type { TaskRow } from "../../src/modules/tasks/store.js";
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
    /** The day they joined the cell's roll (the creation day by default). */
    joinedOn?: string;
    position?: PositionRole;
    positionFrom?: string;
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

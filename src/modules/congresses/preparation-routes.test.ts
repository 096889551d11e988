import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { hanoiAt, setClockForTests } from "../../core/time.js";
import { buildMember, buildOrganization, buildTerm, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { MemberRow } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";
import { sendPreparationReminders } from "./preparation-operations.js";

let s: TestServer;
let partyCommittee: OrganizationRow;
let cell: OrganizationRow;
let otherCell: OrganizationRow;
let admin: Session;
let cellSecretary: Session;
let member: Session;
let people: MemberRow[];
let probationary: MemberRow;

beforeAll(async () => {
  s = await createTestServer();
  setClockForTests("2026-09-01");
  const built = await buildOrganization(s, { cells: 2 });
  partyCommittee = built.partyCommittee;
  [cell, otherCell] = built.cells as [OrganizationRow, OrganizationRow];
  for (const organization of [partyCommittee, cell, otherCell])
    await buildTerm(s, { organization, startsOn: "2022-03-20", endsOn: "2027-03-19" });
  const joinedOn = "2020-01-01";
  const secretary = await buildMember(s, {
    organization: cell,
    position: "secretary",
    fullName: "Lê Văn Bí",
    joinedOn,
  });
  people = [secretary];
  for (const fullName of ["Phạm Thị Một", "Hoàng Văn Hai", "Trần Thị Ba"])
    people.push(await buildMember(s, { organization: cell, fullName, joinedOn }));
  probationary = await buildMember(s, {
    organization: cell,
    status: "probationary",
    admissionDate: "2026-05-01",
    joinedOn,
  });
  await buildMember(s, { organization: otherCell, position: "secretary", joinedOn });
  cellSecretary = (await buildUser(s, { member: secretary })).session;
  member = (await buildUser(s, { member: people[1] })).session;
  admin = (await buildUser(s, { isAdmin: true })).session;
});
afterAll(async () => {
  setClockForTests();
  await s.close();
});

const send = (who: Session, method: "POST" | "PUT" | "PATCH", url: string, payload: object) =>
  s.request(who, { method, url, payload });
const get = (who: Session, url: string) => s.request(who, { method: "GET", url });
/** Rows of this file's own đảng bộ and cells (the demo's cell has a preparation of its own). */
const count = async (table: "congress_preparations" | "preparation_steps" | "congress_delegates") => {
  const column = table === "congress_delegates" ? "cell_id" : "organization_id";
  const ours = [partyCommittee.id, cell.id, otherCell.id].map((id) => `'${id}'`).join(", ");
  return (
    await s.database.rows<{ n: number }>(
      sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} IN (${ours})`),
    )
  )[0]!.n;
};
const fieldOf = (res: { json: () => { fields?: Record<string, unknown> } }) => Object.keys(res.json().fields ?? {});

describe("preparing a đảng bộ's congress", () => {
  let prepId = "";

  it("refuses a bad plan with the field named, storing nothing", async () => {
    const url = `/api/organizations/${partyCommittee.id}/congress-preparations`;
    const past = await send(admin, "POST", url, { congressOn: "2026-08-01", nextTermLabel: "2027–2032" });
    expect(past.statusCode).toBe(422);
    expect(fieldOf(past)).toEqual(["congressOn"]);
    const noLabel = await send(admin, "POST", url, { congressOn: "2027-03-20", nextTermLabel: "" });
    expect(noLabel.statusCode).toBe(422);
    expect(fieldOf(noLabel)).toContain("nextTermLabel");
    expect(await count("congress_preparations")).toBe(0);
    expect(await count("preparation_steps")).toBe(0);
  });

  it("makes the timeline from the rulebook, deadlines in working days before the congress", async () => {
    const res = await send(admin, "POST", `/api/organizations/${partyCommittee.id}/congress-preparations`, {
      congressOn: "2027-03-20",
      nextTermLabel: "2027–2032",
      place: "Hội trường A",
    });
    expect(res.statusCode).toBe(201);
    const prep = res.json();
    prepId = prep.id;
    expect(prep.rulebookKey).toBe("congress-preparation-chibo-2024");
    const keys = prep.steps.map((x: { stepKey: string }) => x.stepKey);
    expect(keys).toContain("plan_approval");
    expect(keys).toContain("personnel_approval");
    // Ordered by deadline; the organisation step is 3 working days before Saturday 20/3/2027: Wednesday 17/3.
    const organisation = prep.steps.find((x: { stepKey: string }) => x.stepKey === "organisation");
    expect(organisation.dueOn).toBe("2027-03-17");
    expect(organisation.owner).toBe("office");
    const dues = prep.steps.map((x: { dueOn: string }) => x.dueOn);
    expect([...dues].sort()).toEqual(dues);
    expect(prep.agenda.length).toBeGreaterThan(3);
    // The same day twice is refused.
    const again = await send(admin, "POST", `/api/organizations/${partyCommittee.id}/congress-preparations`, {
      congressOn: "2027-03-20",
      nextTermLabel: "2027–2032",
    });
    expect(again.statusCode).toBe(422);
    expect(await count("congress_preparations")).toBe(1);
  });

  it("drafts the political report from the term's record, once", async () => {
    const resolution = (
      await send(admin, "POST", `/api/organizations/${partyCommittee.id}/resolutions`, {
        kind: "congress",
        title: "Nghị quyết Đại hội Đảng bộ nhiệm kỳ 2022–2027",
        targets: [{ name: "Kết nạp đảng viên mới", measureUnit: "người", baseline: 0, goal: 10 }],
      })
    ).json();
    await send(admin, "POST", `/api/resolutions/${resolution.id}/transition`, {
      to: "adopted",
      on: "2022-03-20",
      version: 1,
    });
    const res = await send(admin, "POST", `/api/congress-preparations/${prepId}/drafts`, {});
    expect(res.statusCode).toBe(200);
    const { drafts } = res.json();
    expect(drafts.politicalReport.status).toBe("draft");
    expect(drafts.draftResolution.type).toBe("NQ");
    const doc = (await get(admin, `/api/documents/${drafts.politicalReport.id}`)).json();
    const text = JSON.stringify(doc.document?.sections ?? doc.sections);
    expect(text).toContain("Kết nạp đảng viên mới");
    expect(text).toContain("Chưa có số liệu");
    expect(text).toContain("| 2026 |");
    expect((await send(admin, "POST", `/api/congress-preparations/${prepId}/drafts`, {})).statusCode).toBe(409);
  });

  it("allots quotas, and each cell chooses within its quota from its full members", async () => {
    const quotas = `/api/congress-preparations/${prepId}/quotas`;
    const foreign = await send(admin, "PUT", quotas, { quotas: [{ cellId: partyCommittee.id, quota: 2 }] });
    expect(foreign.statusCode).toBe(422);
    expect(fieldOf(foreign)).toEqual(["quotas.0.cellId"]);
    const ok = await send(admin, "PUT", quotas, {
      quotas: [
        { cellId: cell.id, quota: 2 },
        { cellId: otherCell.id, quota: 1 },
      ],
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().quotas.find((q: { cellId: string }) => q.cellId === cell.id).quota).toBe(2);

    const url = `/api/congress-preparations/${prepId}/cells/${cell.id}/delegates`;
    const over = await send(cellSecretary, "PUT", url, {
      delegates: people.slice(0, 3).map((p) => ({ memberId: p.id, kind: "official" })),
    });
    expect(over.statusCode).toBe(422);
    expect(fieldOf(over)).toEqual(["delegates"]);
    const notFull = await send(cellSecretary, "PUT", url, {
      delegates: [{ memberId: probationary.id, kind: "official" }],
    });
    expect(notFull.statusCode).toBe(422);
    expect(fieldOf(notFull)).toEqual(["delegates.0.memberId"]);
    expect(await count("congress_delegates")).toBe(0);
    const chosen = await send(cellSecretary, "PUT", url, {
      delegates: [
        { memberId: people[0]!.id, kind: "official" },
        { memberId: people[1]!.id, kind: "official" },
        { memberId: people[2]!.id, kind: "alternate" },
      ],
    });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json().delegates).toHaveLength(3);
    // The cell chooses for itself only, and reads its quota on its own page, not the đảng bộ's plan.
    const elsewhere = `/api/congress-preparations/${prepId}/cells/${otherCell.id}/delegates`;
    expect((await send(cellSecretary, "PUT", elsewhere, { delegates: [] })).statusCode).toBe(404);
    expect([403, 404]).toContain((await get(cellSecretary, `/api/congress-preparations/${prepId}`)).statusCode);
    const own = (await get(cellSecretary, `/api/organizations/${cell.id}/congress-delegates`)).json();
    expect(own.items[0].quota).toBe(2);
    // A quota below what the cell already chose is refused.
    const below = await send(admin, "PUT", quotas, { quotas: [{ cellId: cell.id, quota: 1 }] });
    expect(fieldOf(below)).toEqual(["quotas.0.quota"]);
  });

  it("checks credentials, sets the day's bodies, takes attendance on the day and shows it in the hall", async () => {
    const prep = (await get(admin, `/api/congress-preparations/${prepId}`)).json();
    const [first, second, alternate] = ["Lê Văn Bí", "Phạm Thị Một", "Hoàng Văn Hai"].map((n) =>
      prep.delegates.find((d: { fullName: string }) => d.fullName === n),
    );
    const noReason = await send(admin, "POST", `/api/congress-delegates/${alternate.id}/credential`, {
      credential: "rejected",
      version: alternate.version,
    });
    expect(fieldOf(noReason)).toEqual(["note"]);
    for (const d of [first, second])
      expect(
        (
          await send(admin, "POST", `/api/congress-delegates/${d.id}/credential`, {
            credential: "accepted",
            version: 1,
          })
        ).statusCode,
      ).toBe(200);

    const day = {
      presidium: [first.memberId],
      secretariat: [second.memberId, alternate.memberId],
      countingBoard: [first.memberId, second.memberId, alternate.memberId],
      agenda: ["Khai mạc", "Báo cáo chính trị", "Bầu cử"],
      version: prep.version,
    };
    const small = await send(admin, "PUT", `/api/congress-preparations/${prepId}/day`, day);
    expect(small.statusCode).toBe(422);
    expect(fieldOf(small)).toEqual(["presidium"]);
    const stranger = await send(admin, "PUT", `/api/congress-preparations/${prepId}/day`, {
      ...day,
      presidium: [first.memberId, second.memberId, probationary.id],
    });
    expect(fieldOf(stranger)).toEqual(["presidium.2"]);
    const saved = await send(admin, "PUT", `/api/congress-preparations/${prepId}/day`, {
      ...day,
      presidium: [first.memberId, second.memberId, alternate.memberId],
    });
    expect(saved.statusCode).toBe(200);

    const early = await send(admin, "POST", `/api/congress-delegates/${first.id}/attendance`, {
      present: true,
      version: 2,
    });
    expect(fieldOf(early)).toEqual(["present"]);
    setClockForTests("2027-03-20");
    try {
      expect(
        (await send(admin, "POST", `/api/congress-delegates/${first.id}/attendance`, { present: true, version: 2 }))
          .statusCode,
      ).toBe(200);
      const hallUrl = `/api/congress-preparations/${prepId}/hall`;
      let hall = (await get(admin, hallUrl)).json();
      expect(hall.currentTitle).toBeNull();
      expect(hall.attendance).toEqual({ expected: 2, present: 1, alternatesPresent: 0 });
      expect(hall.results).toEqual([]);
      const beyond = await send(admin, "POST", `/api/congress-preparations/${prepId}/current-item`, {
        index: 3,
        version: saved.json().version,
      });
      expect(fieldOf(beyond)).toEqual(["index"]);
      const shown = await send(admin, "POST", `/api/congress-preparations/${prepId}/current-item`, {
        index: 1,
        version: saved.json().version,
      });
      expect(shown.json().currentTitle).toBe("Báo cáo chính trị");
      // The hall follows the item under way at once, though its view is shared between screens for a moment.
      hall = (await get(admin, hallUrl)).json();
      expect(hall.currentTitle).toBe("Báo cáo chính trị");
      expect(hall.results).toEqual([]);
    } finally {
      setClockForTests("2026-09-01");
    }
  });
});

describe("preparing a cell's congress", () => {
  let cellPrepId = "";
  it("seats every full member as a delegate and lets a member read but not manage", async () => {
    const res = await send(cellSecretary, "POST", `/api/organizations/${cell.id}/congress-preparations`, {
      congressOn: "2027-03-10",
      nextTermLabel: "2027–2030",
    });
    expect(res.statusCode).toBe(201);
    const prep = res.json();
    expect(prep.delegates).toHaveLength(4);
    expect(prep.attendance.expected).toBe(4);
    const quotas = await send(cellSecretary, "PUT", `/api/congress-preparations/${prep.id}/quotas`, {
      quotas: [{ cellId: cell.id, quota: 1 }],
    });
    expect(fieldOf(quotas)).toEqual(["quotas"]);
    expect((await get(member, `/api/congress-preparations/${prep.id}`)).statusCode).toBe(200);
    const step = prep.steps[1];
    const refused = await send(member, "POST", `/api/preparation-steps/${step.id}/complete`, {
      doneOn: "2026-09-01",
      version: 1,
    });
    expect(refused.statusCode).toBe(403);
    const done = await send(cellSecretary, "POST", `/api/preparation-steps/${step.id}/complete`, {
      doneOn: "2026-09-01",
      version: 1,
    });
    expect(done.json().done).toBe(true);
    cellPrepId = prep.id;
  });

  it("reminds each step's owner once as its deadline nears", async () => {
    const step = (await get(admin, `/api/congress-preparations/${cellPrepId}`)).json().steps[0];
    const near = hanoiAt(step.dueOn, "08:00");
    const first = await sendPreparationReminders(s.database, near);
    const again = await sendPreparationReminders(s.database, near);
    expect(first).toBeGreaterThan(0);
    expect(again).toBe(0);
  });
});

describe("the demo", () => {
  it("CB-QLDT has begun preparing its 2027 congress: the plan adopted, the three drafts made from its term", async () => {
    const [qldt] = await s.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'CB-QLDT'`);
    const secretary = await s.signIn("bithu.danguy");
    const res = await get(secretary, `/api/organizations/${qldt!.id}/congress-preparations`);
    expect(res.statusCode, res.body).toBe(200);
    const [prep] = res.json().items;
    expect(prep).toMatchObject({ congressOn: "2027-03-16", nextTermLabel: "2027–2029", organizationKind: "cell" });
    const done = prep.steps.filter((x: { done: boolean }) => x.done).map((x: { stepKey: string }) => x.stepKey);
    expect(done).toEqual(["plan"]);
    expect(prep.steps.length).toBeGreaterThan(5);
    for (const d of [prep.drafts.politicalReport, prep.drafts.selfReview, prep.drafts.draftResolution])
      expect(d?.status).toBe("draft");
    // The minutes are made on the day, from its record.
    expect(prep.drafts.minutes).toBeNull();
    // The political report is written from the demo's years: its targets and the term's meetings are in the text.
    const report = await get(secretary, `/api/documents/${prep.drafts.politicalReport.id}`);
    expect(report.statusCode, report.body).toBe(200);
    const text = JSON.stringify(report.json());
    expect(text).toContain("2025–2027");
    expect(text).toMatch(/sinh hoạt/u);
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests } from "../../core/time.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";

/**
 * Routine supervision recorded against a meeting (giám sát thường xuyên, 296-QĐ/TW), on the demo đảng bộ:
 * danguyvien follows CB-LLCS, danguyvien2 follows CB-XDD.
 */
let s: TestServer;
let root = "";
let llcs = "";
let xdd = "";
let overseer: Session;
const TODAY = "2026-11-20";

const post = (who: Session, payload: Record<string, unknown>) =>
  s.request(who, { method: "POST", url: `/api/organizations/${root}/routine-supervisions`, payload });

async function heldMeeting(cell: string) {
  const [row] = await s.database.rows<{ id: string; date: string }>(
    sql`SELECT id, date::text AS date FROM meetings WHERE organization_id = ${cell} AND date <= ${TODAY}
         ORDER BY date DESC LIMIT 1`,
  );
  return row!;
}

const count = async () => (await s.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM inspections`))[0]!.n;

async function payload(cell = llcs, meetingId?: string) {
  return {
    body: "party_committee",
    subjectOrganizationId: cell,
    meetingId: meetingId ?? (await heldMeeting(cell)).id,
    leadMemberId: await s.memberId("Lâm Văn Thành"),
    content: "Dự sinh hoạt chi bộ, theo dõi việc chuẩn bị và điều hành cuộc họp",
    notes: "Cuộc họp đúng giờ; nghị quyết tháng còn chung chung.",
    findings: [] as unknown[],
  };
}

beforeAll(async () => {
  setClockForTests(TODAY);
  s = await createTestServer();
  [root, llcs, xdd] = [await s.orgId("DB-TCT"), await s.orgId("CB-LLCS"), await s.orgId("CB-XDD")];
  overseer = await s.signIn("danguyvien");
}, 120_000);

afterAll(async () => {
  setClockForTests();
  await s?.close();
});

describe("routine supervision recorded against a meeting", () => {
  it("the overseer records the meeting attended, the notes and a finding followed as a task of the cell", async () => {
    const meeting = await heldMeeting(llcs);
    const body = await payload();
    body.findings = [
      {
        text: "Nghị quyết tháng chưa cụ thể",
        remedy: "Ghi rõ người phụ trách và thời hạn từng việc trong nghị quyết tháng",
        ownerMemberId: await s.memberId("Nguyễn Thị Thu Hà"),
        dueOn: "2026-12-31",
      },
    ];
    const res = await post(overseer, body);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.type).toBe("routine_supervision");
    expect(created.meetingId).toBe(meeting.id);
    expect(created.subjectOrganizationId).toBe(llcs);
    // One observation on the meeting's day concludes it.
    expect(created.concludedOn).toBe(meeting.date);
    const detail = (await s.request(overseer, { method: "GET", url: `/api/inspections/${created.id}` })).json();
    expect(detail.steps.map((x: { step: string; on: string; text: string }) => [x.step, x.on, x.text])).toEqual([
      ["observation", meeting.date, body.notes],
    ]);
    expect(detail.findings).toHaveLength(1);
    expect(detail.findings[0].taskId).toBeTruthy();
    // The cell's secretary reads it, as the cell's other supervisions.
    const secretary = await s.signIn("bithu.llcs");
    const seen = await s.request(secretary, { method: "GET", url: `/api/inspections/${created.id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().steps[0].text).toBe(body.notes);
  });

  it("refuses a meeting of another cell, naming the meeting, and stores nothing", async () => {
    const before = await count();
    const other = await heldMeeting(xdd);
    const res = await post(overseer, await payload(llcs, other.id));
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().fields)).toEqual(["meetingId"]);
    expect(await count()).toBe(before);
  });

  it("refuses a meeting not yet held, naming the meeting", async () => {
    const [planned] = await s.database.rows<{ id: string }>(
      sql`SELECT id FROM meetings WHERE organization_id = ${llcs} AND date > ${TODAY} LIMIT 1`,
    );
    // The demo may hold no later meeting; one is planned for the test then.
    const id =
      planned?.id ??
      (
        await s.request(await s.signIn("bithu.llcs"), {
          method: "POST",
          url: `/api/organizations/${llcs}/meetings`,
          payload: { kind: "monthly", date: "2026-12-15", startTime: "14:00", place: "Phòng họp" },
        })
      ).json().id;
    const res = await post(overseer, await payload(llcs, id));
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().fields)).toEqual(["meetingId"]);
  });

  it("an overseer records only the cells they follow; the subject is named", async () => {
    const res = await post(overseer, await payload(xdd));
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().fields)).toEqual(["subjectOrganizationId"]);
    const theirs = await post(await s.signIn("danguyvien2"), await payload(xdd));
    expect(theirs.statusCode, theirs.body).toBe(201);
  });

  it("a finding's owner outside the cell is refused, naming the finding's field", async () => {
    const before = await count();
    const body = await payload();
    body.findings = [
      {
        text: "Chưa đôn đốc nộp đảng phí đúng hạn",
        remedy: "Đôn đốc thu nộp đảng phí hằng tháng",
        ownerMemberId: await s.memberId("Lý Văn Phúc"),
        dueOn: "2026-12-31",
      },
    ];
    const res = await post(overseer, body);
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().fields)).toEqual(["findings.0.ownerMemberId"]);
    expect(await count()).toBe(before);
  });

  it("a cell's secretary does not record the đảng ủy's supervision; the UBKT records it as its own", async () => {
    const secretary = await post(await s.signIn("bithu.llcs"), await payload());
    expect([403, 404]).toContain(secretary.statusCode);
    const ubkt = await s.signIn("ubkt");
    expect((await post(ubkt, await payload())).statusCode).toBe(403);
    const own = await post(ubkt, { ...(await payload()), body: "inspection_committee" });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().body).toBe("inspection_committee");
  });

  it("the dashboard lists the cells the reader may record, with the bodies", async () => {
    const dash = async (who: Session) =>
      (await s.request(who, { method: "GET", url: `/api/organizations/${root}/inspection-dashboard` })).json()
        .routineCells;
    const own = (await dash(overseer)) as { id: string; bodies: string[] }[];
    expect(own).toContainEqual(expect.objectContaining({ id: llcs, bodies: ["party_committee"] }));
    expect(own.map((c) => c.id)).not.toContain(xdd);
    const ubkt = (await dash(await s.signIn("ubkt"))) as { id: string; bodies: string[] }[];
    expect(ubkt.map((c) => c.id)).toEqual(expect.arrayContaining([llcs, xdd]));
    expect(ubkt.every((c) => c.bodies.join() === "inspection_committee")).toBe(true);
  });

  it("a held meeting's page offers the supervision to who may record it, under the đảng bộ above the cell", async () => {
    const offer = async (who: Session, meeting: string) => {
      const res = await s.request(who, { method: "GET", url: `/api/meetings/${meeting}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().supervision;
    };
    const held = (await heldMeeting(llcs)).id;
    expect(await offer(overseer, held)).toEqual({ organizationId: root });
    expect(await offer(await s.signIn("ubkt"), held)).toEqual({ organizationId: root });
    // The cell's own secretary and members read the meeting but do not supervise it; nor does another cell's overseer.
    expect(await offer(await s.signIn("bithu.llcs"), held)).toBeNull();
    expect(await offer(await s.signIn("dangvien.llcs"), held)).toBeNull();
    expect(await offer(await s.signIn("danguyvien2"), (await heldMeeting(xdd)).id)).toEqual({ organizationId: root });
    const foreign = await s.request(await s.signIn("danguyvien2"), { method: "GET", url: `/api/meetings/${held}` });
    expect(foreign.statusCode === 200 ? foreign.json().supervision : null).toBeNull();
    // A meeting not held yet is not supervised.
    const [planned] = await s.database.rows<{ id: string }>(
      sql`SELECT id FROM meetings WHERE organization_id = ${llcs} AND date > ${TODAY} AND status = 'planned' LIMIT 1`,
    );
    expect(await offer(overseer, planned!.id)).toBeNull();
  });
});

describe("the đảng ủy's and the cells' inspection documents in their registers (ADR 0153)", () => {
  const register = async (who: Session, org: string) =>
    // Who may not read an organisation's register gets no list at all.
    ((await s.request(who, { method: "GET", url: `/api/organizations/${org}/documents` })).json().items ?? []) as {
      numberText: string | null;
      origin?: string;
      summary: string;
    }[];

  it("the đảng ủy's programme is numbered by the đảng bộ's register and listed there", async () => {
    const office = await s.signIn("vanphong");
    const programmes = (
      await s.request(office, { method: "GET", url: `/api/organizations/${root}/inspection-programmes` })
    ).json().items as { body: string; numberText: string; documentId: string | null }[];
    const own = programmes.find((p) => p.body === "party_committee")!;
    expect(own.numberText).toMatch(/^\d+-CTr\/ĐU$/u);
    const listed = await register(office, root);
    // The register prints "Số …"; the module keeps the bare number.
    expect(listed.map((d) => d.numberText)).toContain(`Số ${own.numberText}`);
    // The UBKT's programme keeps the UBKT's own sequence, outside the register.
    expect(programmes.find((p) => p.body === "inspection_committee")!.numberText).toBe("01-CTr/UBKTĐU");
    expect(listed.some((d) => d.numberText?.endsWith("/UBKTĐU"))).toBe(false);
  });

  it("the đảng ủy's supervision plan takes the register's next KH number and is listed there", async () => {
    const office = await s.signIn("vanphong");
    const before = (await register(office, root)).map((d) => d.numberText);
    const opened = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${root}/inspections`,
      payload: {
        body: "party_committee",
        type: "thematic_supervision",
        subjectOrganizationId: llcs,
        content: "Giám sát chuyên đề việc thực hiện chế độ sinh hoạt chi bộ",
        leadMemberId: await s.memberId("Lâm Văn Thành"),
      },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const step = await s.request(office, {
      method: "POST",
      url: `/api/inspections/${opened.json().id}/steps`,
      payload: { step: "plan", on: TODAY, text: "Kế hoạch giám sát chuyên đề quý IV.", version: 1 },
    });
    expect(step.statusCode, step.body).toBe(200);
    const detail = (await s.request(office, { method: "GET", url: `/api/inspections/${opened.json().id}` })).json();
    const numberText = detail.steps[0].numberText as string;
    expect(numberText).toMatch(/^\d+-KH\/ĐU$/u);
    expect(before).not.toContain(`Số ${numberText}`);
    expect((await register(office, root)).map((d) => d.numberText)).toContain(`Số ${numberText}`);
  });

  it("a confidential case's decision never reaches a register: no list, no gap in a sequence", async () => {
    const ubkt = await s.signIn("ubkt");
    const [secret] = await s.database.rows<{ id: string; version: number }>(
      sql`SELECT id, version FROM confidential_cases WHERE type = 'violation' LIMIT 1`,
    );
    const documents = async () =>
      (await s.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM documents`))[0]!.n;
    const before = await documents();
    const step = await s.request(ubkt, {
      method: "POST",
      url: `/api/inspections/${secret!.id}/steps`,
      payload: { step: "notice", on: TODAY, text: "Thông báo đến đảng viên.", version: secret!.version },
    });
    expect(step.statusCode, step.body).toBe(200);
    // The case's numbered decision is the UBKT's own; nothing was added to any register.
    expect(await documents()).toBe(before);
    for (const who of ["vanphong", "bithu.xdd", "danguyvien2"]) {
      const session = await s.signIn(who);
      for (const org of [root, xdd]) {
        const listed = await register(session, org);
        expect(
          listed.some((d) => /UBKTĐU|dấu hiệu vi phạm|kê khai tài sản/iu.test(`${d.numberText} ${d.summary}`)),
        ).toBe(false);
      }
    }
  });
});

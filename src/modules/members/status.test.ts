import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "../../../test/support/server.js";
import type { MemberFields } from "./operations.js";
import { cellMembersDuring, cellMembersOn, memberOn, statusOn } from "./presence.js";
import { writeRosterXlsx } from "./roster.js";
import { joinedOnFor } from "./roster-import.js";

let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

/** A member created through the API, in the cell from a given day (the transfer that placed them). */
async function createMember(session: Awaited<ReturnType<TestServer["signIn"]>>, fields: Record<string, unknown>) {
  const res = await s.request(session, {
    method: "POST",
    url: "/api/members",
    payload: { organizationId: await s.orgId("CB-LLCS"), gender: "female", ...fields },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; version: number };
}

async function placeInCellOn(memberId: string, day: string) {
  await s.database.db.execute(sql`UPDATE member_transfers SET transferred_on = ${day} WHERE member_id = ${memberId}`);
}

describe("status history", () => {
  it("starts from the record, records a dated recognition, and shows both on the member's page", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const m = await createMember(secretary, {
      fullName: "Phan Thị Lịch Sử",
      status: "probationary",
      admissionDate: "2025-01-15",
    });
    const recognised = await s.request(secretary, {
      method: "POST",
      url: `/api/members/${m.id}/status`,
      payload: { change: "recognition", on: "2026-01-15", reason: "Quyết định 12-QĐ/ĐU", version: m.version },
    });
    expect(recognised.statusCode).toBe(200);
    expect(recognised.json()).toMatchObject({ status: "full", officialDate: "2026-01-15", version: m.version + 1 });
    expect(recognised.json()).not.toHaveProperty("searchText");

    const detail = (await s.request(secretary, { method: "GET", url: `/api/members/${m.id}` })).json();
    expect(detail).not.toHaveProperty("organizationPath");
    expect(detail.statusHistory.map((p: Record<string, unknown>) => [p.kind, p.startsOn, p.endsOn, p.source])).toEqual([
      ["probationary", "2025-01-15", "2026-01-15", "record"],
      ["full", "2026-01-15", null, "change"],
    ]);
    expect(detail.statusHistory[1].reason).toBe("Quyết định 12-QĐ/ĐU");

    expect(await statusOn(s.database.db, m.id, "2026-01-14")).toMatchObject({ standing: "probationary" });
    expect(await statusOn(s.database.db, m.id, "2026-01-15")).toMatchObject({ standing: "full" });
    expect(await statusOn(s.database.db, m.id, "2025-01-14")).toMatchObject({ standing: null });

    const history = (await s.request(secretary, { method: "GET", url: `/api/members/${m.id}/history` })).json();
    expect(history.events.map((e: { action: string }) => e.action)).toEqual(["status_change", "create"]);
  });

  it("refuses a change that does not apply or is dated before the current status, with a stale version too", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const m = await createMember(secretary, {
      fullName: "Phan Văn Từ Chối",
      status: "probationary",
      admissionDate: "2025-06-01",
    });
    const post = (payload: Record<string, unknown>) =>
      s.request(secretary, { method: "POST", url: `/api/members/${m.id}/status`, payload });
    const early = await post({ change: "recognition", on: "2025-05-31", version: m.version });
    expect(early.statusCode).toBe(422);
    expect(early.json().fields.on).toBe("Ngày thay đổi sớm hơn ngày bắt đầu của tình trạng hiện tại.");
    expect((await post({ change: "exemption_end", on: "2026-01-01", version: m.version })).statusCode).toBe(422);
    expect((await post({ change: "exemption_start", on: "2026-01-01", version: m.version + 5 })).statusCode).toBe(409);
    const member = await s.signIn("dangvien.llcs");
    const denied = await s.request(member, {
      method: "POST",
      url: `/api/members/${m.id}/status`,
      payload: { change: "exemption_start", on: "2026-01-01", version: m.version },
    });
    expect(denied.statusCode).toBe(403);
  });

  it("an exemption edited on the form is dated today; leaving closes the roll from its day", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const m = await createMember(secretary, {
      fullName: "Phan Văn Sửa Hồ Sơ",
      status: "full",
      officialDate: "2015-03-01",
    });
    const edited = await s.request(secretary, {
      method: "PUT",
      url: `/api/members/${m.id}`,
      payload: {
        fullName: "Phan Văn Sửa Hồ Sơ",
        status: "full",
        officialDate: "2015-03-01",
        exemptFromActivities: true,
        version: m.version,
      },
    });
    expect(edited.statusCode).toBe(200);
    const left = await s.request(secretary, {
      method: "POST",
      url: `/api/members/${m.id}/leave`,
      payload: { leftOn: "2099-02-01", leftReason: "Chuyển sinh hoạt", version: edited.json().version },
    });
    expect(left.statusCode).toBe(200);
    const detail = (await s.request(secretary, { method: "GET", url: `/api/members/${m.id}` })).json();
    const kinds = detail.statusHistory.map((p: { kind: string; source: string }) => `${p.kind}:${p.source}`);
    expect(kinds).toEqual(expect.arrayContaining(["full:record", "exempt:change", "left:change"]));
    expect(await statusOn(s.database.db, m.id, "2099-01-31")).toMatchObject({ exempt: true, left: false });
    expect(await statusOn(s.database.db, m.id, "2099-02-01")).toMatchObject({ left: true });
  });
});

describe("who was in the cell on a date", () => {
  it("judges a past day with that day's status, not today's", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const cell = await s.orgId("CB-LLCS");
    const m = await createMember(secretary, {
      fullName: "Phan Thị Quá Khứ",
      status: "probationary",
      admissionDate: "2024-02-01",
    });
    await placeInCellOn(m.id, "2024-02-01");
    await s.request(secretary, {
      method: "POST",
      url: `/api/members/${m.id}/status`,
      payload: { change: "recognition", on: "2025-02-01", version: m.version },
    });
    const on = async (day: string) =>
      (await cellMembersOn(s.database.db, cell, day)).find((x) => x.id === m.id) ?? null;
    expect(await on("2024-01-31")).toBeNull();
    expect(await on("2024-02-01")).toMatchObject({ status: "probationary", exempt: false, suspended: false });
    expect(await on("2025-01-31")).toMatchObject({ status: "probationary" });
    expect(await on("2025-02-01")).toMatchObject({ status: "full" });

    // A demo member, whose history was never written, is judged from the record.
    const demo = await cellMembersOn(s.database.db, cell, "2099-01-01");
    expect(demo.length).toBeGreaterThan(5);
    const names = demo.map((x) => x.fullName);
    expect(names.indexOf("Bùi Văn An")).toBeLessThan(names.indexOf("Võ Minh Tuấn"));

    const during = await cellMembersDuring(s.database.db, cell, "2024-01-01", "2025-12-31");
    const entry = during.find((x) => x.id === m.id)!;
    expect(entry.inCell).toEqual([{ from: "2024-02-01", to: null }]);
    expect(memberOn(entry, "2024-06-01")?.status).toBe("probationary");
    expect(memberOn(entry, "2025-06-01")?.status).toBe("full");
  });

  it("follows a transfer out of the cell", async () => {
    const office = await s.signIn("vanphong");
    const cell = await s.orgId("CB-LLCS");
    const m = await createMember(office, { fullName: "Phan Văn Chuyển Đi", status: "full" });
    await placeInCellOn(m.id, "2020-01-01");
    const moved = await s.request(office, {
      method: "POST",
      url: `/api/members/${m.id}/transfer`,
      payload: { toOrganizationId: await s.orgId("CB-XDD"), transferredOn: "2023-07-01", version: m.version },
    });
    expect(moved.statusCode).toBe(200);
    const ids = async (day: string) => (await cellMembersOn(s.database.db, cell, day)).map((x) => x.id);
    expect(await ids("2023-06-30")).toContain(m.id);
    expect(await ids("2023-07-01")).not.toContain(m.id);
    expect((await cellMembersDuring(s.database.db, cell, "2023-08-01", "2024-01-01")).map((x) => x.id)).not.toContain(
      m.id,
    );
  });
});

describe("member of the cell since (joined date)", () => {
  it("a member added today with an earlier joined date counts for the meetings of that past", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const cell = await s.orgId("CB-LLCS");
    const m = await createMember(secretary, {
      fullName: "Phan Thị Nhập Sổ",
      status: "full",
      officialDate: "2010-01-01",
      joinedOn: "2025-03-01",
    });
    const ids = async (day: string) => (await cellMembersOn(s.database.db, cell, day)).map((x) => x.id);
    expect(await ids("2025-02-28")).not.toContain(m.id);
    expect(await ids("2025-03-01")).toContain(m.id);
  });

  it("a roster import takes the date the secretary gives for its new members", async () => {
    const office = await s.signIn("vanphong");
    const cell = await s.orgId("CB-LLCS");
    const bytes = await writeRosterXlsx([
      {
        fullName: "Phan Văn Danh Sách",
        cardNumber: "79199001",
        status: "full",
        cellCode: "CB-LLCS",
        dateOfBirth: "1980-01-01",
        gender: "male",
        ethnicity: null,
        education: null,
        admissionDate: "2005-05-05",
        ceremonyDate: null,
        officialDate: "2006-05-05",
        phone: null,
        email: null,
        unit: null,
      },
    ]);
    const res = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${cell}/roster/import?fileName=ds.xlsx&joinedOn=2024-09-01`,
      payload: Buffer.from(bytes),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(res.statusCode).toBe(200);
    const id = await s.memberId("Phan Văn Danh Sách");
    const ids = async (day: string) => (await cellMembersOn(s.database.db, cell, day)).map((x) => x.id);
    expect(await ids("2024-08-31")).not.toContain(id);
    expect(await ids("2024-09-01")).toContain(id);
  });

  it("without a given date, a cell's first roster dates from admission and later ones from today", () => {
    const fields = { admissionDate: "2005-05-05", ceremonyDate: "2005-06-01", officialDate: null } as MemberFields;
    expect(joinedOnFor(fields, true, null, "2026-12-03")).toBe("2005-05-05");
    expect(joinedOnFor({ ...fields, admissionDate: null }, true, null, "2026-12-03")).toBe("2005-06-01");
    expect(joinedOnFor(fields, false, null, "2026-12-03")).toBe("2026-12-03");
    expect(joinedOnFor(fields, true, "2020-01-01", "2026-12-03")).toBe("2020-01-01");
    expect(joinedOnFor({ ...fields, admissionDate: null, ceremonyDate: null }, true, null, "2026-12-03")).toBe(
      "2026-12-03",
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "../../../test/support/server.js";

let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

const count = async (table: string) =>
  (await s.database.rows<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;

describe("organisation tree", () => {
  it("lists only what the actor may see", async () => {
    const member = await s.signIn("dangvien.llcs");
    const office = await s.signIn("vanphong");
    const overseer = await s.signIn("danguyvien");
    const codes = async (who: typeof member) =>
      ((await s.request(who, { method: "GET", url: "/api/organizations" })).json().items as { code: string }[])
        .map((o) => o.code)
        .sort();
    expect(await codes(member)).toEqual(["CB-LLCS"]);
    expect(await codes(office)).toEqual(["CB-LLCS", "CB-NNPL", "CB-QLDT", "CB-TCHC", "CB-XDD", "DB-TCT"]);
    // The đảng ủy member sees the đảng bộ, the cells he follows and the cell he leads.
    expect(await codes(overseer)).toEqual(["CB-LLCS", "CB-NNPL", "CB-QLDT", "DB-TCT"]);
  });

  it("creates a party group under a cell, audited, and refuses a group under the đảng bộ", async () => {
    const office = await s.signIn("vanphong");
    const cell = await s.orgId("CB-LLCS");
    const root = await s.orgId("DB-TCT");
    const before = await count("audit_events");
    const ok = await s.request(office, {
      method: "POST",
      url: "/api/organizations",
      payload: { parentId: cell, kind: "group", name: "Tổ đảng 1", code: "TD-LLCS-1", abbreviation: "TĐ" },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().path).toBe(`/${root}/${cell}/${ok.json().id}/`);
    expect(await count("audit_events")).toBe(before + 1);
    const bad = await s.request(office, {
      method: "POST",
      url: "/api/organizations",
      payload: { parentId: root, kind: "group", name: "Tổ sai", code: "TD-SAI", abbreviation: "TĐ" },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().fields.parentId).toBe("Tổ chức cấp trên không hợp lệ: Tổ đảng không thể trực thuộc Đảng bộ.");
    const dup = await s.request(office, {
      method: "POST",
      url: "/api/organizations",
      payload: { parentId: cell, kind: "group", name: "Tổ 2", code: "td-llcs-1", abbreviation: "TĐ" },
    });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().fields.code).toContain("đã được dùng");
  });

  it("names every invalid field in Vietnamese and stores nothing", async () => {
    const office = await s.signIn("vanphong");
    const before = await count("organizations");
    const res = await s.request(office, {
      method: "POST",
      url: "/api/organizations",
      payload: { parentId: "not-a-uuid", kind: "tổ", name: "", code: "a b", abbreviation: "x".repeat(50) },
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(Object.keys(body.fields).sort()).toEqual(["abbreviation", "code", "kind", "name", "parentId"]);
    expect(body.fields.name).toBe("Không được để trống");
    expect(body.detail).toContain("Tên tổ chức: Không được để trống");
    expect(await count("organizations")).toBe(before);
  });

  it("moves a group with its path and refuses moving a cell into its own group", async () => {
    const office = await s.signIn("vanphong");
    const llcs = await s.orgId("CB-LLCS");
    const xdd = await s.orgId("CB-XDD");
    const group = await s.orgId("TD-LLCS-1");
    const detail = (await s.request(office, { method: "GET", url: `/api/organizations/${group}` })).json();
    const moved = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${group}/move`,
      payload: { parentId: xdd, version: detail.version },
    });
    expect(moved.statusCode).toBe(200);
    const [row] = await s.database.rows<{ path: string }>(sql`SELECT path FROM organizations WHERE id = ${group}`);
    expect(row!.path).toContain(`/${xdd}/${group}/`);
    const stale = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${group}/move`,
      payload: { parentId: llcs, version: detail.version },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("stale_version");
    const cycle = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${xdd}/move`,
      payload: { parentId: group, version: 1 },
    });
    expect(cycle.statusCode).toBe(422);
    const wrongKind = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${group}/move`,
      payload: { parentId: await s.orgId("DB-TCT"), version: detail.version + 1 },
    });
    expect(wrongKind.json().fields.parentId).toBe(
      "Tổ chức cấp trên không hợp lệ: Tổ đảng không thể trực thuộc Đảng bộ.",
    );
  });

  it("refuses to close a cell that still has members, then closes an empty one, which takes nothing new", async () => {
    const office = await s.signIn("vanphong");
    const xdd = await s.orgId("CB-XDD");
    const v = (await s.request(office, { method: "GET", url: `/api/organizations/${xdd}` })).json().version;
    const res = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${xdd}/close`,
      payload: { closedOn: "2026-11-01", closedReason: "Sáp nhập", version: v },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/Còn \d+ đảng viên đang sinh hoạt/);
    const empty = (
      await s.request(office, {
        method: "POST",
        url: "/api/organizations",
        payload: { parentId: xdd, kind: "group", name: "Tổ sẽ giải thể", code: "TD-CLOSE", abbreviation: "TĐ" },
      })
    ).json();
    const closed = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${empty.id}/close`,
      payload: { closedOn: "2026-11-01", closedReason: "Sáp nhập", version: empty.version },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().closedOn).toBe("2026-11-01");
    const term = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${empty.id}/terms`,
      payload: { label: "2027–2029", startsOn: "2027-01-01", endsOn: "2029-01-01" },
    });
    expect(term.statusCode).toBe(409);
    expect(term.json().code).toBe("org_closed");
    const member = await s.request(office, {
      method: "POST",
      url: "/api/members",
      payload: { organizationId: empty.id, fullName: "Không Vào Được", status: "full" },
    });
    expect(member.statusCode).toBe(422);
    expect(member.json().fields.organizationId).toContain("giải thể");
  });
});

describe("committee and terms", () => {
  it("shows composition warnings with the rule's source", async () => {
    const office = await s.signIn("vanphong");
    const tchc = await s.orgId("CB-TCHC");
    // A chi ủy needs 9 full members; the cell has fewer. The count is the roster's, which the demo's transfers change
    // (Đinh Văn Khánh leaves with his giấy giới thiệu), so it is read rather than assumed.
    const roster = (await s.request(office, { method: "GET", url: `/api/organizations/${tchc}/members` })).json()
      .items as { status: string }[];
    const full = roster.filter((m) => m.status === "full").length;
    expect(full).toBeGreaterThan(0);
    expect(full).toBeLessThan(9);
    const member = await s.memberId("Vương Thị Diệu Linh");
    await s.request(office, {
      method: "POST",
      url: `/api/organizations/${tchc}/positions`,
      payload: { memberId: member, role: "committee_member", startsOn: "2025-03-20" },
    });
    const detail = (await s.request(office, { method: "GET", url: `/api/organizations/${tchc}` })).json();
    const warning = detail.warnings.find((w: { code: string }) => w.code === "committee_too_small_cell");
    expect(warning.params).toEqual({ count: full, min: 9 });
    expect(warning.source).toMatch(/Điều lệ Đảng/);
    expect(detail.rulebook.key).toBe("membership-294-2025");
  });

  it("lets the secretary add a term but refuses an overlapping one and a member of another cell as position holder", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const llcs = await s.orgId("CB-LLCS");
    const overlap = await s.request(secretary, {
      method: "POST",
      url: `/api/organizations/${llcs}/terms`,
      payload: { label: "2026–2028", startsOn: "2026-01-01", endsOn: "2028-01-01" },
    });
    expect(overlap.statusCode).toBe(422);
    expect(overlap.json().fields.startsOn).toContain("2025–2027");
    const ok = await s.request(secretary, {
      method: "POST",
      url: `/api/organizations/${llcs}/terms`,
      payload: { label: "2027–2030", startsOn: "2027-03-20", endsOn: "2030-03-20" },
    });
    expect(ok.statusCode).toBe(201);
    const outsider = await s.memberId("Lý Văn Phúc");
    const res = await s.request(secretary, {
      method: "POST",
      url: `/api/organizations/${llcs}/positions`,
      payload: { memberId: outsider, role: "committee_member", startsOn: "2026-01-01" },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().fields.memberId).toBe("Đảng viên này không thuộc tổ chức này.");
  });

  it("assigns a đảng ủy member to follow a cell, only within the đảng bộ and only for a cell", async () => {
    const office = await s.signIn("vanphong");
    const tchc = await s.orgId("CB-TCHC");
    const root = await s.orgId("DB-TCT");
    const ok = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${tchc}/oversights`,
      payload: { memberId: await s.memberId("Lâm Văn Thành"), startsOn: "2026-01-01" },
    });
    expect(ok.statusCode).toBe(201);
    const onRoot = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${root}/oversights`,
      payload: { memberId: await s.memberId("Lâm Văn Thành"), startsOn: "2026-01-01" },
    });
    expect(onRoot.statusCode).toBe(422);
    expect(onRoot.json().code).toBe("oversight_target");
    const unknown = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${tchc}/oversights`,
      payload: { memberId: crypto.randomUUID(), startsOn: "2026-01-01" },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().fields.memberId).toBeDefined();
  });

  it("lets a đảng ủy adopt a local rulebook that then applies to its cells", async () => {
    const office = await s.signIn("vanphong");
    const root = await s.orgId("DB-TCT");
    const llcs = await s.orgId("CB-LLCS");
    const data = {
      cell: {
        minFullMembers: 5,
        committeeFromFullMembers: 9,
        maxCommitteeMembers: 7,
        maxDeputySecretaries: 1,
        source: "Quy định riêng của Đảng ủy",
      },
      probation: { months: 12, considerWithinWorkingDays: 30, warnDaysBefore: [60], source: "x" },
      admission: { quorumNumerator: 2, quorumDenominator: 3, source: "x" },
    };
    const bad = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${root}/rulebooks`,
      payload: {
        kind: "membership",
        key: "dtct-2026",
        title: "Riêng",
        source: "QĐ 01",
        effectiveFrom: "2026-01-01",
        data: { cell: {} },
      },
    });
    expect(bad.statusCode).toBe(422);
    const ok = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${root}/rulebooks`,
      payload: {
        kind: "membership",
        key: "dtct-2026",
        title: "Riêng",
        source: "QĐ 01-QĐ/ĐU",
        effectiveFrom: "2026-01-01",
        data,
      },
    });
    expect(ok.statusCode).toBe(201);
    const now = (
      await s.request(office, { method: "GET", url: `/api/organizations/${llcs}/rulebooks/membership` })
    ).json();
    expect(now.key).toBe("dtct-2026");
    const past = (
      await s.request(office, { method: "GET", url: `/api/organizations/${llcs}/rulebooks/membership?on=2024-05-01` })
    ).json();
    expect(past.key).toBe("membership-24-2021");
    const secretary = await s.signIn("bithu.llcs");
    expect(
      (
        await s.request(secretary, {
          method: "POST",
          url: `/api/organizations/${root}/rulebooks`,
          payload: { kind: "membership", key: "x", title: "x", source: "x", effectiveFrom: "2026-01-01", data },
        })
      ).statusCode,
    ).toBe(404);
  });

  it("shows the history of an organisation to the office, with before and after", async () => {
    const office = await s.signIn("vanphong");
    const root = await s.orgId("DB-TCT");
    const res = await s.request(office, { method: "GET", url: `/api/organizations/${root}/audit?limit=100` });
    const actions = (res.json().items as { entityType: string; action: string }[]).map(
      (e) => `${e.entityType}.${e.action}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        "organization.create",
        "organization.move",
        "position.create",
        "term.create",
        "rulebook.adopt",
      ]),
    );
    const move = (
      res.json().items as { action: string; actorName: string; before: { path: string }; after: { path: string } }[]
    ).find((e) => e.action === "move")!;
    expect(move.actorName).toBe("Văn phòng Đảng ủy");
    expect(move.before.path).not.toBe(move.after.path);
    const member = await s.signIn("dangvien.llcs");
    expect(
      (await s.request(member, { method: "GET", url: `/api/organizations/${await s.orgId("CB-LLCS")}/audit` }))
        .statusCode,
    ).toBe(403);
  });
});

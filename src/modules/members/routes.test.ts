import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { auditEvents } from "../../core/audit/schema.js";
import { members as membersTable } from "./schema.js";
import ExcelJS from "exceljs";
import { createTestServer, type TestServer } from "../../../test/support/server.js";
import { writeRosterXlsx, type ParsedMember } from "./roster.js";

let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

const count = async (query: string) => (await s.database.rows<{ n: number }>(sql.raw(query)))[0]!.n;

function rosterMember(fullName: string, cardNumber: string | null, extra: Partial<ParsedMember> = {}): ParsedMember {
  return {
    fullName,
    cardNumber,
    status: "full",
    cellCode: "CB-NNPL",
    dateOfBirth: "1985-04-12",
    gender: "female",
    ethnicity: "Kinh",
    education: "Đại học",
    admissionDate: "2010-05-19",
    ceremonyDate: "2010-05-19",
    officialDate: "2011-05-19",
    phone: "0912345678",
    email: null,
    unit: "Khoa Nhà nước và Pháp luật",
    ...extra,
  };
}

describe("member list", () => {
  it("sorts names the Vietnamese way: given name, then middle, then family", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const res = await s.request(secretary, {
      method: "GET",
      url: `/api/organizations/${await s.orgId("CB-LLCS")}/members`,
    });
    const names = (res.json().items as { fullName: string }[]).map((m) => m.fullName);
    expect(names.slice(0, 4)).toEqual(["Bùi Văn An", "Nguyễn Văn An", "Lê Thị Ngọc Ánh", "Trần Quốc Bảo"]);
    expect(names[4]).toBe("Phạm Văn Đức");
    expect(names.at(-1)).toBe("Võ Minh Tuấn");
    expect(res.json().total).toBe(12);
  });

  it("finds members without diacritics or case", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const search = async (q: string) =>
      (
        (
          await s.request(secretary, {
            method: "GET",
            url: `/api/organizations/${await s.orgId("CB-LLCS")}/members?q=${encodeURIComponent(q)}`,
          })
        ).json().items as { fullName: string }[]
      ).map((m) => m.fullName);
    expect(await search("nguyen van an")).toEqual(["Nguyễn Văn An"]);
    expect(await search("NGUYỄN")).toEqual(["Nguyễn Văn An", "Nguyễn Thị Thu Hà"]);
    expect(await search("dang thi hong")).toEqual(["Đặng Thị Hồng Nhung"]);
    expect(await search("%")).toEqual([]);
  });

  it("shows ordinary members only member-facing fields, and probation to the secretary", async () => {
    const member = await s.signIn("dangvien.llcs");
    const secretary = await s.signIn("bithu.llcs");
    const url = `/api/organizations/${await s.orgId("CB-LLCS")}/members`;
    const plain = (await s.request(member, { method: "GET", url })).json();
    expect(plain.detail).toBe(false);
    expect(plain.items[0]).not.toHaveProperty("cardNumber");
    expect(plain.items[0]).not.toHaveProperty("dateOfBirth");
    const full = (await s.request(secretary, { method: "GET", url: `${url}?status=probationary` })).json();
    expect(full.items).toHaveLength(1);
    expect(full.items[0].probation.stage).toBe("due");
    expect(full.items[0].probation.daysLeft).toBeGreaterThan(0);
  });
});

describe("member records", () => {
  it("adds a member (audited), refuses bad input by field and a duplicate card number", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const cell = await s.orgId("CB-LLCS");
    const audits = await count("SELECT count(*)::int AS n FROM audit_events");
    const ok = await s.request(secretary, {
      method: "POST",
      url: "/api/members",
      payload: {
        organizationId: cell,
        fullName: "trần thị  bích",
        status: "full",
        cardNumber: "79009999",
        dateOfBirth: "1990-03-08",
        gender: "female",
      },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().fullName).toBe("Trần Thị Bích");
    expect(await count("SELECT count(*)::int AS n FROM audit_events")).toBe(audits + 1);

    const bad = await s.request(secretary, {
      method: "POST",
      url: "/api/members",
      payload: {
        organizationId: cell,
        fullName: "Lê Văn X",
        status: "chinh thuc",
        dateOfBirth: "31/02/1990",
        email: "khong-phai-email",
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().fields).sort()).toEqual(["dateOfBirth", "email", "status"]);
    expect(bad.json().fields.dateOfBirth).toBe("Ngày không hợp lệ (dd/mm/yyyy)");

    const dup = await s.request(secretary, {
      method: "POST",
      url: "/api/members",
      payload: { organizationId: cell, fullName: "Người Trùng Thẻ", status: "full", cardNumber: "79009999" },
    });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().fields.cardNumber).toBe("Số thẻ đảng viên 79009999 đã thuộc về đảng viên khác (Trần Thị Bích).");
    const order = await s.request(secretary, {
      method: "POST",
      url: "/api/members",
      payload: {
        organizationId: cell,
        fullName: "Sai Thứ Tự",
        status: "full",
        dateOfBirth: "2000-01-01",
        admissionDate: "1999-01-01",
      },
    });
    expect(order.json().fields.admissionDate).toBe("Ngày vào Đảng không được trước Ngày sinh.");
    expect(
      await count(
        "SELECT count(*)::int AS n FROM members WHERE full_name IN ('Người Trùng Thẻ', 'Sai Thứ Tự', 'Lê Văn X')",
      ),
    ).toBe(0);
  });

  it("edits with optimistic locking: the second of two edits gets 409", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const deputy = await s.signIn("phobithu.llcs");
    const id = await s.memberId("Hoàng Thị Mai");
    const m = (await s.request(secretary, { method: "GET", url: `/api/members/${id}` })).json();
    const body = (phone: string) => ({
      fullName: m.fullName,
      status: m.status,
      cardNumber: m.cardNumber,
      dateOfBirth: m.dateOfBirth,
      gender: m.gender,
      phone,
      version: m.version,
    });
    expect(
      (await s.request(secretary, { method: "PUT", url: `/api/members/${id}`, payload: body("0911111111") }))
        .statusCode,
    ).toBe(200);
    const second = await s.request(deputy, { method: "PUT", url: `/api/members/${id}`, payload: body("0922222222") });
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toContain("người khác sửa");
    expect((await s.request(secretary, { method: "GET", url: `/api/members/${id}` })).json().phone).toBe("0911111111");
  });

  it("transfers a member keeping history, and marks a member as left without deleting", async () => {
    const office = await s.signIn("vanphong");
    const id = await s.memberId("Ngô Thị Lan");
    const xdd = await s.orgId("CB-XDD");
    const v = (await s.request(office, { method: "GET", url: `/api/members/${id}` })).json().version;
    const moved = await s.request(office, {
      method: "POST",
      url: `/api/members/${id}/transfer`,
      payload: { toOrganizationId: xdd, transferredOn: "2026-11-01", note: "Điều động công tác", version: v },
    });
    expect(moved.statusCode).toBe(200);
    const detail = (await s.request(office, { method: "GET", url: `/api/members/${id}` })).json();
    expect(detail.organizationId).toBe(xdd);
    expect(detail.transfers.map((t: { toOrganizationId: string }) => t.toOrganizationId)).toEqual([
      await s.orgId("CB-LLCS"),
      xdd,
    ]);
    const history = (await s.request(office, { method: "GET", url: `/api/members/${id}/history` })).json();
    expect(history.events.map((e: { action: string }) => e.action)).toEqual(["transfer", "transfer"]);
    // The secretary of the old cell can no longer see the member.
    const oldSecretary = await s.signIn("bithu.llcs");
    expect((await s.request(oldSecretary, { method: "GET", url: `/api/members/${id}` })).statusCode).toBe(404);
    // A secretary cannot push a member of her cell onto another cell.
    const other = await s.memberId("Đỗ Văn Hải");
    const push = await s.request(oldSecretary, {
      method: "POST",
      url: `/api/members/${other}/transfer`,
      payload: { toOrganizationId: xdd, transferredOn: "2026-11-01", version: 1 },
    });
    expect(push.statusCode).toBe(404);

    const left = await s.request(office, {
      method: "POST",
      url: `/api/members/${id}/leave`,
      payload: { leftOn: "2026-11-15", leftReason: "Chuyển sinh hoạt ra ngoài Đảng bộ", version: detail.version },
    });
    expect(left.statusCode).toBe(200);
    expect(await count(`SELECT count(*)::int AS n FROM members WHERE id = '${id}' AND left_on IS NOT NULL`)).toBe(1);
    const list = (await s.request(office, { method: "GET", url: `/api/organizations/${xdd}/members` })).json()
      .items as { id: string }[];
    expect(list.some((m) => m.id === id)).toBe(false);
    const withLeft = (
      await s.request(office, { method: "GET", url: `/api/organizations/${xdd}/members?includeLeft=true` })
    ).json().items as { id: string }[];
    expect(withLeft.some((m) => m.id === id)).toBe(true);
    expect(
      (
        await s.request(office, {
          method: "PUT",
          url: `/api/members/${id}`,
          payload: { fullName: "X", status: "full", version: left.json().version },
        })
      ).statusCode,
    ).toBe(409);
  });

  it("lets a member read their own record but not a fellow member's", async () => {
    const member = await s.signIn("dangvien.llcs");
    expect(
      (await s.request(member, { method: "GET", url: `/api/members/${await s.memberId("Phạm Văn Đức")}` })).statusCode,
    ).toBe(200);
    expect(
      (await s.request(member, { method: "GET", url: `/api/members/${await s.memberId("Võ Minh Tuấn")}` })).statusCode,
    ).toBe(403);
  });

  it("creates a sign-in for a member that must change its password", async () => {
    const office = await s.signIn("vanphong");
    const id = await s.memberId("Võ Minh Tuấn");
    const res = await s.request(office, {
      method: "POST",
      url: `/api/members/${id}/account`,
      payload: { username: "tuan.vo", password: "mật khẩu ban đầu" },
    });
    expect(res.statusCode).toBe(201);
    const again = await s.request(office, {
      method: "POST",
      url: `/api/members/${id}/account`,
      payload: { username: "tuan.vo2", password: "mật khẩu ban đầu" },
    });
    expect(again.statusCode).toBe(409);
    const taken = await s.request(office, {
      method: "POST",
      url: `/api/members/${await s.memberId("Đỗ Văn Hải")}/account`,
      payload: { username: "TUAN.VO", password: "mật khẩu ban đầu" },
    });
    expect(taken.statusCode).toBe(422);
    expect(taken.json().fields.username).toBe("Tên đăng nhập đã có người dùng.");
    const login = await s.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: "tuan.vo", password: "mật khẩu ban đầu" },
    });
    expect(login.json().mustChangePassword).toBe(true);
  });
});

describe("roster import", () => {
  const upload = (
    who: Awaited<ReturnType<TestServer["signIn"]>>,
    orgId: string,
    step: "preview" | "import",
    bytes: Uint8Array,
    fileName = "danh-sach.xlsx",
  ) =>
    s.request(who, {
      method: "POST",
      url: `/api/organizations/${orgId}/roster/${step}?fileName=${fileName}`,
      payload: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes),
      headers: { "content-type": "application/octet-stream" },
    });

  it("previews row problems in Vietnamese, writes nothing until the file is clean, then imports idempotently", async () => {
    const office = await s.signIn("vanphong");
    const root = await s.orgId("DB-TCT");
    const good = [
      rosterMember("Nguyễn Thị Hồng Vân", "79100001"),
      rosterMember("Phan Văn Lợi", "79100002", { cellCode: "CB-TCHC", gender: "male" }),
    ];
    const withBadRow = await writeRosterXlsx([...good, rosterMember("Lê Văn Sai", "79100003", { dateOfBirth: null })]);
    // Break the third row's date of birth in the sheet itself, as a person would mistype it.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(withBadRow) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const dobColumn = (sheet.getRow(1).values as string[]).indexOf("Ngày sinh");
    sheet.getRow(4).getCell(dobColumn).value = "31/02/1985";
    const badBytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const members = await count("SELECT count(*)::int AS n FROM members");

    const preview = (await upload(office, root, "preview", badBytes)).json();
    expect(preview.ready).toBe(false);
    expect(preview.counts).toEqual({ create: 2, update: 0, unchanged: 0, error: 1 });
    expect(preview.problems[0].message.vi).toBe(
      'Dòng 4: "Ngày sinh" không hợp lệ: "31/02/1985" (định dạng dd/mm/yyyy)',
    );
    const refused = await upload(office, root, "import", badBytes);
    expect(refused.statusCode).toBe(422);
    expect(await count("SELECT count(*)::int AS n FROM members")).toBe(members);

    const clean = await writeRosterXlsx(good);
    const done = await upload(office, root, "import", clean);
    expect(done.statusCode).toBe(200);
    expect(done.json().counts).toMatchObject({ create: 2, error: 0 });
    expect(await count("SELECT count(*)::int AS n FROM members")).toBe(members + 2);
    // Written in bulk, each new member still has what a single creation leaves: its first transfer, its audit event, its sort key.
    const traces = await s.database.rows<{
      transfers: number;
      events: number;
      sort_key: string | null;
      org: string;
    }>(sql`
      SELECT (SELECT count(*)::int FROM member_transfers t WHERE t.member_id = m.id AND t.from_organization_id IS NULL AND t.to_organization_id = m.organization_id) AS transfers,
             (SELECT count(*)::int FROM audit_events e WHERE e.entity_id = m.id::text AND e.action = 'create' AND e.entity_type = 'member') AS events,
             m.sort_key, o.code AS org
      FROM members m JOIN organizations o ON o.id = m.organization_id WHERE m.card_number IN ('79100001', '79100002') ORDER BY m.card_number`);
    expect(traces).toEqual([
      { transfers: 1, events: 1, sort_key: expect.any(String), org: "CB-NNPL" },
      { transfers: 1, events: 1, sort_key: expect.any(String), org: "CB-TCHC" },
    ]);
    // The import builds its audit from the rows it wrote, not from reading them back (ADR 0180): what the audit says
    // was created is what the store holds, every column.
    const stored = await s.database.db
      .select()
      .from(membersTable)
      .where(inArray(membersTable.cardNumber, ["79100001", "79100002"]));
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      const [event] = await s.database.db
        .select({ after: auditEvents.after })
        .from(auditEvents)
        .where(
          and(eq(auditEvents.entityType, "member"), eq(auditEvents.entityId, row.id), eq(auditEvents.action, "create")),
        );
      expect(event!.after).toEqual(JSON.parse(JSON.stringify(row)));
    }
    const audits = await count("SELECT count(*)::int AS n FROM audit_events");
    const again = (await upload(office, root, "import", clean)).json();
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 2, error: 0 });
    expect(await count("SELECT count(*)::int AS n FROM members")).toBe(members + 2);
    expect(await count("SELECT count(*)::int AS n FROM audit_events")).toBe(audits);
  });

  it("refuses cells outside the importer's scope and cards held elsewhere", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const llcs = await s.orgId("CB-LLCS");
    const bytes = await writeRosterXlsx([
      rosterMember("Ai Đó", "79100009", { cellCode: "CB-XDD" }),
      rosterMember("Phan Văn Lợi", "79100002", { cellCode: null }),
    ]);
    const plan = (await upload(secretary, llcs, "preview", bytes)).json();
    expect(plan.problems.map((p: { code: string }) => p.code)).toEqual(["unknown_cell", "card_elsewhere"]);
    expect(plan.problems[0].message.vi).toBe('Dòng 2: mã chi bộ "CB-XDD" không có hoặc không thuộc phạm vi nhập.');
  });

  // ADR 0096: rows pass the API's own member schema, files are capped, and reading them does not hold up the server.
  const csv = (lines: string[]) => new TextEncoder().encode(lines.join("\r\n"));

  it("refuses a 1,006-character name in the preview, naming the row and the field, and the import stores nothing", async () => {
    const office = await s.signIn("vanphong");
    const cell = await s.orgId("CB-NNPL");
    const members = await count("SELECT count(*)::int AS n FROM members");
    const file = csv(["Họ và tên;Số thẻ đảng viên", "Đỗ Thị Ngắn;79100101", `Đỗ Văn ${"Dài".repeat(333)};79100102`]);
    const preview = await upload(office, cell, "preview", file, "dai.csv");
    expect(preview.statusCode).toBe(200);
    expect(preview.json().ready).toBe(false);
    expect(preview.json().problems.map((p: { rowNumber: number; field: string }) => [p.rowNumber, p.field])).toEqual([
      [3, "fullName"],
    ]);
    expect(preview.json().problems[0].message.vi).toBe('Dòng 3: "Họ và tên" không hợp lệ: tối đa 240 ký tự.');
    const refused = await upload(office, cell, "import", file, "dai.csv");
    expect([refused.statusCode, refused.json().code]).toEqual([422, "roster_has_errors"]);
    expect(await count("SELECT count(*)::int AS n FROM members")).toBe(members);
  });

  it("refuses a 1 MB name in the preview and the import with a message, never a 500", async () => {
    const office = await s.signIn("vanphong");
    const cell = await s.orgId("CB-NNPL");
    const members = await count("SELECT count(*)::int AS n FROM members");
    const file = csv(["Họ và tên;Số thẻ đảng viên", `${"Nguyễn".repeat(180_000)};79100103`]);
    expect(file.length).toBeGreaterThan(1_000_000);
    const preview = await upload(office, cell, "preview", file, "mb.csv");
    expect(preview.statusCode).toBe(200);
    expect(
      preview
        .json()
        .problems.map((p: { rowNumber: number; field: string; code: string }) => [p.rowNumber, p.field, p.code]),
    ).toEqual([[2, "fullName", "field_rule"]]);
    const refused = await upload(office, cell, "import", file, "mb.csv");
    expect(refused.statusCode).toBe(422);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    expect(await count("SELECT count(*)::int AS n FROM members")).toBe(members);
  });

  it("refuses a 500,000-row file with the cap message while /api/health keeps answering", async () => {
    const office = await s.signIn("vanphong");
    const root = await s.orgId("DB-TCT");
    const members = await count("SELECT count(*)::int AS n FROM members");
    const file = (() => {
      const lines = ["Họ và tên;Mã chi bộ;Ngày sinh"];
      for (let i = 0; i < 500_000; i++) lines.push(`Thử Văn ${i};CB-NNPL;1/1/1970`);
      return Buffer.from(csv(lines));
    })();
    expect(file.length).toBeLessThan(25 * 1024 * 1024);
    let running = true;
    const latencies: number[] = [];
    const poller = (async () => {
      while (running) {
        const started = performance.now();
        const health = await s.request(null, { method: "GET", url: "/api/health" });
        latencies.push(performance.now() - started);
        expect(health.statusCode).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const started = performance.now();
    const preview = await upload(office, root, "preview", file, "nua-trieu.csv");
    const refused = await upload(office, root, "import", file, "nua-trieu.csv");
    const elapsed = performance.now() - started;
    running = false;
    await poller;
    expect(preview.statusCode).toBe(200);
    expect(preview.json().ready).toBe(false);
    expect(preview.json().rows).toEqual([]);
    expect(preview.json().problems.map((p: { rowNumber: number; code: string }) => [p.rowNumber, p.code])).toEqual([
      [20_002, "too_many_rows"],
    ]);
    expect(preview.json().problems[0].message.vi).toContain("mỗi tệp tối đa 20.000 dòng");
    expect([refused.statusCode, refused.json().code]).toEqual([422, "roster_has_errors"]);
    expect(await count("SELECT count(*)::int AS n FROM members")).toBe(members);
    expect(latencies.length).toBeGreaterThan(5);
    // Blocked for minutes before the fix; the 100 ms target is measured by bench/roster-hostile.ts. The bound here is
    // loose on purpose: on a loaded two-core CI machine, in a long-lived test worker (ADR 0173), one run saw a pause
    // over 500 ms (a full garbage collection of the worker's heap is the likely cause). Minutes are far beyond it.
    expect(Math.max(...latencies), `health latencies over ${Math.round(elapsed)} ms`).toBeLessThan(2_000);
  }, 60_000);

  it("exports roster.xlsx for an organisation whose code has letters outside Latin-1", async () => {
    const office = await s.signIn("vanphong");
    const created = await s.request(office, {
      method: "POST",
      url: "/api/organizations",
      payload: {
        parentId: await s.orgId("DB-TCT"),
        kind: "cell",
        name: "Chi bộ Đặc biệt",
        code: "CB-ĐẶCBIỆT",
        abbreviation: "CB",
      },
    });
    expect(created.statusCode).toBe(201);
    const xlsx = await s.request(office, { method: "GET", url: `/api/organizations/${created.json().id}/roster.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-disposition"]).toBe(
      `attachment; filename="danh-sach-dang-vien-CB-DACBIET.xlsx"; filename*=UTF-8''danh-sach-dang-vien-CB-${encodeURIComponent("ĐẶCBIỆT")}.xlsx`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(1).values as string[]).filter(Boolean)[0]).toBe("Họ và tên");
  });

  it("reads a Windows-1258 CSV and exports XLSX with the same columns", async () => {
    const office = await s.signIn("vanphong");
    const iconv = (await import("iconv-lite")).default;
    // Windows-1258 keeps letters like ư, ơ, ê precomposed and writes the tone as a separate combining mark.
    const tones = new Set(["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]);
    const cp1258Shape = (text: string) =>
      [...text]
        .map((ch) => {
          const parts = [...ch.normalize("NFD")];
          return (
            parts
              .filter((p) => !tones.has(p))
              .join("")
              .normalize("NFC") + parts.filter((p) => tones.has(p)).join("")
          );
        })
        .join("");
    const csv = iconv.encode(
      cp1258Shape(
        "Họ và tên;Số thẻ đảng viên;Mã chi bộ;Ngày sinh\r\nĐoàn Thị Thùy Dương;79100020;CB-QLDT;05/09/1991\r\n",
      ),
      "windows-1258",
    );
    const plan = (await upload(office, await s.orgId("DB-TCT"), "preview", new Uint8Array(csv), "cu.csv")).json();
    expect(plan.encoding).toBe("windows-1258");
    expect(plan.rows[0].fullName).toBe("Đoàn Thị Thùy Dương");
    const xlsx = await s.request(office, {
      method: "GET",
      url: `/api/organizations/${await s.orgId("CB-QLDT")}/roster.xlsx`,
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const headers = (wb.worksheets[0]!.getRow(1).values as string[]).filter(Boolean);
    expect(headers).toContain("Họ và tên");
    expect(headers).toContain("Mã chi bộ");
    expect(wb.worksheets[0]!.rowCount).toBe(1 + 5);
  });
});

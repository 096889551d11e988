import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { grants } from "../../core/access/schema.js";
import { setClockForTests } from "../../core/time.js";
import { UPLOAD_LIMITS } from "../../core/uploads/index.js";
import { buildCandidate, buildMember, buildOrganization, buildUser } from "../../../test/support/factories.js";
import { minimalPdf, zipBomb } from "../../../test/support/files.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { CandidateRow } from "./store.js";

// The dossier's files: uploaded, replaced (the old kept), downloaded, and refused whole when they are wrong.

let s: TestServer;
let secretary: Session;
let office: Session;
let ordinary: Session;
let otherSecretary: Session;
let candidate: CandidateRow;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const DOCX = Buffer.from(
  zipSync({
    "[Content_Types].xml": strToU8("<Types/>"),
    "word/document.xml": strToU8("<w:document><w:body><w:p><w:r><w:t>Đơn</w:t></w:r></w:p></w:body></w:document>"),
  }),
);

beforeAll(async () => {
  s = await createTestServer();
  setClockForTests("2026-03-02");
  const { partyCommittee, cells } = await buildOrganization(s, { cells: 2 });
  const [cell, otherCell] = cells as [(typeof cells)[0], (typeof cells)[0]];
  const joinedOn = "2020-01-01";
  const sec = await buildMember(s, { organization: cell, position: "secretary", joinedOn });
  const helper = await buildMember(s, { organization: cell, joinedOn });
  const member = await buildMember(s, { organization: cell, joinedOn });
  const otherSec = await buildMember(s, { organization: otherCell, position: "secretary", joinedOn });
  secretary = (await buildUser(s, { member: sec })).session;
  ordinary = (await buildUser(s, { member })).session;
  otherSecretary = (await buildUser(s, { member: otherSec })).session;
  const officeUser = await buildUser(s);
  await s.database.db
    .insert(grants)
    .values({ userId: officeUser.user.id, organizationId: partyCommittee.id, role: "office" });
  office = officeUser.session;
  candidate = await buildCandidate(s, { organization: cell, helpers: [helper] });
});
afterAll(async () => {
  setClockForTests();
  await s.close();
});

const get = (who: Session | null, url: string) => s.request(who, { method: "GET", url });
const detail = async (who: Session = secretary) => (await get(who, `/api/candidates/${candidate.id}`)).json();

async function upload(who: Session | null, form: string, fileName: string, bytes: Buffer, version?: number) {
  const v = version ?? (await detail()).version;
  return s.request(who, {
    method: "POST",
    url: `/api/candidates/${candidate.id}/form-files?form=${encodeURIComponent(form)}&fileName=${encodeURIComponent(fileName)}&version=${v}`,
    payload: bytes,
    headers: { "content-type": "application/octet-stream" },
  });
}

const fileCount = async () =>
  (
    await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM admission_form_files WHERE candidate_id = ${candidate.id}`,
    )
  )[0]!.n;

type FormItem = {
  form: string;
  receivedOn: string | null;
  file: { id: string; fileName: string; kind: string; size: number } | null;
  earlierFiles: { id: string; fileName: string }[];
};
const formOf = (body: { forms: FormItem[] }, form: string) => body.forms.find((f) => f.form === form)!;

describe("a dossier form's file", () => {
  it("is uploaded by the cell's committee, marks the form received, and downloads as sent", async () => {
    const pdf = minimalPdf("don xin vao Dang");
    const res = await upload(secretary, "1-KNĐ", "C:\\Scans\\Đơn xin vào Đảng.pdf", pdf);
    expect(res.statusCode).toBe(200);
    const item = formOf(res.json(), "1-KNĐ");
    expect(item.receivedOn).toBe("2026-03-02");
    expect(item.file).toMatchObject({ fileName: "Đơn xin vào Đảng.pdf", kind: "pdf", size: pdf.length });
    expect(item.earlierFiles).toEqual([]);

    const file = await get(secretary, `/api/admission-form-files/${item.file!.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("application/pdf");
    expect(file.headers["content-disposition"]).toContain("filename*=UTF-8''%C4%90%C6%A1n");
    expect(file.rawPayload.equals(pdf)).toBe(true);
  });

  it("is replaced: the new one is current, the old one kept, downloadable and named in the history", async () => {
    const before = formOf(await detail(), "1-KNĐ").file!;
    // A PNG sent under a .pdf name is what its bytes say, and is named so.
    const res = await upload(office, "1-KNĐ", "scan.pdf", PNG);
    expect(res.statusCode).toBe(200);
    const item = formOf(res.json(), "1-KNĐ");
    expect(item.file).toMatchObject({ fileName: "scan.png", kind: "png", size: PNG.length });
    expect(item.earlierFiles.map((f) => f.id)).toEqual([before.id]);
    expect(item.receivedOn).toBe("2026-03-02");
    const old = await get(office, `/api/admission-form-files/${before.id}`);
    expect(old.headers["content-type"]).toBe("application/pdf");
    const png = await get(office, `/api/admission-form-files/${item.file!.id}`);
    expect(png.headers["content-type"]).toBe("image/png");
    expect(png.headers["x-content-type-options"]).toBe("nosniff");

    const { history } = await detail();
    const events = history.filter((h: { action: string }) => h.action === "form_file");
    // Newest first.
    expect(events[0]).toMatchObject({
      before: { form: "1-KNĐ", fileId: before.id, fileName: "Đơn xin vào Đảng.pdf" },
      after: { form: "1-KNĐ", fileId: item.file!.id, fileName: "scan.png", kind: "png" },
    });
  });

  it("takes a JPEG scan and a DOCX, each known by its bytes", async () => {
    expect(formOf((await upload(secretary, "2-KNĐ", "ly lich", JPEG)).json(), "2-KNĐ").file).toMatchObject({
      fileName: "ly lich.jpg",
      kind: "jpeg",
    });
    expect(formOf((await upload(secretary, "3-KNĐ", "gioi-thieu.docx", DOCX)).json(), "3-KNĐ").file).toMatchObject({
      fileName: "gioi-thieu.docx",
      kind: "docx",
    });
  });

  it("is refused for a generated form (6-KNĐ stays the register's)", async () => {
    const n = await fileCount();
    const res = await upload(secretary, "6-KNĐ", "nghi-quyet.pdf", minimalPdf());
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().fields)).toEqual(["form"]);
    expect(await fileCount()).toBe(n);
  });

  it("is refused on a stale version, nothing stored", async () => {
    const n = await fileCount();
    const { version } = await detail();
    const res = await upload(secretary, "4-KNĐ", "a.pdf", minimalPdf(), version - 1);
    expect(res.statusCode).toBe(409);
    expect(await fileCount()).toBe(n);
  });
});

describe("bad files are refused with the field named, and nothing is stored", () => {
  const cases: [string, () => Buffer, number, RegExp][] = [
    ["an empty file", () => Buffer.alloc(0), 422, /Tệp trống/],
    [
      "a program renamed .pdf",
      () => Buffer.concat([Buffer.from("MZ\x90\x00", "latin1"), Buffer.alloc(4096)]),
      422,
      /Tệp không đúng loại: chỉ nhận tệp PDF, ảnh JPEG hoặc PNG, hoặc tệp Word/,
    ],
    ["a ZIP bomb named .docx", () => zipBomb("docx", { mb: 51 }), 422, /quá nhiều dữ liệu khi giải nén/],
    [
      "a file over the size limit",
      () => Buffer.concat([minimalPdf(), Buffer.alloc(UPLOAD_LIMITS.maxFileBytes)]),
      413,
      /Tệp quá lớn/,
    ],
  ];
  for (const [what, bytes, status, message] of cases) {
    it(what, async () => {
      const n = await fileCount();
      const before = await detail();
      const res = await upload(secretary, "5-KNĐ", "ho-so.pdf", bytes());
      expect(res.statusCode).toBe(status);
      expect(res.json().fields?.file ?? res.json().detail).toMatch(message);
      expect(await fileCount()).toBe(n);
      const after = await detail();
      expect(after.version).toBe(before.version);
      expect(formOf(after, "5-KNĐ").receivedOn).toBeNull();
    });
  }
});

describe("the dossier is the cell committee's and the office's (Decree 13/2023)", () => {
  it("an ordinary member, another cell's secretary and someone signed out can neither upload nor download", async () => {
    const id = formOf(await detail(), "1-KNĐ").file!.id;
    const n = await fileCount();
    expect((await upload(ordinary, "4-KNĐ", "a.pdf", minimalPdf())).statusCode).toBe(403);
    expect((await upload(otherSecretary, "4-KNĐ", "a.pdf", minimalPdf())).statusCode).toBe(404);
    expect((await upload(null, "4-KNĐ", "a.pdf", minimalPdf())).statusCode).toBe(401);
    expect(await fileCount()).toBe(n);
    expect((await get(ordinary, `/api/admission-form-files/${id}`)).statusCode).toBe(403);
    expect((await get(otherSecretary, `/api/admission-form-files/${id}`)).statusCode).toBe(404);
    expect((await get(null, `/api/admission-form-files/${id}`)).statusCode).toBe(401);
    expect((await get(otherSecretary, `/api/candidates/${candidate.id}`)).statusCode).toBe(404);
  });
});

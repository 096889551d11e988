import { settleIssuedFiles } from "./issued-files.js";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";

let s: TestServer;
let secretary: Session;
let cell: string;

beforeAll(async () => {
  s = await createTestServer();
  secretary = await s.signIn("bithu.llcs");
  cell = await s.orgId("CB-LLCS");
});
afterAll(() => s.close());

/** Kept by the register for itself: the files, the search text, the numbering, who wrote it, the deletion mark. */
const INTERNAL = [
  "docx",
  "pdf",
  "upload",
  "searchText",
  "minutes",
  "placeholders",
  "termId",
  "sequenceScope",
  "sequenceType",
  "layoutKey",
  "issuedBy",
  "createdBy",
  "deletedAt",
];

const expectNoInternal = (json: Record<string, unknown>, where: string) => {
  for (const key of INTERNAL) expect(json, `${where}: ${key}`).not.toHaveProperty(key);
};

describe("the document routes answer only what present.ts declares", () => {
  it("every route of documents, congresses and reviews declares its answer: a schema, or a file", () => {
    const ours = s.app.routeTable.filter(
      (r) =>
        /^\/api\/(documents|congresses|reviews|checklist-items)\//.test(r.url) ||
        /^\/api\/organizations\/:id\/(documents|congresses|reviews|checklists)/.test(r.url),
    );
    expect(ours.length).toBeGreaterThanOrEqual(20);
    expect(ours.filter((r) => r.response === "undeclared").map((r) => `${r.method} ${r.url}`)).toEqual([]);
    expect(ours.filter((r) => r.response === "file").map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /api/documents/:id/file/:format",
    ]);
  });

  it("no internal field leaves the server, from any route answering a document", async () => {
    const req = (method: "GET" | "POST" | "PUT", url: string, payload?: Record<string, unknown>) =>
      s.request(secretary, { method, url, payload });
    const created = await req("POST", `/api/organizations/${cell}/documents`, {
      type: "TB",
      summary: "kết quả kiểm tra",
      sections: [{ key: "content", heading: "I. NỘI DUNG", text: "Hoàn thành kiểm tra quý IV." }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const doc = created.json();
    expectNoInternal(doc, "create");
    expect(doc.hasMinutes).toBe(false);

    const edited = await req("PUT", `/api/documents/${doc.id}`, {
      summary: "kết quả kiểm tra quý IV",
      sections: doc.sections,
      recipients: [],
      version: doc.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expectNoInternal(edited.json(), "update");

    const issued = await req("POST", `/api/documents/${doc.id}/issue`, {
      issuedOn: "2026-11-20",
      version: edited.json().version,
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expectNoInternal(issued.json(), "issue");
    expect(issued.json().numberText).toMatch(/-TB\/CB$/u);

    const detail = await req("GET", `/api/documents/${doc.id}`);
    expect(detail.statusCode).toBe(200);
    expectNoInternal(detail.json(), "detail");
    // The composed model goes without its layout rulebook: the page reads the rulebook's key and source.
    expect(detail.json().model).not.toHaveProperty("layout");
    expect(detail.json().layout).toEqual({ key: expect.any(String), source: expect.any(String) });

    const list = await req("GET", `/api/organizations/${cell}/documents?limit=200`);
    const item = list.json().items.find((d: { id: string }) => d.id === doc.id);
    expectNoInternal(item, "list");
    expect(item).not.toHaveProperty("sections");
    // The demo's November minutes (BB) say they hold minutes, and only that.
    const minutes = list.json().items.find((d: { hasMinutes: boolean }) => d.hasMinutes);
    expect(minutes?.type).toBe("BB");
    expectNoInternal(minutes, "list of minutes");

    // The row does hold what was withheld: the answers leave it out, they do not lack it (the files are stored once
    // the issue has committed, ADR 0177).
    await settleIssuedFiles();
    const [row] = await s.database.rows<Record<string, string | null>>(
      sql`SELECT search_text, sequence_scope, layout_key, issued_by::text, created_by::text,
                 term_id::text, docx IS NOT NULL AS has_docx
            FROM documents WHERE id = ${doc.id}`,
    );
    expect(row).toMatchObject({ has_docx: true });
    for (const column of ["search_text", "sequence_scope", "layout_key", "issued_by", "created_by", "term_id"])
      expect(row![column], column).toBeTruthy();
  });

  it("a comment is answered without its author's account id", async () => {
    const created = await s.request(secretary, {
      method: "POST",
      url: `/api/organizations/${cell}/documents`,
      payload: { type: "NQ", summary: "chuyên đề", sections: [{ key: "tasks", heading: "II", text: "Việc." }] },
    });
    const doc = created.json();
    await s.request(secretary, {
      method: "POST",
      url: `/api/documents/${doc.id}/status`,
      payload: { to: "consultation", version: doc.version },
    });
    const comment = await s.request(secretary, {
      method: "POST",
      url: `/api/documents/${doc.id}/comments`,
      payload: { sectionKey: "tasks", text: "Ghi rõ thời hạn." },
    });
    expect(comment.statusCode, comment.body).toBe(201);
    expect(comment.json()).not.toHaveProperty("authorUserId");
    expect(comment.json().authorName).toBeTruthy();
    const detail = (await s.request(secretary, { method: "GET", url: `/api/documents/${doc.id}` })).json();
    expect(detail.comments[0]).not.toHaveProperty("authorUserId");
    const [stored] = await s.database.rows<{ author_user_id: string | null }>(
      sql`SELECT author_user_id::text FROM document_comments WHERE id = ${comment.json().id}`,
    );
    expect(stored!.author_user_id).toBeTruthy();
  });
});

import { settleIssuedFiles } from "../src/modules/documents/issued-files.js";
import { createHash } from "node:crypto";
import { todayIso } from "../src/core/time.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type Session, type TestServer } from "./support/server.js";
import {
  enumVariants,
  rowsText,
  sampleBody,
  sampleValue,
  writeRoutes,
  type JsonSchema,
  type Pick,
} from "./support/routes.js";
import { MATRIX_DOC_BODY } from "./support/document-models.js";

/**
 * Approved minutes, cast votes, issued documents and audit events cannot be changed through any route.
 * Every write route the server registers is called with those records' ids in its path and body — a full body, the
 * smallest body it accepts (required fields only, empty lists), every value of every choice field, with the current
 * version — as the office and as the meeting's chair. The approved minutes are the meeting row and every row that
 * hangs off it by foreign key, found in the catalogue. The rows (files included) are byte-identical afterwards; what
 * was allowed (an amendment) is in the audit log with who did it.
 */
let s: TestServer;
let office: Session;
let chair: Session;
const ids: Record<string, string> = {};

async function ok(as: Session, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) {
  const res = await s.request(as, { method, url, payload: payload as object });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const meetingVersion = async (id: string) => (await ok(office, "GET", `/api/meetings/${id}`)).version as number;

beforeAll(async () => {
  s = await createTestServer();
  office = await s.signIn("vanphong");
  chair = await s.signIn("bithu.llcs");
  const cell = await s.orgId("CB-LLCS");
  const taker = await s.memberId("Phạm Văn Đức");
  // A meeting held and approved: attendance, a contribution, a task, a vote, a score, then both signatures.
  const m = await ok(chair, "POST", `/api/organizations/${cell}/meetings`, {
    kind: "monthly",
    date: todayIso(),
    startTime: "14:00",
    place: "Phòng họp",
  });
  await ok(chair, "POST", `/api/meetings/${m.id}/transition`, { to: "open", version: m.version });
  await ok(chair, "PUT", `/api/meetings/${m.id}`, {
    version: await meetingVersion(m.id),
    minuteTakerMemberId: taker,
    content: "Nội dung",
    conclusion: "Kết luận",
  });
  await ok(chair, "POST", `/api/meetings/${m.id}/steps/live/purpose_guests`, {});
  const roster = (await ok(chair, "GET", `/api/meetings/${m.id}`)).roster as { id: string }[];
  for (const r of roster)
    await ok(chair, "PUT", `/api/meetings/${m.id}/attendance/${r.id}`, { status: "present", reason: null });
  ids.contribution = (
    await ok(chair, "POST", `/api/meetings/${m.id}/contributions`, { memberId: taker, text: "Ý kiến" })
  ).id;
  await ok(chair, "POST", `/api/meetings/${m.id}/tasks`, {
    what: "Việc",
    responsibleMemberId: taker,
    deadline: "2099-12-31",
  });
  ids.vote = (
    await ok(chair, "POST", `/api/meetings/${m.id}/votes`, {
      subject: "Nghị quyết tháng",
      rule: "ordinary",
      mode: "counted",
      inFavour: roster.length,
      against: 0,
      other: 0,
    })
  ).id;
  await ok(chair, "POST", `/api/meetings/${m.id}/transition`, { to: "closed", version: await meetingVersion(m.id) });
  await ok(chair, "PUT", `/api/meetings/${m.id}/score`, {
    judgements: [{ criterionId: "criticism", points: 8, note: "Tốt" }],
  });
  await ok(chair, "POST", `/api/meetings/${m.id}/approve`, { version: await meetingVersion(m.id) });
  await ok(await s.signIn("dangvien.llcs"), "POST", `/api/meetings/${m.id}/approve`, {
    version: await meetingVersion(m.id),
  });
  expect((await ok(office, "GET", `/api/meetings/${m.id}`)).status).toBe("approved");
  ids.approved = m.id;
  ids.member = taker;
  // A vote cast in a meeting that is still open.
  const open = await ok(chair, "POST", `/api/organizations/${cell}/meetings`, {
    kind: "monthly",
    date: todayIso(),
    startTime: "14:00",
    place: "Phòng họp",
  });
  await ok(chair, "POST", `/api/meetings/${open.id}/transition`, { to: "open", version: open.version });
  ids.open = open.id;
  await ok(chair, "PUT", `/api/meetings/${open.id}/attendance/${taker}`, { status: "present", reason: null });
  ids.openVote = (
    await ok(chair, "POST", `/api/meetings/${open.id}/votes`, {
      subject: "Biểu quyết chương trình",
      rule: "ordinary",
      mode: "named",
      ballots: [{ memberId: taker, choice: "for" }],
    })
  ).id;
  // An issued document, with its DOCX and PDF.
  const d = await ok(office, "POST", `/api/organizations/${cell}/documents`, {
    type: "NQ",
    summary: "nghị quyết đã ban hành",
    sections: MATRIX_DOC_BODY,
  });
  const adopted = await ok(office, "POST", `/api/documents/${d.id}/status`, { to: "adopted", version: d.version });
  await ok(office, "POST", `/api/documents/${d.id}/issue`, { issuedOn: "2026-11-20", version: adopted.version });
  // Its files are stored once the issue has committed (ADR 0177): the record protected is the one with them.
  await settleIssuedFiles();
  ids.document = d.id;
  const [event] = await s.database.rows<{ id: string }>(
    sql`SELECT id::text AS id FROM audit_events ORDER BY id DESC LIMIT 1`,
  );
  ids.auditEvent = event!.id;
}, 180_000);
afterAll(() => s.close());

/**
 * The approved meeting's record, found from the schema catalogue rather than a hand list: the meeting row and every
 * row of every table that hangs off it through foreign keys, at any depth (its score, attendance, steps, ...). A table
 * added later is protected without anyone remembering to add it here.
 */
async function approvedRecordTables(): Promise<{ table: string; where: string }[]> {
  const fks = await s.database.rows<{ child: string; col: string; parent: string; parentCol: string }>(sql`
    SELECT c.conrelid::regclass::text AS child, a.attname AS col,
           c.confrelid::regclass::text AS parent, pa.attname AS "parentCol"
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1`);
  const out = [{ table: "meetings", where: `id = '${ids.approved}'` }];
  for (let i = 0; i < out.length; i++) {
    const parent = out[i]!;
    for (const fk of fks.filter((f) => f.parent.replace(/"/g, "") === parent.table && f.child !== parent.table)) {
      const table = fk.child.replace(/"/g, "");
      if (out.some((o) => o.table === table)) continue;
      const where = `"${fk.col}" IN (SELECT "${fk.parentCol}" FROM "${parent.table}" WHERE ${parent.where})`;
      out.push({ table, where });
    }
  }
  return out;
}

/**
 * Tables that hang off a meeting but are not the minutes: derived figures recomputed from the record, and the
 * amendments, which only ever grow (checked below: every earlier one stays as it was).
 */
const DERIVED = new Set(["meeting_summaries"]);
const APPEND_ONLY = new Set(["meeting_amendments"]);

/** The exact bytes of everything that must not change. */
async function snapshot() {
  const out: Record<string, string[]> = {};
  for (const { table, where } of await approvedRecordTables()) {
    if (DERIVED.has(table)) continue;
    // Issuing the approved minutes as a BB document links it (minutes_document_id, updated_at); the minutes
    // themselves stay as approved.
    const meeting = `SELECT (to_jsonb(t) - 'minutes_document_id' - 'updated_at')::text AS r FROM meetings t WHERE ${where}`;
    out[table] =
      table === "meetings"
        ? (await s.database.rows<{ r: string }>(sql.raw(meeting))).map((r) => r.r)
        : await rowsText(s, table, where);
  }
  out.votes = await rowsText(s, "meeting_votes", `meeting_id IN ('${ids.approved}', '${ids.open}')`);
  out.document = await rowsText(s, "documents", `id = '${ids.document}'`);
  out.audit = await rowsText(s, "audit_events", `id <= ${ids.auditEvent}`);
  for (const format of ["docx", "pdf"]) {
    const res = await s.request(office, { method: "GET", url: `/api/documents/${ids.document}/file/${format}` });
    out[`file.${format}`] = [`${res.statusCode} ${createHash("sha256").update(res.rawPayload).digest("hex")}`];
  }
  return out;
}

/**
 * The smallest body a route accepts: required fields only, empty lists. A list of judgements, ballots or rows that
 * is empty passes every per-item check, so this is the body most likely to get through to a write.
 */
function minimalValue(schema: JsonSchema, field: string, pick: Pick): unknown {
  const chosen = pick(field, schema);
  if (chosen !== undefined) return chosen;
  if (schema.anyOf) return minimalValue(schema.anyOf.find((x) => x.type !== "null") ?? schema.anyOf[0]!, field, pick);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "array" && !schema.minItems) return [];
  if (type === "object" && schema.properties) {
    const out: Record<string, unknown> = {};
    for (const k of schema.required ?? []) {
      const value = minimalValue(schema.properties[k]!, field ? `${field}.${k}` : k, pick);
      if (value !== undefined) out[k] = value;
    }
    return out;
  }
  return sampleValue(schema, field, pick);
}

// Routes that end or change the session the sweep runs under.
const SKIP = new Set([
  "POST /api/auth/login",
  "POST /api/auth/logout",
  "POST /api/auth/logout-everywhere",
  "POST /api/auth/password",
]);

describe("immutable records", () => {
  it("no write route changes approved minutes, cast votes, an issued document or the audit log", {
    timeout: 600_000,
  }, async () => {
    const before = await snapshot();
    expect(before.meetings).toHaveLength(1);
    expect(before.votes).toHaveLength(2);
    // The catalogue found the record's parts, the score among them.
    for (const t of ["meeting_scores", "meeting_attendance", "meeting_steps", "meeting_contributions", "meeting_tasks"])
      expect(before[t]?.length, t).toBeGreaterThan(0);
    expect(before.document![0]).toContain("issued");
    expect(before.audit!.length).toBeGreaterThan(10);
    const targets = [
      ids.approved,
      ids.open,
      ids.vote,
      ids.openVote,
      ids.document,
      ids.contribution,
      ids.auditEvent,
    ] as string[];
    const routes = writeRoutes(s).filter((r) => !SKIP.has(r.key));
    let requests = 0;
    const accepted: string[] = [];
    let versions: { document: number; meeting: number } | undefined;
    for (const session of [office, chair]) {
      for (const route of routes) {
        for (const target of route.params.length ? targets : [ids.approved!]) {
          const url = route.url.replace(/:(\w+)/g, (_, name: string) =>
            name === "memberId"
              ? ids.member!
              : name === "itemId" || name === "commentId"
                ? ids.contribution!
                : name === "phase"
                  ? "live"
                  : name === "stepId"
                    ? "vote"
                    : target,
          );
          // Versions move only when a write is accepted, so they are read again only then (a read before every
          // request was more than half of this sweep's time).
          versions ??= {
            document: (await ok(office, "GET", `/api/documents/${ids.document}`)).version,
            meeting: await meetingVersion(ids.approved!),
          };
          const version = target === ids.document ? versions.document : versions.meeting;
          // Every id in the body points at the protected records; versions are the current ones.
          const pick = (field: string, schema: JsonSchema) =>
            field.endsWith("version")
              ? version
              : schema.format === "uuid"
                ? /member/i.test(field)
                  ? ids.member
                  : target
                : undefined;
          const base = route.raw ? Buffer.from("not a spreadsheet") : sampleBody(route, pick);
          const variants: unknown[] = [base];
          if (route.body) variants.push(minimalValue(route.body, "", pick));
          for (const { field, values } of enumVariants(route))
            for (const v of values) variants.push({ ...(base as object), [field]: v });
          for (const payload of variants) {
            const res = await s.request(session, {
              method: route.method as "POST",
              url,
              payload: payload === undefined ? undefined : Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
              headers: { "content-type": Buffer.isBuffer(payload) ? "application/octet-stream" : "application/json" },
            });
            requests++;
            if (res.statusCode < 400) {
              accepted.push(`${session.username} ${route.method} ${url}`);
              versions = undefined;
            }
          }
        }
      }
    }
    const after = await snapshot();
    for (const key of Object.keys(before)) {
      if (APPEND_ONLY.has(key)) expect(after[key], key).toEqual(expect.arrayContaining(before[key]!));
      else expect(after[key], key).toEqual(before[key]);
    }
    expect(requests).toBeGreaterThan(500);
    console.log(
      `immutability: ${routes.length} write routes, ${requests} requests, ${accepted.length} accepted (none touching the protected rows)`,
    );

    // What was allowed left a trace: every amendment to the approved minutes is in the audit log with its author.
    const amendments = await s.database.rows<{ id: string; by: string }>(
      sql`SELECT id::text AS id, by_user_id::text AS by FROM meeting_amendments WHERE meeting_id = ${ids.approved}`,
    );
    expect(amendments.length).toBeGreaterThan(0);
    const events = await s.database.rows<{ actor: string; action: string }>(
      sql`SELECT actor_user_id::text AS actor, action FROM audit_events WHERE entity_id = ${ids.approved} AND id > ${Number(ids.auditEvent)}`,
    );
    for (const a of amendments)
      expect(
        events.some((e) => e.actor === a.by && /amend/.test(e.action)),
        `amendment ${a.id}`,
      ).toBe(true);
    expect(accepted.some((a) => a.includes("/amendments"))).toBe(true);
  });
});

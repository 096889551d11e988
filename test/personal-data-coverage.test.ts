import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { is, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../src/core/db/schema.js";
import { personalDataCoverage } from "../src/core/personal-data.js";
import "../src/server.js";
import { createTestServer, type TestServer } from "./support/server.js";

/**
 * Every column that names a member or an account: a foreign key to members.id or users.id, or a uuid/JSON column
 * named like one (`…member_id`, `…user_id`, `…_by`, `helper_ids`), which catches references without a key.
 */
function personColumns(): string[] {
  const out: string[] = [];
  for (const table of Object.values(schema)) {
    if (!is(table, PgTable)) continue;
    const config = getTableConfig(table);
    const keyed = new Set<string>();
    for (const fk of config.foreignKeys) {
      const ref = fk.reference();
      if (["members", "users"].includes(getTableConfig(ref.foreignTable).name))
        for (const c of ref.columns) keyed.add(c.name);
    }
    for (const c of config.columns) {
      const named = ["uuid", "jsonb"].includes(c.getSQLType()) && /((member|user|helper)_ids?|_by)$/.test(c.name);
      if (keyed.has(c.name) || named) out.push(`${config.name}.${c.name}`);
    }
  }
  return out.sort();
}

// Columns naming a person that the export leaves out, each for a reason. An act done in an office (chairing,
// approving, issuing, scoring) belongs to the organisation's record of that act, which is kept as it is;
// the person's own data is what is about them.
const NOT_EXPORTED: Record<string, string> = {
  "audit_events.actor_user_id": "who changed an official record: the organisation's audit trail",
  "documents.created_by": "who drafted an official document, as its author in office",
  "dues_payments.recorded_by": "who entered a payment in the cell's dues ledger, in office",
  "evaluation_comments.created_by": "who recorded a comment made at the review meeting, in office",
  "evaluation_decisions.decided_by": "who entered the đảng ủy's decision, in office",
  "evaluation_proposals.proposed_by": "who entered the cell's proposal, in office",
  "evaluation_review_meetings.created_by": "who created the cell's review meeting, in office",
  "documents.issued_by": "who issued an official document, as its signer in office",
  "grants.created_by": "the administrator who gave a grant (the grant itself is exported to its holder)",
  "local_rulebooks.created_by": "who entered a local rulebook, in office",
  "meeting_amendments.by_user_id": "who amended approved minutes, in office",
  "member_status_periods.created_by": "who recorded a change of a member's status, in office",
  "meeting_scores.scored_by_user_id": "who scored a meeting, in office",
  "meeting_steps.done_by_user_id": "who ticked a preparation step, in office",
  "meetings.chair_approved_by": "the chair's approval of the minutes, in office",
  "meetings.chair_member_id": "who chaired a meeting, in office",
  "meetings.minute_taker_member_id": "who took the minutes, in office",
  "meetings.preparer_member_id": "who prepared a meeting, in office",
  "meetings.taker_approved_by": "the minute taker's approval of the minutes, in office",
  "party_transfers.cancelled_by": "who withdrew a transfer recorded by mistake, in office",
  "plan_adjustments.actor_user_id": "who adjusted a plan, in office",
  "sessions.user_id": "sign-in sessions: a secret's hash that expires within days",
  "temporary_stays.cancelled_by": "who cancelled a temporary stay, in office",
  "task_updates.actor_user_id": "who entered a progress report (the report is exported to the member it is about)",
};

describe("the personal-data export covers the schema (Decree 13/2023)", () => {
  const { sections, columns } = personalDataCoverage();

  it("reads back every column that names a member or an account, unless it is listed with a reason", () => {
    const missing = personColumns().filter((c) => !columns.has(c) && !NOT_EXPORTED[c]);
    expect(missing).toEqual([]);
  });

  it("names only real columns, each read by a registered section", () => {
    const all = new Set(personColumns());
    expect([...columns.keys(), ...Object.keys(NOT_EXPORTED)].filter((c) => !all.has(c))).toEqual([]);
    expect([...new Set(columns.values())].filter((s) => !sections.includes(s))).toEqual([]);
  });

  it("finds the columns of every kind the schema has (keys, names without keys, JSON lists)", () => {
    expect(personColumns()).toEqual(
      expect.arrayContaining(["personal_plans.member_id", "notices.user_id", "tasks.helper_ids"]),
    );
  });
});

describe("the export holds personal plans, plan items, document comments and checklist items", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServer();
  });
  afterAll(() => s.close());

  it("for the member and the account they are about", async () => {
    const duc = await s.memberId("Phạm Văn Đức");
    const cell = await s.orgId("CB-LLCS");
    const [user] = await s.database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'dangvien.llcs'`);
    await s.database.db.execute(sql`INSERT INTO personal_plans (organization_id, member_id, year, items, registered_on)
      VALUES (${cell}, ${duc}, 2026, ${JSON.stringify([{ what: "Học nghị quyết", dueOn: null, planItemId: null, result: null }])}::jsonb,
        '2026-01-15')`);
    const [item] = await s.database.rows<{ id: string }>(sql`SELECT id FROM plan_items ORDER BY id LIMIT 1`);
    await s.database.db.execute(sql`UPDATE plan_items SET responsible_member_id = ${duc} WHERE id = ${item!.id}`);
    await s.database.db.execute(sql`INSERT INTO document_comments (document_id, section_key, author_user_id, author_name, text)
      SELECT id, 'body', ${user!.id}, 'Phạm Văn Đức', 'Đề nghị bổ sung' FROM documents ORDER BY id LIMIT 1`);
    const [check] = await s.database.rows<{ id: string }>(sql`SELECT id FROM checklist_items ORDER BY id LIMIT 1`);
    await s.database.db.execute(sql`UPDATE checklist_items SET owner_member_id = ${duc} WHERE id = ${check!.id}`);
    const data = (await s.request(await s.signIn("dangvien.llcs"), { method: "GET", url: "/api/auth/me/data" })).json();
    expect(data.plans.personalPlans).toMatchObject([{ year: 2026, items: [{ what: "Học nghị quyết" }] }]);
    expect(data.plans.planItems.map((i: { id: string }) => i.id)).toContain(item!.id);
    expect(data.documentComments).toMatchObject([{ text: "Đề nghị bổ sung" }]);
    expect(data.congressChecklist.map((i: { id: string }) => i.id)).toContain(check!.id);
  });
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Scope } from "../../core/access/index.js";
import { todayIso } from "../../core/time.js";
import { actorScopes } from "../organizations/store.js";
import { actorFromToken, createSession } from "./store.js";
import { createTestServer, type TestServer } from "../../../test/support/server.js";

// actorFromToken reads session, user and scopes in one round trip (its scopes come back as JSON): it must give
// what the user's row and actorScopes give, for every demo account.
let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

const key = (s: Scope) => `${s.role}|${s.organizationId}|${s.path}|${s.subtree}`;

it("gives every demo account its own fields and exactly the scopes actorScopes gives", async () => {
  const db = server.database.db;
  const users = await server.database.rows<{
    id: string;
    username: string;
    display_name: string;
    member_id: string | null;
    is_admin: boolean;
  }>(sql`SELECT id, username, display_name, member_id, is_admin FROM users WHERE disabled_at IS NULL`);
  expect(users.length).toBeGreaterThan(10);
  let scoped = 0;
  for (const u of users) {
    const { token, csrfToken } = await createSession(db, u.id);
    const actor = await actorFromToken(db, token);
    expect(actor, u.username).toMatchObject({
      userId: u.id,
      username: u.username,
      displayName: u.display_name,
      memberId: u.member_id,
      isAdmin: u.is_admin,
      csrfToken,
    });
    const expected = await actorScopes(db, u.id, u.member_id, todayIso());
    expect(actor!.scopes.map(key).sort(), u.username).toEqual(expected.map(key).sort());
    scoped += expected.length;
  }
  expect(scoped).toBeGreaterThan(20);
});

it("refuses an unknown token, an expired session and a disabled account", async () => {
  const db = server.database.db;
  expect(await actorFromToken(db, "no-such-token")).toBeNull();
  const [u] = await server.database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'vanphong'`);
  const past = new Date("2020-01-01T00:00:00Z");
  const old = await createSession(db, u!.id, past);
  expect(await actorFromToken(db, old.token)).toBeNull();
  const live = await createSession(db, u!.id);
  expect(await actorFromToken(db, live.token)).not.toBeNull();
  await db.execute(sql`UPDATE users SET disabled_at = now() WHERE id = ${u!.id}`);
  expect(await actorFromToken(db, live.token)).toBeNull();
});

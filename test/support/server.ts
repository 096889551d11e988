import type { FastifyInstance, InjectOptions } from "fastify";
import type { Response as InjectResponse } from "light-my-request";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/core/db/index.js";
import { buildServer } from "../../src/server.js";
import { DEMO_PASSWORD } from "../../src/demo/demo-data.js";
import { createTestDatabase } from "./database.js";

export interface Session {
  username: string;
  cookie: string;
  csrf: string;
}

export interface TestServer {
  app: FastifyInstance;
  database: Database;
  signIn(username: string, password?: string, options?: { fresh?: boolean }): Promise<Session>;
  /** A request as a signed-in user (or anonymous when `as` is null), with the CSRF header on writes. */
  request(as: Session | null, options: InjectOptions): Promise<InjectResponse>;
  /** Drop cached sessions (after a test signed a user out everywhere). */
  forgetSessions(): void;
  orgId(code: string): Promise<string>;
  memberId(fullName: string): Promise<string>;
  close(): Promise<void>;
}

export async function createTestServer(options: Parameters<typeof createTestDatabase>[0] = {}): Promise<TestServer> {
  const database = await createTestDatabase(options);
  const app = await buildServer({ database, webDir: null });
  await app.ready();
  const sessions = new Map<string, Session>();
  const server: TestServer = {
    app,
    database,
    async signIn(username, password = DEMO_PASSWORD, options = {}) {
      const cached = sessions.get(username);
      if (cached && password === DEMO_PASSWORD && !options.fresh) return cached;
      const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { login: username, password } });
      if (res.statusCode !== 200) throw new Error(`sign-in ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === "chibo_session")!;
      const me = await app.inject({ method: "GET", url: "/api/auth/me", cookies: { chibo_session: cookie.value } });
      const session = { username, cookie: cookie.value, csrf: me.json().csrfToken as string };
      if (!options.fresh) sessions.set(username, session);
      return session;
    },
    request(as, options) {
      const headers = { ...(options.headers ?? {}) } as Record<string, string>;
      if (as && options.method && options.method !== "GET") headers["x-csrf-token"] ??= as.csrf;
      return app.inject({
        ...options,
        headers,
        cookies: as ? { chibo_session: as.cookie, ...(options.cookies ?? {}) } : options.cookies,
      });
    },
    forgetSessions() {
      sessions.clear();
    },
    async orgId(code) {
      const [row] = await database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = ${code}`);
      if (!row) throw new Error(`no organisation ${code}`);
      return row.id;
    },
    async memberId(fullName) {
      const [row] = await database.rows<{ id: string }>(sql`SELECT id FROM members WHERE full_name = ${fullName}`);
      if (!row) throw new Error(`no member ${fullName}`);
      return row.id;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
  return server;
}

import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import { chooseEncoding } from "./compression.js";

describe("the encoding chosen from Accept-Encoding", () => {
  it("prefers Brotli, then gzip, and honours q=0 and the wildcard", () => {
    expect(chooseEncoding("gzip, deflate, br")).toBe("br");
    expect(chooseEncoding("gzip, deflate")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0")).toBeNull();
    expect(chooseEncoding("*")).toBe("br");
    expect(chooseEncoding("*, br;q=0")).toBe("gzip");
    expect(chooseEncoding("identity")).toBeNull();
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding("")).toBeNull();
  });
});

describe("compressed JSON answers", () => {
  let s: TestServer;
  let office: Session;
  beforeAll(async () => {
    s = await createTestServer();
    office = await s.signIn("vanphong");
  });
  afterAll(() => s.close());

  const get = (url: string, encoding?: string) =>
    s.request(office, { method: "GET", url, headers: encoding ? { "accept-encoding": encoding } : {} });

  it("sends a large list in the encoding the browser accepts, the same JSON once decoded", async () => {
    const plain = await get("/api/organizations");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    const brotli = await get("/api/organizations", "gzip, deflate, br");
    expect(brotli.headers["content-encoding"]).toBe("br");
    expect(String(brotli.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotli.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(brotliDecompressSync(brotli.rawPayload).toString("utf8"))).toEqual(plain.json());
    const gzipped = await get("/api/organizations", "gzip");
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString("utf8"))).toEqual(plain.json());
  });

  it("compresses the home too: its CSRF token is masked afresh each time, never the raw one (BREACH)", async () => {
    const [row] = await s.database.rows<{ csrf_token: string }>(
      sql`SELECT s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'vanphong'`,
    );
    const raw = row!.csrf_token;
    const first = await get("/api/home", "br, gzip");
    expect(first.headers["content-encoding"]).toBe("br");
    const home = JSON.parse(brotliDecompressSync(first.rawPayload).toString("utf8"));
    const again = (await get("/api/auth/me")).json();
    expect(home.me.csrfToken).not.toBe(again.csrfToken);
    for (const body of [JSON.stringify(home), JSON.stringify(again)]) expect(body).not.toContain(raw);
    // Either masked form works as the header of a write.
    for (const token of [home.me.csrfToken, again.csrfToken]) {
      const res = await s.request(office, {
        method: "PUT",
        url: "/api/auth/locale",
        payload: { locale: "vi" },
        headers: { "x-csrf-token": token },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const small = await s.request(null, { method: "GET", url: "/api/health", headers: { "accept-encoding": "br" } });
    expect(small.rawPayload.length).toBeLessThan(1024);
    expect(small.headers["content-encoding"]).toBeUndefined();
  });
});

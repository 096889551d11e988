import { createECDH, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "../../../test/support/server.js";
import { buildMember, buildOrganization, buildTask, buildUser } from "../../../test/support/factories.js";
import { startPushService, type PushService } from "../../../test/support/push-service.js";
import type { Session } from "../../../test/support/server.js";
import { withdrawNotices } from "../outbox/index.js";
import { drainPush, vapidKeys } from "./index.js";
import { pushMessage, subscriptionGone } from "./model.js";
import { pushSubjectFrom } from "../config.js";

// The push payload is decrypted as a browser would, with the library's own ECE implementation.
const ece = createRequire(import.meta.url)("http_ece") as {
  decrypt(body: Buffer, params: { version: "aes128gcm"; privateKey: unknown; authSecret: string }): Buffer;
};

/** What a browser makes when it subscribes: a P-256 key pair and an auth secret; the push service gives the URL. */
function browserKeys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16).toString("base64url");
  return { ecdh, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth } };
}

let s: TestServer;
let service: PushService;
const options = () => ({ subject: "mailto:vanphong@example.vn", agent: service.agent });

beforeAll(async () => {
  s = await createTestServer();
  service = await startPushService();
});
afterAll(async () => {
  await service.close();
  await s.close();
});
beforeEach(() => {
  service.received.length = 0;
});

async function subscribedMember(name: string, endpoint: string) {
  const org = await buildOrganization(s);
  const member = await buildMember(s, { organization: org.cells[0]!, fullName: name });
  const { user, session } = await buildUser(s, { member });
  const browser = browserKeys();
  const res = await s.request(session, {
    method: "PUT",
    url: "/api/push/subscription",
    payload: { endpoint, keys: browser.keys },
  });
  expect(res.statusCode).toBe(200);
  return { org, member, user, session, browser };
}

const pending = async (userId: string) =>
  (
    await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM push_deliveries d JOIN push_subscriptions p ON p.id = d.subscription_id
           WHERE p.user_id = ${userId} AND d.sent_at IS NULL AND d.abandoned_at IS NULL`,
    )
  )[0]!.n;

describe("web push through the outbox", () => {
  it("a task assignment reaches the member's browser once, signed with the installation's key and readable", async () => {
    const endpoint = service.endpoint("duc");
    const { org, member, user, browser } = await subscribedMember("Phạm Văn Đức", endpoint);
    await buildTask(s, { organization: org.cells[0]!, responsible: member, title: "Chuẩn bị báo cáo quý" });
    expect(await pending(user.id)).toBe(1);

    expect(await drainPush(s.database, options())).toBe(1);
    expect(await drainPush(s.database, options())).toBe(0);
    expect(service.received).toHaveLength(1);
    const [push] = service.received;
    expect(push!.path).toBe("/push/duc");
    expect(push!.headers["content-encoding"]).toBe("aes128gcm");
    expect(push!.headers.ttl).toBe(String(24 * 3600));
    const { publicKey } = await vapidKeys(s.database.db);
    expect(push!.headers.authorization).toMatch(new RegExp(`^vapid t=[^,]+, k=${publicKey}$`));

    const message = JSON.parse(
      ece
        .decrypt(push!.body, { version: "aes128gcm", privateKey: browser.ecdh, authSecret: browser.keys.auth })
        .toString("utf8"),
    );
    expect(message.title).toContain("Chuẩn bị báo cáo quý");
    expect(message.link).toMatch(/^\/nhiem-vu\//);
    expect(message.tag).toMatch(/^notice-\d+$/);
  });

  it("a subscription the push service calls gone (410) is dropped with what it had queued", async () => {
    const { org, member, user } = await subscribedMember("Lê Thị Gấm", service.goneEndpoint("gam"));
    await buildTask(s, { organization: org.cells[0]!, responsible: member, title: "Thu đảng phí" });
    await buildTask(s, { organization: org.cells[0]!, responsible: member, title: "Báo cáo tháng" });
    expect(await pending(user.id)).toBe(2);

    expect(await drainPush(s.database, options())).toBe(0);
    // One answer was enough: the second push never left.
    expect(service.received).toHaveLength(1);
    const left = await s.database.rows(sql`SELECT id FROM push_subscriptions WHERE user_id = ${user.id}`);
    expect(left).toEqual([]);
    expect(await pending(user.id)).toBe(0);
  });

  it("a push service that is down is retried later, not dropped", async () => {
    const { org, member, user } = await subscribedMember("Trần Văn Bình", "https://127.0.0.1:1/push/binh");
    await buildTask(s, { organization: org.cells[0]!, responsible: member });
    expect(await drainPush(s.database, { ...options(), timeoutMs: 2000 })).toBe(0);
    const [row] = await s.database.rows<{ attempts: number; error: string | null; due: boolean }>(
      sql`SELECT d.attempts, d.last_error AS error, d.claimed_until > now() AS due FROM push_deliveries d
            JOIN push_subscriptions p ON p.id = d.subscription_id WHERE p.user_id = ${user.id}`,
    );
    expect(row).toMatchObject({ attempts: 1, due: true });
    expect(row!.error).toBeTruthy();
    expect(await pending(user.id)).toBe(1);
  });

  it("a reminder withdrawn before it is due is not pushed", async () => {
    const { user } = await subscribedMember("Vũ Thị Lan", service.endpoint("lan"));
    const [notice] = await s.database.rows<{ id: number }>(
      sql`INSERT INTO notices (user_id, subject, text, dedupe_key, visible_from)
          VALUES (${user.id}, 'Nhắc họp', 'Ngày mai họp chi bộ', 'meeting-reminder-x', now() + interval '1 day')
          RETURNING id::int AS id`,
    );
    const { queuePushes } = await import("./index.js");
    await queuePushes(s.database.db, [notice!.id]);
    expect(await pending(user.id)).toBe(1);
    // Not due yet: nothing goes now.
    expect(await drainPush(s.database, options())).toBe(0);
    await withdrawNotices(s.database.db, "meeting-reminder-x");
    expect(await pending(user.id)).toBe(0);
  });
});

describe("push routes", () => {
  let session: Session;
  beforeAll(async () => {
    session = (await buildUser(s)).session;
  });

  it("the public key is made once and stays", async () => {
    const a = (await s.request(session, { method: "GET", url: "/api/push/key" })).json();
    const b = (await s.request(session, { method: "GET", url: "/api/push/key" })).json();
    expect(a.publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    expect(b.publicKey).toBe(a.publicKey);
    expect((await s.request(null, { method: "GET", url: "/api/push/key" })).statusCode).toBe(401);
  });

  it("an endpoint that is not https is refused with the field named, and nothing is stored", async () => {
    const res = await s.request(session, {
      method: "PUT",
      url: "/api/push/subscription",
      payload: { endpoint: "http://127.0.0.1/push/x", keys: browserKeys().keys },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().fields).toHaveProperty("endpoint", "Địa chỉ nhận thông báo phải là một địa chỉ https.");
    const bad = await s.request(session, {
      method: "PUT",
      url: "/api/push/subscription",
      payload: { endpoint: service.endpoint("k"), keys: { p256dh: "not base64!", auth: "" } },
    });
    expect(Object.keys(bad.json().fields ?? {})).toEqual(expect.arrayContaining(["keys.p256dh", "keys.auth"]));
    const stored = await s.database.rows(sql`SELECT id FROM push_subscriptions WHERE endpoint LIKE 'http://%'`);
    expect(stored).toEqual([]);
  });

  it("a shared browser belongs to the last account that subscribed it; only the owner unsubscribes", async () => {
    const endpoint = service.endpoint("shared");
    const keys = browserKeys().keys;
    const first = await buildUser(s);
    const second = await buildUser(s);
    for (const who of [first, second])
      await s.request(who.session, { method: "PUT", url: "/api/push/subscription", payload: { endpoint, keys } });
    const owners = await s.database.rows<{ user_id: string }>(
      sql`SELECT user_id FROM push_subscriptions WHERE endpoint = ${endpoint}`,
    );
    expect(owners).toEqual([{ user_id: second.user.id }]);

    const notOwner = await s.request(first.session, {
      method: "DELETE",
      url: "/api/push/subscription",
      payload: { endpoint },
    });
    expect(notOwner.json()).toEqual({ subscribed: false });
    expect(await s.database.rows(sql`SELECT id FROM push_subscriptions WHERE endpoint = ${endpoint}`)).toHaveLength(1);
    await s.request(second.session, { method: "DELETE", url: "/api/push/subscription", payload: { endpoint } });
    expect(await s.database.rows(sql`SELECT id FROM push_subscriptions WHERE endpoint = ${endpoint}`)).toEqual([]);
  });
});

describe("push rules", () => {
  it("a long notice is cut at a word, under the size a push carries", () => {
    const text = `${"Kính mời đồng chí ".repeat(100)}dự họp.`;
    const message = pushMessage({ id: 7, subject: "Giấy mời", text, link: "/cuoc-hop/1" });
    expect(message.body.length).toBeLessThanOrEqual(1000);
    expect(message.body.endsWith("…")).toBe(true);
    expect(message.body.slice(0, -1).endsWith(" ")).toBe(false);
    expect(message).toMatchObject({ title: "Giấy mời", link: "/cuoc-hop/1", tag: "notice-7" });
    expect(pushMessage({ id: 8, subject: "A", text: " Ngắn ", link: null }).body).toBe("Ngắn");
  });

  it("the VAPID contact is MAIL_FROM's address, with or without a display name", () => {
    expect(pushSubjectFrom("Sổ tay Chi bộ <vanphong@dangbo.vn>")).toBe("mailto:vanphong@dangbo.vn");
    expect(pushSubjectFrom(" vanphong@dangbo.vn ")).toBe("mailto:vanphong@dangbo.vn");
    expect(pushSubjectFrom(undefined)).toBe("mailto:no-reply@localhost");
    expect(pushSubjectFrom("Sổ tay Chi bộ")).toBe("mailto:no-reply@localhost");
  });

  it("only 404 and 410 mean the subscription is gone", () => {
    expect(subscriptionGone(404)).toBe(true);
    expect(subscriptionGone(410)).toBe(true);
    for (const status of [400, 401, 403, 413, 429, 500, 503, undefined]) expect(subscriptionGone(status)).toBe(false);
  });
});

import { todayIso } from "../src/core/time.js";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../src/demo/demo-data.js";
import { storeEnv } from "../bench/harness.js";
import { startChiboServer } from "./support/chibo-process.js";
import { freePort, freshStore, testStore } from "./support/stores.js";

/**
 * Kills the real server with SIGKILL in the middle of a stream of writes, restarts it, and checks that
 * every write the client saw acknowledged is still there. Runs on the store of the current pass.
 */
const store = testStore;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const startServer = (env: Record<string, string>, port: number) => startChiboServer(env, port, cleanups);

async function signIn(base: string, login: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith("chibo_session="))!
    .split(";")[0]!;
  const me = await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json();
  return { cookie, csrf: me.csrfToken as string };
}

describe(`crash durability (${store})`, () => {
  it("keeps every acknowledged write after SIGKILL, and the store opens cleanly", { timeout: 420_000 }, async () => {
    const env = storeEnv(await freshStore("crash", cleanups));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let child = await startServer(env, port);
    const session = await signIn(base, "bithu.llcs");
    const headers = { "content-type": "application/json", cookie: session.cookie, "x-csrf-token": session.csrf };
    const orgs = await (await fetch(`${base}/api/organizations`, { headers })).json();
    const cell = (orgs.items ?? orgs).find((o: { code: string }) => o.code === "CB-LLCS").id as string;

    // A held meeting (attendance and votes) and a task (progress), set up before the loop.
    const call = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const meeting = await call("POST", `/api/organizations/${cell}/meetings`, {
      kind: "monthly",
      date: todayIso(),
      startTime: "14:00",
      place: "Phòng họp",
    });
    await call("POST", `/api/meetings/${meeting.id}/transition`, { to: "open", version: meeting.version });
    const roster = (await call("GET", `/api/meetings/${meeting.id}`)).roster as { id: string }[];
    const task = await call("POST", `/api/organizations/${cell}/tasks`, {
      title: "Việc bền vững",
      responsibleMemberId: roster[0]!.id,
      startsOn: "2026-01-01",
      dueOn: "2099-12-31",
    });
    const statuses = ["present", "late", "absent_with_reason"] as const;

    const acknowledged: string[] = [];
    /** member id → the attendance statuses sent for it, in order; the index of the last one acknowledged. */
    const attendance = new Map<string, { sent: string[]; acked: number }>();
    const votes: string[] = [];
    const progress: { percent: number; version: number }[] = [];
    let taskVersion = task.version as number;
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        try {
          const kind = i % 4;
          if (kind === 0) {
            const res = await fetch(`${base}/api/members`, {
              method: "POST",
              headers,
              body: JSON.stringify({ organizationId: cell, fullName: `Đảng Viên Bền ${i}`, status: "full" }),
            });
            if (res.status === 201 || res.status === 200) acknowledged.push((await res.json()).id);
          } else if (kind === 1) {
            const member = roster[Math.floor(i / 4) % roster.length]!.id;
            const status = statuses[Math.floor(i / 4) % statuses.length]!;
            const entry = attendance.get(member) ?? { sent: [], acked: -1 };
            attendance.set(member, entry);
            entry.sent.push(status);
            const res = await fetch(`${base}/api/meetings/${meeting.id}/attendance/${member}`, {
              method: "PUT",
              headers,
              body: JSON.stringify({ status, reason: status === "absent_with_reason" ? `Lý do ${i}` : null }),
            });
            if (res.status === 200) entry.acked = entry.sent.length - 1;
          } else if (kind === 2) {
            const res = await fetch(`${base}/api/meetings/${meeting.id}/votes`, {
              method: "POST",
              headers,
              body: JSON.stringify({
                subject: `Biểu quyết ${i}`,
                rule: "ordinary",
                mode: "counted",
                inFavour: 1,
                against: 0,
                other: 0,
              }),
            });
            if (res.status === 201) votes.push((await res.json()).id);
          } else {
            const percent = i % 101;
            const res = await fetch(`${base}/api/tasks/${task.id}/progress`, {
              method: "POST",
              headers,
              body: JSON.stringify({ percent, note: `Lần ${i}`, version: taskVersion }),
            });
            if (res.status === 200 || res.status === 201) {
              taskVersion++;
              progress.push({ percent, version: taskVersion });
            }
          }
        } catch {
          return; // the server is gone
        }
      }
    })();
    // Let a few dozen writes through, then kill at a random moment.
    while (acknowledged.length + votes.length + progress.length < 40) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300)));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    stop = true;
    await writer;
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);
    expect(votes.length).toBeGreaterThanOrEqual(5);
    expect(progress.length).toBeGreaterThanOrEqual(5);

    child = await startServer(env, port);
    const again = await signIn(base, "bithu.llcs");
    const get = async (url: string) => (await fetch(`${base}${url}`, { headers: { cookie: again.cookie } })).json();
    const missing: string[] = [];
    for (const id of acknowledged) {
      const res = await fetch(`${base}/api/members/${id}`, { headers: { cookie: again.cookie } });
      if (res.status !== 200) missing.push(id);
    }
    const after = await get(`/api/meetings/${meeting.id}`);
    const voteIds = new Set((after.votes as { id: string }[]).map((v) => v.id));
    for (const id of votes) if (!voteIds.has(id)) missing.push(`vote ${id}`);
    for (const [member, entry] of attendance) {
      if (entry.acked < 0) continue;
      // The last acknowledged status, or one sent after it whose answer the kill cut off.
      const now = (after.roster as { id: string; attendance: string }[]).find((r) => r.id === member)?.attendance;
      if (!entry.sent.slice(entry.acked).includes(now!))
        missing.push(`attendance ${member}: ${now} not in ${entry.sent.slice(entry.acked)}`);
    }
    const taskAfter = await get(`/api/tasks/${task.id}`);
    if (taskAfter.version < progress.at(-1)!.version)
      missing.push(`task progress: version ${taskAfter.version} < ${progress.at(-1)!.version}`);
    for (const p of progress)
      if (!(taskAfter.updates as { percent: number }[]).some((u) => u.percent === p.percent))
        missing.push(`progress ${p.percent}%`);
    expect(missing).toEqual([]);
    console.log(
      `crash durability (${store}): ${acknowledged.length} members, ${[...attendance.values()].filter((e) => e.acked >= 0).length} attendance rows, ${votes.length} votes, ${progress.length} progress reports acknowledged and found`,
    );
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  });
});

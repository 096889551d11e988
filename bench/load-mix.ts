// The soak's mixed load, shared by bench/soak.ts (10 minutes on the S data set) and test/soak.test.ts (one minute
// on a small one): the reads of a working day (home, member search, tasks, a meeting page) and the writes that
// go with them (task progress with the version the client holds, attendance in the open meeting), as four
// roles, for a duration, with the server's resident memory sampled every second.
import autocannon from "autocannon";
import { rssMiB, type Ctx, type HttpSession, type Who } from "./harness.js";

export interface MixOptions {
  base: string;
  ctx: Ctx;
  sessions: Record<Who, HttpSession>;
  connections: number;
  seconds: number;
  /** The server's process id: its RSS is sampled every second. */
  pid: number;
  /** Called after each RSS sample (progress lines of the 10-minute run). */
  onSample?: (sample: RssSample, requestsSoFar: number) => void;
}

export interface RssSample {
  /** Seconds since the load started. */
  t: number;
  mib: number;
}

export interface MixResult {
  seconds: number;
  connections: number;
  requests: number;
  rps: number;
  /** Non-2xx answers + socket errors + timeouts: the soak's promise is that this is 0. */
  errors: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Per kind of request: how many, how many failed, by status. */
  byRequest: Record<string, { requests: number; failed: number; statuses: Record<string, number> }>;
  /** The first few failures (status and the start of the body), to say what went wrong. */
  failures: string[];
  rss: RssSample[];
  /** When (seconds into the load) the slowest answers (over 2 s) and the socket errors or timeouts came. */
  slow: { t: number; ms: number }[];
  errorsAt: { t: number; error: string }[];
}

interface Step {
  name: string;
  who: Who;
  method: "GET" | "POST" | "PUT";
  path?: string;
  setup?: (req: autocannon.Request, context: Record<string, unknown>) => autocannon.Request;
  done?: (status: number, body: string, context: Record<string, unknown>) => void;
}

/**
 * The requests each connection repeats, in order: 10 reads and 2 writes, as the secretary, a member, the
 * đảng ủy member who oversees cells and the office.
 */
function steps(ctx: Ctx): Step[] {
  // Task progress: a connection takes a task nobody else is writing, with the version last seen for it, and
  // hands it back with the new version when the answer comes: a 409 here would be a real lost update.
  const idle = ctx.taskPool.map((t) => ({ ...t }));
  if (idle.length === 0) throw new Error("the data set has no task in the bench cell");
  let percent = 0;
  // Attendance: each write marks the next member of the cell with the next status.
  const STATUSES = ["present", "late", "absent_with_reason", "present"];
  let nextMark = 0;
  const cell = ctx.cellId;
  const search = encodeURIComponent(ctx.searchText);
  return [
    { name: "home: /api/auth/me", who: "secretary", method: "GET", path: "/api/auth/me" },
    { name: "home: organisations", who: "secretary", method: "GET", path: "/api/organizations" },
    { name: "home: notices", who: "secretary", method: "GET", path: "/api/notices" },
    { name: "home: cell dashboard", who: "secretary", method: "GET", path: `/api/organizations/${cell}/dashboard` },
    {
      name: "write: attendance",
      who: "secretary",
      method: "PUT",
      setup: (req) => {
        const i = nextMark++;
        const member = ctx.cellMemberIds[i % ctx.cellMemberIds.length]!;
        const status = STATUSES[Math.floor(i / ctx.cellMemberIds.length) % STATUSES.length]!;
        return {
          ...req,
          path: `/api/meetings/${ctx.openMeetingId}/attendance/${member}`,
          body: JSON.stringify({ status, reason: status === "absent_with_reason" ? "Đi công tác" : null }),
        };
      },
    },
    {
      name: "member list, search",
      who: "secretary",
      method: "GET",
      path: `/api/organizations/${cell}/members?q=${search}&limit=100`,
    },
    { name: "my tasks", who: "member", method: "GET", path: "/api/me/tasks" },
    {
      name: "write: task progress",
      who: "secretary",
      method: "POST",
      setup: (req, context) => {
        const task = idle.shift();
        if (!task) throw new Error("more connections than tasks in the bench cell");
        context.task = task;
        percent = (percent + 7) % 101;
        return {
          ...req,
          path: `/api/tasks/${task.id}/progress`,
          body: JSON.stringify({ percent, note: "Cập nhật tiến độ", version: task.version }),
        };
      },
      done: (status, body, context) => {
        const task = context.task as { id: string; version: number };
        if (status === 200) task.version = (JSON.parse(body) as { version?: number }).version ?? task.version + 1;
        idle.push(task);
      },
    },
    { name: "cell tasks, late", who: "secretary", method: "GET", path: `/api/organizations/${cell}/tasks?status=late` },
    { name: "meeting page", who: "secretary", method: "GET", path: `/api/meetings/${ctx.pastMeetingId}` },
    {
      name: "overseen cell dashboard",
      who: "overseer",
      method: "GET",
      path: `/api/organizations/${ctx.overseenCellIds[2] ?? ctx.overseenCellIds[0] ?? cell}/dashboard`,
    },
    {
      name: "member list, search, đảng bộ",
      who: "office",
      method: "GET",
      path: `/api/organizations/${ctx.rootId}/members?q=${search}&limit=100`,
    },
  ];
}

const quantile = (sorted: number[], p: number) =>
  Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN).toFixed(1));

export async function mixedLoad(o: MixOptions): Promise<MixResult> {
  const plan = steps(o.ctx);
  const byRequest: MixResult["byRequest"] = Object.fromEntries(
    plan.map((s) => [s.name, { requests: 0, failed: 0, statuses: {} }]),
  );
  const failures: string[] = [];
  const requests: autocannon.Request[] = plan.map((s) => ({
    method: s.method,
    ...(s.path ? { path: s.path } : {}),
    headers: {
      cookie: o.sessions[s.who].cookie,
      ...(s.method === "GET" ? {} : { "x-csrf-token": o.sessions[s.who].csrf, "content-type": "application/json" }),
    },
    ...(s.setup
      ? {
          setupRequest: (req: autocannon.Request, context: object) => s.setup!(req, context as Record<string, unknown>),
        }
      : {}),
    onResponse: (status: number, body: string, context: object) => {
      const r = byRequest[s.name]!;
      r.requests++;
      r.statuses[status] = (r.statuses[status] ?? 0) + 1;
      if (status < 200 || status >= 300) {
        r.failed++;
        if (failures.length < 10) failures.push(`${s.name}: ${status} ${body.slice(0, 200)}`);
      }
      s.done?.(status, body, context as Record<string, unknown>);
    },
  }));

  const times: number[] = [];
  const rss: RssSample[] = [];
  const started = performance.now();
  let served = 0;
  const slow: MixResult["slow"] = [];
  const errorsAt: MixResult["errorsAt"] = [];
  const sampler = setInterval(() => {
    const sample = { t: Math.round((performance.now() - started) / 1000), mib: rssMiB(o.pid) };
    rss.push(sample);
    o.onSample?.(sample, served);
  }, 1000);
  let result: autocannon.Result;
  try {
    result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        { url: o.base, connections: o.connections, duration: o.seconds, timeout: 10, requests },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      instance.on("response", (_client, _status, _bytes, responseTime) => {
        served++;
        times.push(responseTime);
        if (responseTime > 2000 && slow.length < 100)
          slow.push({ t: Math.round((performance.now() - started) / 1000), ms: Math.round(responseTime) });
      });
      instance.on("reqError", (error) => {
        if (errorsAt.length < 100)
          errorsAt.push({ t: Math.round((performance.now() - started) / 1000), error: String(error) });
      });
    });
  } finally {
    clearInterval(sampler);
  }
  times.sort((a, b) => a - b);
  const socketErrors = result.errors - result.timeouts;
  return {
    seconds: o.seconds,
    connections: o.connections,
    requests: result.requests.total,
    rps: Math.round(result.requests.total / o.seconds),
    errors: result.non2xx + result.errors,
    non2xx: result.non2xx,
    socketErrors,
    timeouts: result.timeouts,
    latencyMs: {
      p50: quantile(times, 0.5),
      p95: quantile(times, 0.95),
      p99: quantile(times, 0.99),
      max: Number((times.at(-1) ?? NaN).toFixed(1)),
    },
    byRequest,
    failures,
    rss,
    slow,
    errorsAt,
  };
}

/**
 * The RSS at a moment, as the median of the samples within 2 s of it: one sample can catch the heap just
 * before a garbage collection; five cannot all do so. `t` past the end means the last five samples.
 */
export function rssAt(samples: RssSample[], t: number): number {
  const last = samples.at(-1)?.t ?? 0;
  const near = t >= last ? samples.slice(-5) : samples.filter((s) => Math.abs(s.t - t) <= 2);
  const xs = near
    .map((s) => s.mib)
    .filter((m) => m > 0)
    .sort((a, b) => a - b);
  if (xs.length === 0) throw new Error(`no RSS sample near ${t} s`);
  return xs[Math.floor(xs.length / 2)]!;
}

/** Growth of the RSS from `from` seconds to the end, in percent. */
export function rssGrowth(samples: RssSample[], from: number): { fromMiB: number; endMiB: number; percent: number } {
  const fromMiB = rssAt(samples, from);
  const endMiB = rssAt(samples, Infinity);
  return { fromMiB, endMiB, percent: Number((((endMiB - fromMiB) / fromMiB) * 100).toFixed(1)) };
}

// A crowd of clients each polling one address every `pollMs`, as the hall page does on every screen and phone: each
// client has its own keep-alive connection and its own moment in the interval (spread at random, as people open the
// page at different times), and sends no second request while its last is unanswered. A request's time runs from
// the moment its client meant to send it, so an answer late enough to delay the next poll counts that delay against
// the server instead of hiding it (no coordinated omission).
import http from "node:http";
import { prng } from "./generate.js";

export interface CrowdResult {
  times: number[];
  requests: number;
  errors: number;
  non2xx: number;
  seconds: number;
}

export async function pollCrowd(
  base: string,
  path: string,
  opts: { clients: number; pollMs: number; durationMs: number; headers: Record<string, string>; seed?: number },
): Promise<CrowdResult> {
  const random = prng(opts.seed ?? 18).next;
  const url = new URL(path, base);
  const start = performance.now() + 200;
  const end = start + opts.durationMs;
  const out: CrowdResult = { times: [], requests: 0, errors: 0, non2xx: 0, seconds: opts.durationMs / 1000 };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

  const get = (agent: http.Agent) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(url, { agent, headers: opts.headers, timeout: 30_000 }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", reject);
    });

  const client = async (phase: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let due = start + phase; due < end; due += opts.pollMs) {
        await sleep(due - performance.now());
        try {
          const status = await get(agent);
          out.times.push(performance.now() - due);
          if (status < 200 || status >= 300) out.non2xx++;
        } catch {
          out.errors++;
        }
        out.requests++;
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, () => client(random() * opts.pollMs)));
  return out;
}

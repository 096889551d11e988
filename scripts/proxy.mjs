#!/usr/bin/env node
// A small reverse proxy in front of several chibo app servers (ADR 0178): what nginx or HAProxy does in a province
// deployment (docs/deployment.md), kept in the repository so the tests and the bench run two servers side by side.
//
//   node scripts/proxy.mjs PORT http://127.0.0.1:3001 http://127.0.0.1:3002
//
// Requests go round the servers in turn. A server that refuses the connection never saw the request, so it is sent
// to the next one; once a server has the request, its failure is answered 502 and never retried, because the write
// may have been done (the client sees it unacknowledged, and tries again itself if it wants).
import http from "node:http";

export function startProxy(port, backends) {
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const first = next++ % backends.length;
      const attempt = (tried) => {
        if (tried === backends.length) {
          res.writeHead(502, { "content-type": "text/plain; charset=utf-8" }).end("no app server answered");
          return;
        }
        const target = new URL(req.url ?? "/", backends[(first + tried) % backends.length]);
        const headers = { ...req.headers, host: target.host, "x-forwarded-for": req.socket.remoteAddress ?? "" };
        const upstream = http.request(target, { method: req.method, headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on("error", (err) => {
          if (err.code === "ECONNREFUSED") return attempt(tried + 1);
          if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
          res.end();
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () =>
      resolve({
        port: server.address().port,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [port, ...backends] = process.argv.slice(2);
  if (!port || backends.length === 0) {
    console.error("usage: node scripts/proxy.mjs PORT BACKEND_URL…");
    process.exit(2);
  }
  const proxy = await startProxy(Number(port), backends);
  console.log(`chibo proxy on http://127.0.0.1:${proxy.port} → ${backends.join(", ")}`);
}

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** One request the push service received: what chibo's web-push call sent for one browser. */
export interface PushRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface PushService {
  /** An endpoint the service accepts (201), as a browser's subscription would name it. */
  endpoint(name: string): string;
  /** An endpoint the service calls expired: 410 Gone, as for a browser that unsubscribed. */
  goneEndpoint(name: string): string;
  received: PushRequest[];
  /** Trusts this service's own certificate, and only that: chibo's sender is not told to skip verification. */
  agent: Agent;
  close(): Promise<void>;
}

/**
 * A push service on loopback that speaks HTTPS like the real ones (web-push only speaks HTTPS), with a certificate
 * made for 127.0.0.1 by openssl for this run.
 */
export async function startPushService(): Promise<PushService> {
  const dir = mkdtempSync(path.join(tmpdir(), "chibo-push-"));
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"].concat([
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ]),
    { stdio: "ignore" },
  );
  const tls = { key: readFileSync(key), cert: readFileSync(cert) };
  rmSync(dir, { recursive: true, force: true });
  const received: PushRequest[] = [];
  const server: Server = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(req.url?.startsWith("/gone/") ? 410 : 201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = new Agent({ ca: tls.cert, keepAlive: false });
  return {
    endpoint: (name) => `${base}/push/${name}`,
    goneEndpoint: (name) => `${base}/gone/${name}`,
    received,
    agent,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

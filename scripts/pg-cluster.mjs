#!/usr/bin/env node
// A PostgreSQL primary and a streaming-replication hot standby from the installed binaries (ADR 0178): what a
// province deployment runs, started in a directory of its own for the tests and the bench.
//
//   node scripts/pg-cluster.mjs start DIR     # primary and standby on free ports; prints their URLs as JSON
//   node scripts/pg-cluster.mjs stop DIR      # stops both (the directory is left for the caller to remove)
//
// `startStandby` alone makes a standby of a primary already running (the test cluster `.ci/run` starts).
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/** The newest installed PostgreSQL's binaries (Debian keeps them out of PATH), or the ones on PATH. */
export function pgBin() {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  if (versions.length) return path.join(root, versions.at(-1), "bin");
  return path.dirname(execFileSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).trim());
}

/** PostgreSQL refuses to run as root: as root, each command runs as the postgres user. */
function run(command, args) {
  const asRoot = process.getuid?.() === 0;
  const line = [command, ...args].map((a) => `'${String(a).replaceAll("'", "'\\''")}'`).join(" ");
  execFileSync(asRoot ? "su" : "sh", asRoot ? ["postgres", "-s", "/bin/sh", "-c", line] : ["-c", line], {
    stdio: ["ignore", "ignore", "pipe"],
  });
}

function ownDir(dir) {
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    chownSync(dir, uid, gid);
  }
}

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function startServer(bin, data, port, socketDir) {
  run(path.join(bin, "pg_ctl"), [
    "-D",
    data,
    "-l",
    `${data}.log`,
    "-w",
    "-o",
    `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1`,
    "start",
  ]);
}

/**
 * A hot standby of the primary at `primaryUrl` (which must allow replication connections from 127.0.0.1, as
 * `initdb --auth=trust` does): a base backup streamed with its WAL, `-R` writing the standby's connection settings,
 * then started on its own port. Returns its URL (same user and database) and how to stop it.
 */
export async function startStandby(primaryUrl, dir, bin = pgBin()) {
  ownDir(dir);
  const data = path.join(dir, "standby");
  const u = new URL(primaryUrl);
  run(path.join(bin, "pg_basebackup"), [
    "-h",
    u.hostname,
    "-p",
    u.port || "5432",
    "-U",
    decodeURIComponent(u.username || "postgres"),
    "-D",
    data,
    "-R",
    "-X",
    "stream",
    "-c",
    "fast",
  ]);
  const port = await freePort();
  startServer(bin, data, port, dir);
  const standby = new URL(primaryUrl);
  standby.port = String(port);
  return {
    url: standby.toString(),
    stop: () => run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "stop"]),
  };
}

/** A new primary (trust on loopback, as the tests' cluster) and its standby in `dir`. */
export async function startCluster(dir, bin = pgBin()) {
  ownDir(dir);
  const data = path.join(dir, "primary");
  run(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const port = await freePort();
  startServer(bin, data, port, dir);
  const primary = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const standby = await startStandby(primary, dir, bin);
  return {
    primary,
    replica: standby.url,
    stop() {
      standby.stop();
      run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "stop"]);
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, dir] = process.argv.slice(2);
  if (!dir || !["start", "stop"].includes(command)) {
    console.error("usage: node scripts/pg-cluster.mjs start|stop DIR");
    process.exit(2);
  }
  const bin = pgBin();
  if (command === "start") {
    const cluster = await startCluster(path.resolve(dir), bin);
    const urls = { primary: cluster.primary, replica: cluster.replica };
    writeFileSync(path.join(dir, "cluster.json"), JSON.stringify(urls));
    console.log(JSON.stringify(urls));
  } else {
    for (const name of ["standby", "primary"]) {
      const data = path.join(path.resolve(dir), name);
      if (existsSync(data)) run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "stop"]);
    }
  }
}

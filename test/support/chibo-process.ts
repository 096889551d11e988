import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT } from "../../src/core/paths.js";

/**
 * A real `chibo start` in a child process with `env` on `port`, answering /api/health before this returns. `cleanups`
 * receives what kills it, if the test has not. For the tests that kill a server or run two side by side.
 */
export async function startChiboServer(
  env: Record<string, string>,
  port: number,
  cleanups: (() => Promise<void> | void)[],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, "bin/chibo.mjs"), "start"], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent", CHIBO_TEST_STORE: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  cleanups.push(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  for (let i = 0; i < 1800; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${output}`);
}

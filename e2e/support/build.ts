import { spawnSync } from "node:child_process";

/** The journeys test the built UI, as users get it: build it when sources changed. */
export default function setup() {
  const result = spawnSync(process.execPath, ["scripts/build.mjs", "--if-stale"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("building the web UI failed");
}

import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * PGlite is single-process: a second process opening the same data directory can corrupt it.
 * The owner writes its PID into a lock file; others refuse while that process is alive.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const file = path.join(dataDir, ".chibo.lock");
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, "utf8").trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`The data directory ${dataDir} is in use by process ${pid}. Stop it first (Thư mục dữ liệu đang được tiến trình ${pid} sử dụng).`);
    }
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * PGlite is single-process: a second process opening the same data directory can corrupt it.
 * The owner writes its PID and the kernel's start time of that process into a lock file; others refuse while
 * that very process is running.
 *
 * "Running" is stricter than "the PID answers a signal": a process killed with SIGKILL stays a zombie until its
 * parent collects it (a supervisor or script may take seconds), and a PID is reused by an unrelated process after
 * a restart (in a container, the same small PIDs come back every time). Both answer `kill(pid, 0)`. On Linux the
 * lock therefore reads /proc/<pid>/stat: a zombie is dead, and a different start time means another process.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const file = path.join(dataDir, ".chibo.lock");
  if (existsSync(file)) {
    const [pidText, started] = readFileSync(file, "utf8").trim().split(/\s+/);
    const pid = Number(pidText);
    if (pid && pid !== process.pid && isRunning(pid, started ?? null)) {
      throw new Error(
        `The data directory ${dataDir} is in use by process ${pid}. Stop it first ` +
          `(Thư mục dữ liệu đang được tiến trình ${pid} sử dụng).`,
      );
    }
  }
  const self = processStat(process.pid);
  writeFileSync(file, self ? `${process.pid} ${self.started}` : String(process.pid), { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

/** Whether the process that wrote a lock is still running; `started` is its start time when the lock recorded it. */
export function isRunning(pid: number, started: string | null): boolean {
  const stat = processStat(pid);
  if (stat) return stat.state !== "Z" && stat.state !== "X" && (started === null || stat.started === started);
  // No /proc (macOS, Windows) or one that hides other users' processes: ask the kernel whether the PID exists.
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** State and start time (clock ticks since boot) of a process from /proc, or null where there is none. */
export function processStat(pid: number): { state: string; started: string } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // After comm, field 3 (state) is at index 0 and field 22 (starttime) at index 19.
  return fields.length > 19 ? { state: fields[0]!, started: fields[19]! } : null;
}

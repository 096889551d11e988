import path from "node:path";

/** Settings come from the environment only; nothing secret lives in the repository. */
export interface Config {
  databaseUrl: string | undefined;
  /** DATABASE_READ_URL: a hot standby of DATABASE_URL that serves the heavy reads (ADR 0178). */
  readDatabaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  /** smtp://user:password@host:587 — without it, mail waits in the outbox. */
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
  /** The contact push services may write to (VAPID subject, ADR 0148): CHIBO_PUSH_SUBJECT, or MAIL_FROM's address. */
  pushSubject: string;
  /** Where scheduled backups of the embedded store go: CHIBO_BACKUP_DIR, by default beside the data directory. */
  backupDir: string;
  /** CHIBO_BACKUP_SCHEDULE=off turns scheduled backups off (ADR 0093); they are on by default. */
  backupSchedule: boolean;
  /** CHIBO_OUTBOX_INTERVAL_MS: how often the worker sends mail and push and runs the periodic jobs (30 s). */
  outboxIntervalMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.CHIBO_DATA_DIR || "./data");
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    readDatabaseUrl: (env.DATABASE_URL && env.DATABASE_READ_URL) || undefined,
    dataDir,
    port: Number(env.PORT || 3000),
    host: env.HOST || "127.0.0.1",
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || undefined,
    pushSubject: env.CHIBO_PUSH_SUBJECT || pushSubjectFrom(env.MAIL_FROM),
    backupDir: path.resolve(env.CHIBO_BACKUP_DIR || `${dataDir}-backups`),
    backupSchedule: env.CHIBO_BACKUP_SCHEDULE !== "off",
    outboxIntervalMs: Math.max(100, Number(env.CHIBO_OUTBOX_INTERVAL_MS) || 30_000),
  };
}

/** "Chi bộ <no-reply@example.vn>" → "mailto:no-reply@example.vn"; a push service wants a way to reach the operator. */
export function pushSubjectFrom(mailFrom: string | undefined): string {
  const address = mailFrom?.match(/<([^<>\s]+@[^<>\s]+)>/)?.[1] ?? mailFrom?.match(/^\s*([^<>\s]+@[^<>\s]+)\s*$/)?.[1];
  return `mailto:${address ?? "no-reply@localhost"}`;
}

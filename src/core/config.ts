import path from "node:path";

/** Settings come from the environment only; nothing secret lives in the repository. */
export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  /** smtp://user:password@host:587 — without it, mail waits in the outbox. */
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.CHIBO_DATA_DIR || "./data"),
    port: Number(env.PORT || 3000),
    host: env.HOST || "127.0.0.1",
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || undefined,
  };
}

import { SMTPServer } from "smtp-server";
import nodemailer, { type Transporter } from "nodemailer";

export interface ReceivedMail {
  from: string;
  to: string[];
  /** the raw RFC 5322 message as received */
  raw: string;
}

export interface SmtpSink {
  port: number;
  messages: ReceivedMail[];
  /** a nodemailer transport talking SMTP to this sink */
  transport(): Transporter;
  close(): Promise<void>;
}

/** A real SMTP server on a loopback port that keeps every message it accepts. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  const transports: Transporter[] = [];
  return {
    port,
    messages,
    transport() {
      const t = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
      transports.push(t);
      return t;
    },
    async close() {
      for (const t of transports) t.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Decodes a MIME encoded-word subject ("=?UTF-8?Q?...?=" / "=?UTF-8?B?...?=") into text. */
export function subjectOf(raw: string): string {
  const header = /^Subject: ([\s\S]*?)\r?\n(?![ \t])/m.exec(raw)?.[1] ?? "";
  return header
    .replace(/\r?\n[ \t]/g, " ")
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === "b"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
    )
    .trim();
}

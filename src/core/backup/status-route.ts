import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Actor } from "../access/index.js";
import { ForbiddenError } from "../http/errors.js";
import { requireActor } from "../http/route.js";
import type { ScheduledBackups } from "./schedule.js";

/** Whoever runs the installation day to day — an office or an administrator — sees whether backups are current. */
export function mayViewBackupStatus(actor: Actor): boolean {
  return actor.isAdmin || actor.scopes.some((s) => s.role === "office");
}

export const statusSchema = z.object({
  scheduled: z.boolean(),
  lastGoodAt: z.string().nullable(),
  stale: z.boolean(),
  lastFailureAt: z.string().nullable(),
});

/**
 * The time of the last good scheduled backup for whoever may see it (null for anyone else); `stale` when there is
 * none or it is older than 26 hours. The route answers it, and the home's one call carries it (ADR 0191).
 */
export function backupStatusReader(backups: ScheduledBackups | null, clock: () => Date = () => new Date()) {
  return (actor: Actor): z.input<typeof statusSchema> | null => {
    if (!mayViewBackupStatus(actor)) return null;
    if (!backups) return { scheduled: false, lastGoodAt: null, stale: false, lastFailureAt: null };
    return backups.status(clock());
  };
}

export function backupStatusRoute(read: ReturnType<typeof backupStatusReader>) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/api/backup/status",
      { schema: { tags: ["system"], response: { 200: statusSchema } } },
      async (request) => {
        const status = read(requireActor(request));
        if (!status) throw new ForbiddenError();
        return status;
      },
    );
  };
}

/** The answer as the browser receives it (the home's backup card). */
export type BackupStatus = z.input<typeof statusSchema>;

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

/** The time of the last good scheduled backup; `stale` when there is none or it is older than 26 hours. */
export function backupStatusRoute(backups: ScheduledBackups | null, clock: () => Date = () => new Date()) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/api/backup/status",
      { schema: { tags: ["system"], response: { 200: statusSchema } } },
      async (request) => {
        if (!mayViewBackupStatus(requireActor(request))) throw new ForbiddenError();
        if (!backups) return { scheduled: false, lastGoodAt: null, stale: false, lastFailureAt: null };
        return backups.status(clock());
      },
    );
  };
}

/** The answer as the browser receives it (the home's backup card). */
export type BackupStatus = z.input<typeof statusSchema>;

import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { createApp } from "./core/http/app.js";
import { noticeRoutes } from "./core/outbox/routes.js";
import { backupRoutes } from "./core/backup/routes.js";
import { backupStatusRoute } from "./core/backup/status-route.js";
import type { ScheduledBackups } from "./core/backup/schedule.js";
import { registerPeriodicJob } from "./core/outbox/index.js";
import type { Database } from "./core/db/index.js";
import { accountRoutes, registerAuthentication } from "./modules/accounts/routes.js";
import { registerRouteLimits } from "./core/rate-limit/index.js";
import { memberRoutes } from "./modules/members/routes.js";
import { organizationRoutes } from "./modules/organizations/routes.js";
import { WEB_DIR } from "./core/paths.js";
import { registerRulebookKinds } from "./rulebook-kinds.js";

import { meetingRoutes } from "./modules/meetings/routes.js";
import { registerMeetingSummaries } from "./modules/meetings/summaries.js";

import { congressRoutes } from "./modules/congresses/routes.js";
import { resolutionRoutes } from "./modules/resolutions/routes.js";
import { planRoutes } from "./modules/plans/routes.js";
import { taskRoutes } from "./modules/tasks/routes.js";
import { reviewRoutes } from "./modules/reviews/routes.js";
import { registerTaskReminders } from "./modules/tasks/reminders.js";

import { documentRoutes } from "./modules/documents/routes.js";
import "./personal-data.js";

import { evaluationRoutes } from "./modules/evaluations/routes.js";
import { evaluationDocumentRoutes } from "./modules/evaluations/document-routes.js";

import { admissionRoutes } from "./modules/admissions/routes.js";
import { registerAdmissionWarnings } from "./modules/admissions/warnings.js";
import { inspectionRoutes } from "./modules/inspections/routes.js";

registerRulebookKinds();

export interface ServerOptions {
  database: Database;
  logger?: boolean;
  webDir?: string | null;
  /** Scheduled backups of the embedded store (ADR 0093); without them the status says "not scheduled". */
  backups?: ScheduledBackups | null;
}

/** The whole HTTP application: core mechanisms plus every module's routes. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = await createApp({
    database: options.database,
    logger: options.logger,
    webDir: options.webDir === null ? undefined : (options.webDir ?? WEB_DIR),
  });
  registerAuthentication(app);
  registerRouteLimits(app);
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/health",
    {
      config: { access: "public" },
      schema: {
        tags: ["system"],
        response: { 200: z.object({ status: z.literal("ok"), store: z.enum(["pglite", "postgres"]) }) },
      },
    },
    async () => ({ status: "ok" as const, store: options.database.store }),
  );
  await app.register(accountRoutes);
  await app.register(organizationRoutes);
  await app.register(memberRoutes);
  await app.register(noticeRoutes);
  await app.register(backupRoutes);
  await app.register(backupStatusRoute(options.backups ?? null));
  const backups = options.backups;
  if (backups)
    registerPeriodicJob("backup.scheduled", async (database, now) => void (await backups.tick(database, now)));

  await app.register(meetingRoutes);
  registerMeetingSummaries();

  await app.register(congressRoutes);
  await app.register(resolutionRoutes);
  await app.register(planRoutes);
  await app.register(taskRoutes);
  await app.register(reviewRoutes);
  registerTaskReminders();

  await app.register(documentRoutes);

  await app.register(evaluationRoutes);
  await app.register(evaluationDocumentRoutes);

  await app.register(admissionRoutes);
  registerAdmissionWarnings();
  await app.register(inspectionRoutes);
  return app;
}

export { WEB_DIR };

import { registerIssuedFiles, settleIssuedFiles } from "./modules/documents/issued-files.js";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { createApp } from "./core/http/app.js";
import { noticeRoutes } from "./core/outbox/routes.js";
import { pushRoutes } from "./core/push/routes.js";
import { backupRoutes } from "./core/backup/routes.js";
import { backupStatusReader, backupStatusRoute } from "./core/backup/status-route.js";
import type { ScheduledBackups } from "./core/backup/schedule.js";
import { registerPeriodicJob } from "./core/outbox/index.js";
import type { Database } from "./core/db/index.js";
import { accountRoutes, registerAuthentication, SESSION_COOKIE } from "./modules/accounts/routes.js";
import { homeFirstScreen } from "./modules/home/first-screen.js";
import { registerRouteLimits } from "./core/rate-limit/index.js";
import { memberRoutes } from "./modules/members/routes.js";
import { organizationRoutes } from "./modules/organizations/routes.js";
import { homeRoutes } from "./modules/home/routes.js";
import { WEB_DIR } from "./core/paths.js";
import { registerRulebookKinds } from "./rulebook-kinds.js";

import { meetingRoutes } from "./modules/meetings/routes.js";
import { registerMeetingSummaries } from "./modules/meetings/summaries.js";

import { congressRoutes } from "./modules/congresses/routes.js";
import { preparationRoutes } from "./modules/congresses/preparation-routes.js";
import { registerPreparationReminders } from "./modules/congresses/preparation-operations.js";
import { electionRoutes } from "./modules/congresses/elections-routes.js";
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
import { transferRoutes } from "./modules/transfers/routes.js";
import { massOrganizationRoutes } from "./modules/mass-organizations/routes.js";
import { studyRoutes } from "./modules/studies/routes.js";
import { registerAdmissionWarnings } from "./modules/admissions/warnings.js";
import { registerInspectionReminders } from "./modules/inspections/reminders.js";
import { duesRoutes } from "./modules/dues/routes.js";
import { registerDuesWarnings } from "./modules/dues/warnings.js";
import { inspectionRoutes } from "./modules/inspections/routes.js";
import { registerTransferReminders } from "./modules/transfers/reminders.js";

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
  const webDir = options.webDir === null ? undefined : (options.webDir ?? WEB_DIR);
  // How the signed-in home is served (src/modules/home/first-screen.ts): drawn by the server (ADR 0191), which reads
  // it through the app it is part of, or with its call preloaded (ADR 0163).
  let home: ReturnType<typeof homeFirstScreen> | null = null;
  const app = await createApp({
    database: options.database,
    logger: options.logger,
    webDir,
    firstCall: (request) => home?.firstCall(request) ?? null,
    drawFirstScreen: (request) => home?.drawFirstScreen(request) ?? null,
  });
  if (webDir) home = homeFirstScreen(app, webDir, SESSION_COOKIE);
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
  await app.register(pushRoutes);
  await app.register(backupRoutes);
  // The backup card's status: its own route, and a part of the home's one call (ADR 0191).
  const backupStatus = backupStatusReader(options.backups ?? null);
  await app.register(backupStatusRoute(backupStatus));
  const backups = options.backups;
  if (backups)
    registerPeriodicJob("backup.scheduled", async (database, now) => void (await backups.tick(database, now)));

  await app.register(meetingRoutes);
  registerMeetingSummaries();

  await app.register(congressRoutes);
  await app.register(preparationRoutes);
  registerPreparationReminders();
  await app.register(electionRoutes);
  await app.register(resolutionRoutes);
  await app.register(planRoutes);
  await app.register(taskRoutes);
  await app.register(reviewRoutes);
  registerTaskReminders();

  await app.register(documentRoutes);
  registerIssuedFiles();
  // An issued document's files are being rendered after its commit (ADR 0177): store them before the database closes.
  app.addHook("onClose", () => settleIssuedFiles());

  await app.register(evaluationRoutes);
  await app.register(evaluationDocumentRoutes);

  await app.register(admissionRoutes);
  await app.register(massOrganizationRoutes);
  await app.register(studyRoutes);
  registerAdmissionWarnings();
  registerInspectionReminders();
  await app.register(inspectionRoutes);
  await app.register(transferRoutes);
  registerTransferReminders();
  await app.register(duesRoutes);
  await app.register(homeRoutes, { backupStatus });
  registerDuesWarnings();
  return app;
}

export { WEB_DIR };

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { authorize, can, type Actor } from "../access/index.js";
import { auditTrail, type Change } from "../audit/index.js";
import { inTransaction } from "../db/index.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../http/errors.js";
import { requireActor } from "../http/route.js";
import { contentDisposition } from "../http/download.js";
import { todayIso } from "../time.js";
import { writeBackupArchive } from "./archive.js";
import { exportSubtree, subtreeOrganizations } from "./subtree-export.js";

/**
 * A backup holds every organisation and every account's password hash: it belongs to the system administrator
 * alone. An office takes its own organisation's data through the export below.
 */
export function mayBackUp(actor: Actor): boolean {
  return actor.isAdmin;
}

const idParams = z.object({ id: z.string().uuid() });

const backupAudit = auditTrail<{ "backup.download": Change<null, { bytes: number; sha256: string }> }>("backup");
const exportAudit = auditTrail<{
  "organization.export": Change<null, { bytes: number; organizations: number }>;
}>("organization");

export async function backupRoutes(app: FastifyInstance) {
  // The embedded store can only be copied by the process that owns it; this lets the administrator take a
  // backup without stopping the server. PGlite runs one statement at a time and the dump waits its turn, so the
  // copy holds every committed transaction up to that moment and no half of one. The file is the same verified
  // archive `chibo backup` writes, so `chibo restore` checks it before use.
  app.get(
    "/api/backup",
    { config: { rateLimit: "backup", download: true }, schema: { tags: ["system"] } },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!mayBackUp(actor)) throw new ForbiddenError();
      if (!app.database.pglite) throw new ConflictError("backup_use_pg_dump", "errors.backup_use_pg_dump");
      const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-backup-"));
      try {
        const file = path.join(dir, "backup.tar");
        const manifest = await writeBackupArchive({ database: app.database }, file);
        const bytes = readFileSync(file);
        await backupAudit(
          app.database.db,
          actor,
          "backup.download",
          { organizationId: null, entityId: todayIso() },
          { before: null, after: { bytes: bytes.length, sha256: manifest.payload.sha256 } },
        );
        return reply
          .header("content-type", "application/x-tar")
          .header("content-disposition", contentDisposition(`chibo-${todayIso()}.tar`))
          .header("cache-control", "no-store")
          .send(bytes);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  // The office's own data: every row of the subtree under the organisation, never a password hash or token.
  const exportSchema = {
    config: { rateLimit: "export" as const, download: true },
    schema: { tags: ["system"], params: idParams },
  };
  app.get("/api/organizations/:id/export", exportSchema, async (request, reply) => {
    const actor = requireActor(request);
    const { id } = idParams.parse(request.params);
    // One transaction: the authorisation, the subtree and the files it exports all see the same rows.
    const result = await inTransaction(app.database, async (tx) => {
      const org = await authorize(tx, actor, "data.export", id);
      // Every organisation in the subtree must be within the actor's own reach, not only its top.
      const subtree = await subtreeOrganizations(tx, org.path);
      if (subtree.some((o) => !can(actor, "data.export", o))) throw new ForbiddenError();
      const root = subtree.find((o) => o.id === org.id);
      if (!root) throw new NotFoundError("organization");
      const exported = await exportSubtree(tx, root);
      await exportAudit(
        tx,
        actor,
        "organization.export",
        { organizationId: org.id, entityId: org.id },
        { before: null, after: { bytes: exported.bytes.length, organizations: exported.manifest.organizations } },
      );
      return { ...exported, code: root.code };
    });
    return reply
      .header("content-type", "application/zip")
      .header("content-disposition", contentDisposition(`chibo-${result.code}-${todayIso()}.zip`))
      .header("cache-control", "no-store")
      .send(Buffer.from(result.bytes));
  });
}

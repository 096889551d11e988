import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { authorize, can, type Actor } from "../access/index.js";
import { recordEvent } from "../audit/index.js";
import { queryRows, sql } from "../db/index.js";
import { ConflictError, ForbiddenError } from "../http/errors.js";
import { requireActor } from "../http/route.js";
import { contentDisposition } from "../http/download.js";
import { todayIso } from "../time.js";
import { writeBackupArchive } from "./archive.js";
import { exportSubtree } from "./subtree-export.js";

/**
 * A backup holds every organisation and every account's password hash: it belongs to the system administrator
 * alone. An office takes its own organisation's data through the export below.
 */
export function mayBackUp(actor: Actor): boolean {
  return actor.isAdmin;
}

const idParams = z.object({ id: z.string().uuid() });

export async function backupRoutes(app: FastifyInstance) {
  // The embedded store can only be copied by the process that owns it; this lets the administrator take a
  // backup without stopping the server. PGlite runs one statement at a time and the dump waits its turn, so the
  // copy holds every committed transaction up to that moment and no half of one. The file is the same verified
  // archive `chibo backup` writes, so `chibo restore` checks it before use.
  app.get("/api/backup", { config: { rateLimit: "backup" }, schema: { tags: ["system"] } }, async (request, reply) => {
    const actor = requireActor(request);
    if (!mayBackUp(actor)) throw new ForbiddenError();
    if (!app.database.pglite) throw new ConflictError("backup_use_pg_dump", "errors.backup_use_pg_dump");
    const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-backup-"));
    try {
      const file = path.join(dir, "backup.tar");
      const manifest = await writeBackupArchive({ database: app.database }, file);
      const bytes = readFileSync(file);
      await recordEvent(app.database.db, {
        actorUserId: actor.userId,
        organizationId: null,
        entityType: "backup",
        entityId: todayIso(),
        action: "backup.download",
        before: null,
        after: { bytes: bytes.length, sha256: manifest.payload.sha256 },
      });
      return reply
        .header("content-type", "application/x-tar")
        .header("content-disposition", contentDisposition(`chibo-${todayIso()}.tar`))
        .header("cache-control", "no-store")
        .send(bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The office's own data: every row of the subtree under the organisation, never a password hash or token.
  const exportSchema = { config: { rateLimit: "export" as const }, schema: { tags: ["system"], params: idParams } };
  app.get("/api/organizations/:id/export", exportSchema, async (request, reply) => {
    const actor = requireActor(request);
    const { id } = idParams.parse(request.params);
    const org = await authorize(app.database.db, actor, "data.export", id);
    const result = await app.database.db.transaction(async (tx) => {
      // Every organisation in the subtree must be within the actor's own reach, not only its top.
      const subtree = await queryRows<{ id: string; path: string; code: string; name: string }>(
        tx,
        sql`SELECT id, path, code, name FROM organizations WHERE path LIKE ${`${org.path}%`}`,
      );
      if (subtree.some((o) => !can(actor, "data.export", o))) throw new ForbiddenError();
      const row = subtree.find((o) => o.id === org.id);
      const exported = await exportSubtree(tx, { id: org.id, path: org.path, code: row!.code, name: row!.name });
      await recordEvent(tx, {
        actorUserId: actor.userId,
        organizationId: org.id,
        entityType: "organization",
        entityId: org.id,
        action: "organization.export",
        before: null,
        after: { bytes: exported.bytes.length, organizations: exported.manifest.organizations },
      });
      return { ...exported, code: row!.code };
    });
    return reply
      .header("content-type", "application/zip")
      .header("content-disposition", contentDisposition(`chibo-${result.code}-${todayIso()}.zip`))
      .header("cache-control", "no-store")
      .send(Buffer.from(result.bytes));
  });
}

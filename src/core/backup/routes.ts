import type { FastifyInstance } from "fastify";
import type { Actor } from "../access/index.js";
import { recordEvent } from "../audit/index.js";
import { ConflictError, ForbiddenError } from "../http/errors.js";
import { requireActor } from "../http/route.js";
import { contentDisposition } from "../http/download.js";
import { todayIso } from "../time.js";

/** A backup holds every organisation: only an administrator or the office of a top-level đảng bộ may take one. */
export function mayBackUp(actor: Actor): boolean {
  return actor.isAdmin || actor.scopes.some((s) => s.role === "office" && s.subtree && s.path.split("/").filter(Boolean).length === 1);
}

export async function backupRoutes(app: FastifyInstance) {
  // The embedded store can only be copied by the process that owns it; this lets the office take a
  // backup without stopping the server. PGlite runs one statement at a time and the dump waits its
  // turn, so the copy holds every committed transaction up to that moment and no half of one.
  app.get("/api/backup", { config: { rateLimit: "backup" }, schema: { tags: ["system"] } }, async (request, reply) => {
    const actor = requireActor(request);
    if (!mayBackUp(actor)) throw new ForbiddenError();
    const pglite = app.database.pglite;
    if (!pglite) throw new ConflictError("backup_use_pg_dump", "errors.backup_use_pg_dump");
    const blob = await pglite.dumpDataDir("gzip");
    await recordEvent(app.database.db, { actorUserId: actor.userId, organizationId: null, entityType: "backup", entityId: todayIso(), action: "backup.download", before: null, after: { bytes: blob.size } });
    return reply
      .header("content-type", "application/gzip")
      .header("content-disposition", contentDisposition(`chibo-${todayIso()}.tar.gz`))
      .header("cache-control", "no-store")
      .send(Buffer.from(await blob.arrayBuffer()));
  });
}

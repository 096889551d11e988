import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireActor } from "../http/route.js";
import { NotFoundError } from "../http/errors.js";
import { listNotices, markNoticesRead } from "./index.js";

const tags = ["notices"];

/** The signed-in user's own in-app notices; nobody reads another user's. */
export async function noticeRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  app.get("/api/notices", { schema: { tags } }, async (request) => listNotices(db(), requireActor(request).userId));

  app.post(
    "/api/notices/:id/read",
    { schema: { tags, params: z.object({ id: z.coerce.number().int().positive() }) } },
    async (request) => {
      const actor = requireActor(request);
      if ((await markNoticesRead(db(), actor.userId, request.params.id)) === 0) throw new NotFoundError();
      return { ok: true };
    },
  );

  app.post("/api/notices/read-all", { schema: { tags } }, async (request) => ({
    marked: await markNoticesRead(db(), requireActor(request).userId),
  }));
}

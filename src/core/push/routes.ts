import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { inTransaction } from "../db/index.js";
import { requireActor } from "../http/route.js";
import { subscribe, unsubscribe, vapidKeys } from "./index.js";
import { endpointBody, subscriptionBody } from "./model.js";
import { pushKeySchema, subscribedSchema } from "./present.js";

const tags = ["notices"];

/** The signed-in account's own push subscriptions (ADR 0148): nobody subscribes or unsubscribes another. */
export async function pushRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  // The keys are made when the server starts, not on the first read: a GET never writes (ADR 0149).
  await vapidKeys(app.database.db);

  app.get("/api/push/key", { schema: { tags, response: { 200: pushKeySchema } } }, async (request) => {
    requireActor(request);
    return { publicKey: (await vapidKeys(app.database.db)).publicKey };
  });

  app.put(
    "/api/push/subscription",
    { schema: { tags, body: subscriptionBody, response: { 200: subscribedSchema } } },
    async (request) => {
      const actor = requireActor(request);
      await inTransaction(app.database, (tx) => subscribe(tx, actor.userId, request.body));
      return { subscribed: true };
    },
  );

  app.delete(
    "/api/push/subscription",
    { schema: { tags, body: endpointBody, response: { 200: subscribedSchema } } },
    async (request) => {
      const actor = requireActor(request);
      await unsubscribe(app.database.db, actor.userId, request.body.endpoint);
      return { subscribed: false };
    },
  );
}

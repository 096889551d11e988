import type { FastifyRequest } from "fastify";
import type { Actor } from "../access/index.js";
import type { Database, Tx } from "../db/index.js";
import { UnauthenticatedError } from "./errors.js";

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  return request.actor;
}

/** Every write runs in one transaction: the change, its audit event, or nothing. */
export function inTransaction<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.db.transaction(fn);
}

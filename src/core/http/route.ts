import type { FastifyRequest } from "fastify";
import type { Actor } from "../access/index.js";
import { UnauthenticatedError } from "./errors.js";

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  return request.actor;
}

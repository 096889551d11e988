import type { FastifyInstance } from "fastify";
import { unstorableText } from "./schemas.js";

/** A field the request cannot carry, in the shape of a schema validation issue so it reads like one. */
export interface TextIssue {
  keyword: "custom";
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

/** A request refused because a text in it can never be stored (NUL, half a UTF-16 pair). */
export class UnstorableTextError extends Error {
  constructor(
    readonly status: 400 | 422,
    readonly issues: TextIssue[],
  ) {
    super("unstorable_text");
  }
}

/** Every string (and object key) in a parsed JSON value, query or route parameters that cannot be stored. */
export function unstorableTextIssues(value: unknown, at = "", out: TextIssue[] = []): TextIssue[] {
  if (typeof value === "string") {
    const key = unstorableText(value);
    if (key) out.push({ keyword: "custom", instancePath: at, message: key, params: {} });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableTextIssues(v, `${at}/${i}`, out));
  } else if (value && typeof value === "object" && !ArrayBuffer.isView(value)) {
    for (const [k, v] of Object.entries(value)) {
      const key = unstorableText(k);
      if (key)
        out.push({
          keyword: "custom",
          instancePath: `${at}/${k.replace(/[\u0000\p{Cs}]/gu, "?")}`,
          message: key,
          params: {},
        });
      else unstorableTextIssues(v, `${at}/${k}`, out);
    }
  }
  return out;
}

declare module "fastify" {
  interface FastifyRequest {
    /** Fields of this request that cannot be stored, found before validation; refused with the schema's findings. */
    unstorableText: UnstorableTextError | null;
  }
}

/**
 * Every route: a NUL or a lone surrogate in any field (body, query string, path) is refused with the field named.
 * PostgreSQL cannot store either (NUL in text, a lone surrogate in jsonb), so without this they reached the database
 * and came back as 500s from whichever field happened not to use the shared schemas. Found before the route's schema
 * runs, and answered together with what the schema finds (the error handler merges them), so one answer names
 * every field at fault; when the schema finds nothing, the request stops before its handler.
 */
export function registerTextSafety(app: FastifyInstance) {
  app.decorateRequest("unstorableText", null);
  app.addHook("preValidation", async (request) => {
    const path = [...unstorableTextIssues(request.params), ...unstorableTextIssues(request.query)];
    const body = unstorableTextIssues(request.body);
    if (path.length) request.unstorableText = new UnstorableTextError(400, [...path, ...body]);
    else if (body.length) request.unstorableText = new UnstorableTextError(422, body);
  });
  app.addHook("preHandler", async (request) => {
    if (request.unstorableText) throw request.unstorableText;
  });
}

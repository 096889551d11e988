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
      if (key) out.push({ keyword: "custom", instancePath: `${at}/${k.replace(/[\u0000\p{Cs}]/gu, "?")}`, message: key, params: {} });
      else unstorableTextIssues(v, `${at}/${k}`, out);
    }
  }
  return out;
}

/**
 * Before any route's own validation: a NUL or a lone surrogate in any field (body, query string, path) is refused
 * with the field named. PostgreSQL cannot store either (NUL in text, a lone surrogate in jsonb), so without this
 * they reached the database and came back as 500s from whichever field happened not to use the shared schemas.
 */
export function registerTextSafety(app: FastifyInstance) {
  app.addHook("preValidation", async (request) => {
    const params = unstorableTextIssues(request.params);
    const query = unstorableTextIssues(request.query);
    if (params.length || query.length) throw new UnstorableTextError(400, [...params, ...query]);
    const body = unstorableTextIssues(request.body);
    if (body.length) throw new UnstorableTextError(422, body);
  });
}

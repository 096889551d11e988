import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { isMessageKey, pickLocale, t, type Locale, type Params } from "../i18n/index.js";
import { AppError } from "./errors.js";
import { UnstorableTextError } from "./text-safety.js";

/** RFC 9457 problem details, plus a stable code and per-field messages. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  fields?: Record<string, string>;
}

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

function fieldLabel(locale: Locale, path: string): string {
  const last =
    path
      .split("/")
      .filter(Boolean)
      .filter((p) => !/^\d+$/.test(p))
      .pop() ?? path;
  const key = `fields.${last}`;
  return isMessageKey(key) ? t(locale, key) : last;
}

/** Turns a zod issue into a short message from our catalogue; zod's own wording is too technical for users. */
export function issueMessage(locale: Locale, issue: ValidationIssue): string {
  const p = issue.params;
  if (isMessageKey(issue.message)) return t(locale, issue.message, p as Params);
  switch (issue.keyword) {
    case "invalid_type":
      return issue.message.includes("received undefined")
        ? t(locale, "validation.required")
        : t(locale, "validation.invalid_type");
    case "too_small":
      if (p.origin === "string")
        return Number(p.minimum) <= 1
          ? t(locale, "validation.not_empty")
          : t(locale, "validation.too_short", { min: Number(p.minimum) });
      return t(locale, "validation.too_small", { min: String(p.minimum) });
    case "too_big":
      if (p.origin === "string") return t(locale, "validation.too_long", { max: Number(p.maximum) });
      return t(locale, "validation.too_big", { max: String(p.maximum) });
    case "invalid_format":
      if (p.format === "date" || p.format === "datetime") return t(locale, "validation.invalid_date");
      if (p.format === "email") return t(locale, "validation.invalid_email");
      if (p.format === "uuid") return t(locale, "validation.invalid_uuid");
      return t(locale, "validation.invalid_value");
    case "invalid_value":
      return Array.isArray(p.values)
        ? t(locale, "validation.invalid_option", { options: p.values.map(String).join(", ") })
        : t(locale, "validation.invalid_value");
    case "unrecognized_keys":
      return t(locale, "validation.unknown_field");
    default:
      return t(locale, "validation.invalid_value");
  }
}

export function validationProblem(locale: Locale, issues: ValidationIssue[], status = 422): Problem {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    let path = issue.instancePath.replace(/^\//, "").replace(/\//g, ".");
    if (issue.keyword === "unrecognized_keys" && Array.isArray(issue.params.keys))
      path = [path, issue.params.keys[0]].filter(Boolean).join(".");
    if (!(path in fields)) fields[path || "_"] = issueMessage(locale, issue);
  }
  const details = Object.entries(fields)
    .map(([path, message]) => `${path === "_" ? "" : `${fieldLabel(locale, path.replace(/\./g, "/"))}: `}${message}`)
    .join("; ");
  return {
    type: "about:blank",
    title: t(locale, "errors.bad_request"),
    status,
    code: "validation_failed",
    detail: t(locale, "errors.validation", { details }),
    fields,
  };
}

export function appErrorProblem(locale: Locale, error: AppError): Problem {
  const fields = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, t(locale, v.key, v.params)]));
  const detail = t(locale, error.messageKey, error.params);
  return {
    type: "about:blank",
    title: detail,
    status: error.status,
    code: error.code,
    detail,
    ...(Object.keys(fields).length ? { fields } : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type("application/problem+json; charset=utf-8").send(problem);
}

/** The one place errors become responses: domain errors keep their status; anything unexpected is a logged 500. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const locale = request.locale ?? "vi";
  if (error instanceof AppError) return sendProblem(reply, appErrorProblem(locale, error));
  if (error instanceof UnstorableTextError)
    return sendProblem(reply, validationProblem(locale, error.issues, error.status));
  if (hasZodFastifySchemaValidationErrors(error)) {
    const status = error.validationContext === "body" ? 422 : 400;
    // Unstorable text found before the schema ran comes first, so its field keeps the more precise message.
    const issues = [...(request.unstorableText?.issues ?? []), ...(error.validation as unknown as ValidationIssue[])];
    return sendProblem(reply, validationProblem(locale, issues, status));
  }
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE" || error.statusCode === 413) {
    return sendProblem(reply, {
      type: "about:blank",
      title: t(locale, "errors.payload_too_large"),
      status: 413,
      code: "payload_too_large",
      detail: t(locale, "errors.payload_too_large"),
    });
  }
  // Malformed JSON, wrong content type and similar client mistakes that Fastify rejects before our code.
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return sendProblem(reply, {
      type: "about:blank",
      title: t(locale, "errors.bad_request"),
      status: error.statusCode,
      code: (error.code ?? "bad_request").toLowerCase(),
      detail: t(locale, "errors.bad_request"),
    });
  }
  request.log.error({ err: error }, "unhandled error");
  return sendProblem(reply, {
    type: "about:blank",
    title: t(locale, "errors.internal"),
    status: 500,
    code: "internal",
    detail: t(locale, "errors.internal"),
  });
}

/**
 * Requests the router refuses before any hook runs: a path that is not valid percent-encoded UTF-8, or a path
 * parameter longer than the router accepts. The language comes from Accept-Language alone (no cookie parsed yet).
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const locale = pickLocale(null, request.headers["accept-language"]);
  const status =
    error.code === "FST_ERR_MAX_PARAM_LENGTH" ? 414 : (error.statusCode ?? 400) < 500 ? (error.statusCode ?? 400) : 400;
  const detail = t(locale, "errors.bad_url");
  return sendProblem(reply, {
    type: "about:blank",
    title: detail,
    status,
    code: (error.code ?? "bad_url").toLowerCase(),
    detail,
  });
}

import type { Params } from "../i18n/index.js";

/**
 * Errors the domain raises on purpose. Each carries a stable `code` (for clients and tests)
 * and a catalogue key for the human message, translated when the response is written.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: string,
    readonly params: Params = {},
    /** field path → catalogue key (or literal message) */
    readonly fields: Record<string, { key: string; params?: Params }> = {},
  ) {
    super(code);
  }
}

export class NotFoundError extends AppError {
  constructor(what = "resource") {
    super(404, "not_found", "errors.not_found", { what });
  }
}

export class ForbiddenError extends AppError {
  constructor() {
    super(403, "forbidden", "errors.forbidden");
  }
}

export class UnauthenticatedError extends AppError {
  constructor() {
    super(401, "unauthenticated", "errors.unauthenticated");
  }
}

export class ConflictError extends AppError {
  constructor(code: string, messageKey: string, params: Params = {}) {
    super(409, code, messageKey, params);
  }
}

/** A record was changed by someone else since the client read it (optimistic locking). */
export class StaleVersionError extends ConflictError {
  constructor() {
    super("stale_version", "errors.stale_version");
  }
}

/** Input that is well-formed but breaks a rule; names the offending field. */
export class RuleError extends AppError {
  constructor(code: string, field: string | null, messageKey: string, params: Params = {}) {
    super(422, code, messageKey, params, field ? { [field]: { key: messageKey, params } } : {});
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, "rate_limited", "errors.rate_limited", { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
  }
}

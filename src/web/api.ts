import { isOffline, noteAnswer } from "./pwa/offline";
import { SAVED_AT } from "./pwa/rules";

/**
 * The one way the browser talks to the chibo API: same-origin cookies, the session's CSRF token on every
 * state-changing call, and problem+json errors turned into an ApiError the pages can show.
 */

export interface Problem {
  status: number;
  code: string;
  /** Already in the user's language. Empty for network failures (the UI supplies its own text). */
  detail: string;
  fields?: Record<string, string>;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code);
    this.name = "ApiError";
  }

  get status(): number {
    return this.problem.status;
  }
}

let csrfToken = "";

/** Set from /api/auth/me; sent as x-csrf-token on every non-GET request. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

async function readProblem(res: Response): Promise<Problem> {
  try {
    const body: unknown = await res.json();
    if (isRecord(body) && typeof body.code === "string") {
      const fields = isRecord(body.fields) ? (body.fields as Record<string, string>) : undefined;
      return {
        status: res.status,
        code: body.code,
        detail: typeof body.detail === "string" ? body.detail : "",
        fields,
      };
    }
  } catch {
    // Not JSON (a proxy error page, for example): fall through to a generic problem.
  }
  return { status: res.status, code: res.status >= 500 ? "internal" : "bad_request", detail: "" };
}

export async function request<T>(method: "GET" | "POST" | "PUT" | "DELETE", url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET") {
    headers["x-csrf-token"] = csrfToken;
    headers["content-type"] = "application/json";
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: "same-origin",
      headers,
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiError({ status: 0, code: networkFailure(method), detail: "" });
  }
  noteAnswer(res.headers.get(SAVED_AT));
  if (!res.ok) throw new ApiError(await readProblem(res));
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/**
 * Why a call reached no server. Offline, a read has no kept copy on this phone, and a write is refused rather than
 * queued (ADR 0147): the form keeps what was typed, and the member sends it again when the network is back.
 */
function networkFailure(method: string): string {
  if (!isOffline()) return "network";
  return method === "GET" ? "offline_read" : "offline_write";
}

export const api = {
  get: <T>(url: string) => request<T>("GET", url),
  post: <T>(url: string, body?: unknown) => request<T>("POST", url, body),
  put: <T>(url: string, body?: unknown) => request<T>("PUT", url, body),
};

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export interface UploadProgress {
  /** 0..1 while the bytes travel; the server then works on the file. */
  sent: number;
  done: boolean;
}

/**
 * Sends a file's raw bytes with XMLHttpRequest (fetch cannot report upload progress).
 * The promise settles with the JSON answer or an ApiError, like `request`.
 */
export function uploadFile<T>(url: string, file: File, onProgress: (p: UploadProgress) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("x-csrf-token", csrfToken);
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ sent: event.loaded / event.total, done: false });
    };
    xhr.upload.onload = () => onProgress({ sent: 1, done: true });
    xhr.onerror = () => reject(new ApiError({ status: 0, code: networkFailure("POST"), detail: "" }));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
        return;
      }
      const record = isRecord(body) ? body : {};
      reject(
        new ApiError({
          status: xhr.status,
          code: typeof record.code === "string" ? record.code : "internal",
          detail: typeof record.detail === "string" ? record.detail : "",
          fields: isRecord(record.fields) ? (record.fields as Record<string, string>) : undefined,
        }),
      );
    };
    xhr.send(file);
  });
}

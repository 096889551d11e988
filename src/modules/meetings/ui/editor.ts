import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "../../../web/api";
import { useNotifyError } from "../../../web/ui";
import { meetingKeys, type MeetingDetail } from "./queries";

export type SaveState = "idle" | "dirty" | "saving" | "saved" | "error";

/**
 * Saves a meeting's fields as they are typed: each change waits a short debounce, then goes to the server
 * with the version last seen. Saves run one after another, so one device never trips over its own edits;
 * another device's edit answers 409 and the page reloads the record instead of overwriting it. A refused save keeps
 * its values waiting ("error", retried by the next flush) and its per-field messages in `errors`.
 */
export function useMeetingEditor(m: MeetingDetail) {
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const version = useRef(m.version);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const pending = useRef<Record<string, unknown>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [state, setState] = useState<SaveState>("idle");
  // A refused save's per-field messages, shown at the fields; a field's next change clears its own.
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    if (m.version > version.current) version.current = m.version;
  }, [m.version]);

  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: meetingKeys.detail(m.id) }),
    [queryClient, m.id],
  );

  const flush = useCallback((): Promise<void> => {
    clearTimeout(timer.current);
    const body = pending.current;
    pending.current = {};
    if (Object.keys(body).length === 0) return chain.current;
    chain.current = chain.current.then(async () => {
      setState("saving");
      try {
        const row = await api.put<{ version: number }>(`/api/meetings/${m.id}`, { ...body, version: version.current });
        version.current = row.version;
        setState(Object.keys(pending.current).length ? "dirty" : "saved");
      } catch (error) {
        setState("error");
        const fields = error instanceof ApiError ? error.problem.fields : undefined;
        if (fields && Object.keys(fields).length > 0) setErrors(fields);
        else notifyError(error);
        if (error instanceof ApiError && error.status === 409) void refresh();
        // What failed waits for a retry, unless a newer value was typed meanwhile; a 409 reloads the record instead.
        else pending.current = { ...body, ...pending.current };
      }
    });
    return chain.current;
  }, [m.id, notifyError, refresh]);

  const change = useCallback(
    (field: string, value: unknown) => {
      pending.current[field] = value;
      setState("dirty");
      setErrors((e) => (field in e ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== field)) : e));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), 600);
    },
    [flush],
  );

  // Leaving the page (or reloading it) sends what is waiting.
  useEffect(() => {
    const onHide = () => void flush();
    window.addEventListener("pagehide", onHide);
    return () => {
      window.removeEventListener("pagehide", onHide);
      void flush();
    };
  }, [flush]);

  /** Runs an action that needs the current version (transition, approval) after pending saves. */
  const withVersion = useCallback(
    async <T extends { version?: number }>(action: (version: number) => Promise<T>): Promise<T> => {
      await flush();
      const result = await action(version.current);
      if (typeof result.version === "number") version.current = result.version;
      await refresh();
      return result;
    },
    [flush, refresh],
  );

  return { change, flush, state, errors, withVersion, refresh };
}

/** Small building blocks shared by every page: loading and error states, notifications, dates, badges, form modals. */
import { useCallback, useEffect, useRef, useState, type FormEvent, type MutableRefObject, type ReactNode } from "react";
import { Alert, Badge, Button, Center, Group, Loader, Paper, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { ApiError } from "./api";
import { formatDate, useT, useTranslateAny, type Translate } from "./i18n";
import type { MemberStatus, Probation, RuleWarning } from "./types";

export type FieldErrors = Record<string, string>;

/** The message to show for any error: the server's own words when it sent some. */
export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.problem.detail) return error.problem.detail;
    if (error.problem.code === "network") return t("ui.errors.network");
    if (error.problem.code === "offline_write") return t("ui.pwa.writeRefused");
    if (error.problem.code === "offline_read") return t("ui.pwa.notKept");
  }
  return t("errors.internal");
}

/** Shows an error; returns the notification's id so a later success can take it away. */
export function useNotifyError(): (error: unknown) => string {
  const t = useT();
  return useCallback(
    (error: unknown) =>
      notifications.show({
        color: "red",
        title: t("ui.errors.title"),
        message: errorMessage(error, t),
        autoClose: 10_000,
      }),
    [t],
  );
}

export function notifySuccess(message: string): void {
  notifications.show({ color: "green", message, autoClose: 5_000 });
}

export function PageLoader() {
  const t = useT();
  return (
    <Center py="xl" role="status">
      <Group gap="sm">
        <Loader size="md" />
        <Text>{t("ui.loading")}</Text>
      </Group>
    </Center>
  );
}

export function PageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <Alert color="red" title={t("ui.errors.title")} my="md" role="alert">
      <Stack gap="sm" align="flex-start">
        <Text>{errorMessage(error, t)}</Text>
        {onRetry && (
          <Button variant="outline" color="red" onClick={onRetry}>
            {t("ui.retry")}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function useIsPhone(): boolean {
  return useMediaQuery("(max-width: 48em)", true, { getInitialValueInEffect: false });
}

export function StatusBadge({ status }: { status: MemberStatus }) {
  const t = useT();
  return (
    <Badge
      color={status === "full" ? "teal.9" : "orange.9"}
      variant="outline"
      bg="white"
      style={{ flexShrink: 0 }}
      styles={{ label: { whiteSpace: "nowrap" } }}
    >
      {t(status === "full" ? "status.full" : "status.probationary")}
    </Badge>
  );
}

export function ProbationBadge({ probation }: { probation: Probation }) {
  const t = useT();
  if (probation.stage === "overdue") {
    return (
      <Badge color="red.9" variant="filled">
        {t("ui.probation.overdue", { date: formatDate(probation.endsOn) })}
      </Badge>
    );
  }
  return (
    <Badge
      color={probation.stage === "due" ? "orange.9" : "gray.8"}
      variant={probation.stage === "due" ? "filled" : "outline"}
    >
      {t("ui.probation.endsIn", { date: formatDate(probation.endsOn), days: probation.daysLeft })}
    </Badge>
  );
}

/** Rule warnings from the server: a catalogue key with parameters, and the rule's source in small print. */
export function WarningList({ warnings, limit }: { warnings: RuleWarning[]; limit?: number }) {
  const tr = useTranslateAny();
  const t = useT();
  const [all, setAll] = useState(false);
  if (warnings.length === 0) return null;
  // A long list (a đảng bộ's probations) shows its first, most urgent warnings; the rest on request.
  const shown = all || limit === undefined ? warnings : warnings.slice(0, limit);
  return (
    <Stack gap="xs">
      {shown.map((w, i) => (
        <Alert
          key={`${w.code}-${i}`}
          color={w.code.endsWith("overdue") ? "red" : "orange"}
          variant="light"
          title={tr(w.messageKey, w.params)}
          styles={{ title: { color: "var(--mantine-color-black)", fontWeight: 600 } }}
          style={{ borderLeft: `5px solid var(--mantine-color-${w.code.endsWith("overdue") ? "red" : "orange"}-8)` }}
        >
          <Text size="xs" c="dimmed">
            {t("ui.warningSource", { source: w.source })}
          </Text>
        </Alert>
      ))}
      {shown.length < warnings.length && (
        <Button variant="light" onClick={() => setAll(true)}>
          {t("ui.warnings.showAll", { count: warnings.length })}
        </Button>
      )}
    </Stack>
  );
}

/** Label-value pairs: stacked on phones, two columns on wider screens. */
export function InfoList({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="chibo-info">
      {items.map((item) => (
        <div key={item.label} className="chibo-info-row">
          <dt>{item.label}</dt>
          <dd>{item.value === null || item.value === undefined || item.value === "" ? "—" : item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** What useApiForm gives a form; FormError and FormModal take it to show the error at the submit button. */
export interface ApiForm {
  /** The server's per-field messages of the last refusal, by the field's path ("veto.reason", "elected.0.memberId"). */
  errors: FieldErrors;
  setErrors: (errors: FieldErrors) => void;
  busy: boolean;
  run: (event?: FormEvent) => Promise<void>;
  lastError: ApiError | null;
  /** The last refusal in the server's words, shown at the submit button; null after a success or a new attempt. */
  formError: string | null;
  /** Set while a FormError shows formError, so no notification repeats it. */
  shownInline: MutableRefObject<boolean>;
}

/**
 * Runs a form submission: clears old errors, keeps the per-field messages of a 422 for the inputs and the server's
 * message for the submit button (FormError). A form that shows no FormError gets a notification instead.
 */
export function useApiForm<T>(submit: () => Promise<T>, onDone: (result: T) => void): ApiForm {
  const t = useT();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [lastError, setLastError] = useState<ApiError | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const shown = useRef<string | null>(null);
  const shownInline = useRef(false);
  const notifyError = useNotifyError();
  const run = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    setLastError(null);
    setFormError(null);
    // The previous attempt's error no longer applies.
    if (shown.current) notifications.hide(shown.current);
    shown.current = null;
    try {
      const result = await submit();
      onDone(result);
    } catch (error) {
      const fields = error instanceof ApiError ? error.problem.fields : undefined;
      const hasFields = !!fields && Object.keys(fields).length > 0;
      if (error instanceof ApiError) setLastError(error);
      if (hasFields) setErrors(fields);
      // The message stays beside the submit button the person just pressed: a field scrolled out of sight on a phone
      // or a refusal that names no field is never silent.
      setFormError(errorMessage(error, t));
      // Field errors are shown under their inputs; a notice on top of them would hide the first one on a phone.
      if (!shownInline.current && !hasFields) shown.current = notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  return { errors, setErrors, busy, run, lastError, formError, shownInline };
}

/** The last refusal of a form, in the server's words, where the person looks after pressing save. */
export function FormError({ form }: { form: Pick<ApiForm, "formError" | "shownInline"> }) {
  const t = useT();
  const { shownInline } = form;
  useEffect(() => {
    shownInline.current = true;
    return () => {
      shownInline.current = false;
    };
  }, [shownInline]);
  if (!form.formError) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={t("ui.forms.notSaved")} data-testid="form-error">
      {form.formError}
    </Alert>
  );
}

/** Text inputs hold "" for "no value"; the API wants null. */
export function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** The browser tab shows the page, then the app name. */
export function usePageTitle(title: string | null | undefined): void {
  const t = useT();
  useEffect(() => {
    document.title = title ? `${title} — ${t("app.name")}` : t("app.name");
  }, [title, t]);
}

/** A whole-card link: a big touch target whose text wraps instead of being cut. */
export function LinkCard({ to, title, description }: { to: string; title: string; description?: string }) {
  return (
    <Paper withBorder radius="md" p="md" component={Link} to={to} className="chibo-card-link">
      <Text fw={700} c="brand.8">
        {title}
      </Text>
      {description && (
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      )}
    </Paper>
  );
}

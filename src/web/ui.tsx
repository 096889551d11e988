/** Small building blocks shared by every page: loading and error states, notifications, dates, badges, form modals. */
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";
import { Alert, Badge, Button, Center, Group, Loader, Modal, Stack, Text } from "@mantine/core";
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
  }
  return t("errors.internal");
}

export function useNotifyError(): (error: unknown) => void {
  const t = useT();
  return useCallback(
    (error: unknown) => {
      notifications.show({ color: "red", title: t("ui.errors.title"), message: errorMessage(error, t), autoClose: 10_000 });
    },
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
    <Badge color={status === "full" ? "teal.9" : "orange.9"} variant="light">
      {t(status === "full" ? "status.full" : "status.probationary")}
    </Badge>
  );
}

export function ProbationBadge({ probation }: { probation: Probation }) {
  const t = useT();
  if (probation.stage === "overdue") {
    return (
      <Badge color="red.9" variant="filled" style={{ whiteSpace: "normal", height: "auto" }}>
        {t("ui.probation.overdue", { date: formatDate(probation.endsOn) })}
      </Badge>
    );
  }
  return (
    <Badge color={probation.stage === "due" ? "orange.9" : "gray.8"} variant={probation.stage === "due" ? "filled" : "outline"} style={{ whiteSpace: "normal", height: "auto" }}>
      {t("ui.probation.endsIn", { date: formatDate(probation.endsOn), days: probation.daysLeft })}
    </Badge>
  );
}

/** Rule warnings from the server: a catalogue key with parameters, and the rule's source in small print. */
export function WarningList({ warnings }: { warnings: RuleWarning[] }) {
  const tr = useTranslateAny();
  const t = useT();
  if (warnings.length === 0) return null;
  return (
    <Stack gap="xs">
      {warnings.map((w, i) => (
        <Alert key={`${w.code}-${i}`} color="orange" variant="light" title={tr(w.messageKey, w.params)}>
          <Text size="xs" c="dimmed">
            {t("ui.warningSource", { source: w.source })}
          </Text>
        </Alert>
      ))}
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

/**
 * Runs a form submission: clears old errors, keeps the per-field messages of a 422 for the inputs,
 * shows the server's detail in a notification.
 */
export function useApiForm<T>(submit: () => Promise<T>, onDone: (result: T) => void) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [lastError, setLastError] = useState<ApiError | null>(null);
  const notifyError = useNotifyError();
  const run = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    setLastError(null);
    try {
      const result = await submit();
      onDone(result);
    } catch (error) {
      if (error instanceof ApiError) {
        setLastError(error);
        if (error.problem.fields) setErrors(error.problem.fields);
      }
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  return { errors, setErrors, busy, run, lastError };
}

interface FormModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  submitLabel: string;
  busy: boolean;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
  color?: string;
}

/** A modal holding one small form: full screen on phones, so the keyboard never hides the buttons. */
export function FormModal({ opened, onClose, title, submitLabel, busy, onSubmit, children, color }: FormModalProps) {
  const t = useT();
  const isPhone = useIsPhone();
  return (
    <Modal opened={opened} onClose={onClose} title={title} fullScreen={isPhone} closeButtonProps={{ "aria-label": t("ui.close") }}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {children}
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t("ui.cancel")}
            </Button>
            <Button type="submit" loading={busy} color={color}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
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

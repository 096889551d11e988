import { Alert, Paper, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "./api";
import { formatDateTime, useT } from "./i18n";
import type { BackupStatus } from "../core/backup/status-route";

/** The card's read; the home's one call fills it for the first screen (ADR 0191). */
export const BACKUP_STATUS_KEY = ["backup", "status"] as const;

/**
 * On the home of whoever runs the installation (an office, an administrator): when the data was last backed up,
 * and a warning when that is more than a day ago or never. Nothing when backups are not chibo's (PostgreSQL).
 */
export function BackupCard() {
  const t = useT();
  const status = useQuery({
    queryKey: BACKUP_STATUS_KEY,
    queryFn: () => api.get<BackupStatus>("/api/backup/status"),
    retry: false,
    staleTime: 5 * 60_000,
  });
  const s = status.data;
  if (!s?.scheduled) return null;
  const last = s.lastGoodAt ? t("ui.backup.lastGood", { when: formatDateTime(s.lastGoodAt) }) : t("ui.backup.none");
  const failed = s.lastFailureAt && (
    <Text mt={4}>{t("ui.backup.failed", { when: formatDateTime(s.lastFailureAt) })}</Text>
  );
  if (s.stale) {
    return (
      <Alert color="red" title={t("ui.backup.title")} role="alert" data-testid="backup-status">
        <Text fw={600}>{last}</Text>
        <Text mt={4}>{t("ui.backup.stale")}</Text>
        {failed}
      </Alert>
    );
  }
  return (
    <Paper withBorder p="md" radius="md" component="section" data-testid="backup-status">
      <Title order={2} mb="xs">
        {t("ui.backup.title")}
      </Title>
      <Text fw={600}>{last}</Text>
      <Text c="dimmed">{t("ui.backup.ok")}</Text>
      {failed}
    </Paper>
  );
}

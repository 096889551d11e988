import { Alert, Button, Group, Text } from "@mantine/core";
import { useT } from "../i18n";
import { savedAtLabel, useOfflineState } from "./offline";

/** Above every page: offline, and how old the data shown is; or a new version waiting for a reload (ADR 0147). */
export function OfflineBanner() {
  const t = useT();
  const { offline, savedAt, update } = useOfflineState();
  return (
    <>
      {offline && (
        <Alert color="orange" variant="filled" radius="md" mb="md" role="status" data-testid="offline-banner">
          <Text fw={700} size="md">
            {savedAt ? stamp(t, savedAt) : t("ui.pwa.offline")}
          </Text>
          <Text size="sm">{t("ui.pwa.offlineHelp")}</Text>
        </Alert>
      )}
      {update && !offline && (
        <Alert color="blue" variant="light" radius="md" mb="md" role="status" data-testid="update-banner">
          <Group justify="space-between" gap="xs">
            <Text size="md">{t("ui.pwa.updateReady")}</Text>
            <Button size="sm" onClick={update}>
              {t("ui.pwa.reload")}
            </Button>
          </Group>
        </Alert>
      )}
    </>
  );
}

function stamp(t: ReturnType<typeof useT>, savedAt: string): string {
  const { time, date } = savedAtLabel(savedAt, new Date());
  return date ? t("ui.pwa.offlineAtDay", { time, date }) : t("ui.pwa.offlineAt", { time });
}

import { useEffect, useState } from "react";
import { Alert, Paper, Switch, Text } from "@mantine/core";
import { useT } from "../i18n";
import { notifySuccess, useNotifyError } from "../ui";
import { currentSubscription, disablePush, enablePush, pushRegistration } from "./push";

/** "Nhận thông báo trên thiết bị này": Web Push for this browser, on the notices page (ADR 0148). */
export function PushToggle() {
  const t = useT();
  const notifyError = useNotifyError();
  const [supported, setSupported] = useState<boolean | null>(null);
  const [on, setOn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [denied, setDenied] = useState(false);

  useEffect(() => {
    void (async () => {
      const registration = await pushRegistration();
      setSupported(!!registration);
      if (registration) setOn(!!(await currentSubscription()));
    })();
  }, []);

  const change = async (next: boolean) => {
    setBusy(true);
    setDenied(false);
    try {
      if (next) {
        const result = await enablePush();
        setDenied(result === "denied");
        setSupported(result !== "unsupported");
        setOn(result === "on");
        if (result === "on") notifySuccess(t("ui.pwa.push.on"));
      } else {
        await disablePush();
        setOn(false);
        notifySuccess(t("ui.pwa.push.off"));
      }
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="push-toggle">
      <Switch
        size="lg"
        label={t("ui.pwa.push.toggle")}
        description={t("ui.pwa.push.help")}
        checked={on}
        disabled={!supported || busy}
        onChange={(event) => void change(event.currentTarget.checked)}
        styles={{ label: { fontWeight: 600 } }}
      />
      {supported === false && (
        <Text size="sm" c="dimmed" mt="xs">
          {t("ui.pwa.push.unsupported")}
        </Text>
      )}
      {denied && (
        <Alert color="orange" variant="light" mt="sm" role="alert">
          {t("ui.pwa.push.denied")}
        </Alert>
      )}
    </Paper>
  );
}

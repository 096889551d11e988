import { useState } from "react";
import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api } from "../../../web/api";
import { ME_KEY, useCurrentUser } from "../../../web/auth";
import { useT } from "../../../web/i18n";
import { notifySuccess, useApiForm, usePageTitle, FormError } from "../../../web/ui";
import { PasswordField } from "../../../web/PasswordField";

const MIN_LENGTH = 10;

export function ChangePasswordPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const [confirm, setConfirm] = useState("");
  usePageTitle(t("ui.password.title"));

  const form = useApiForm(
    () => api.post("/api/auth/password", { currentPassword, newPassword }),
    async () => {
      notifySuccess(t("ui.password.changed"));
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
      navigate("/", { replace: true });
    },
  );

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!currentPassword) errors.currentPassword = t("validation.required");
    if (newPassword.length < MIN_LENGTH) errors.newPassword = t("errors.password_too_short", { min: MIN_LENGTH });
    if (confirm !== newPassword) errors.confirm = t("ui.password.mismatch");
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    void form.run();
  };

  return (
    <Stack gap="md" maw={520}>
      <Title order={1}>{t("ui.password.title")}</Title>
      {me.mustChangePassword && (
        <Alert color="orange" variant="light" title={t("ui.password.mustChangeTitle")}>
          <Text>{t("ui.password.mustChange")}</Text>
        </Alert>
      )}
      <Paper withBorder p="md" radius="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <PasswordField
              label={t("fields.currentPassword")}
              value={currentPassword}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              autoComplete="current-password"
              error={form.errors.currentPassword}
              required
            />
            <PasswordField
              label={t("fields.newPassword")}
              description={t("ui.password.rules", { min: MIN_LENGTH })}
              value={newPassword}
              onChange={(e) => setNew(e.currentTarget.value)}
              autoComplete="new-password"
              error={form.errors.newPassword}
              required
            />
            <PasswordField
              label={t("ui.password.confirm")}
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              autoComplete="new-password"
              error={form.errors.confirm}
              required
            />
            <FormError form={form} />
            <Group justify="flex-end">
              {!me.mustChangePassword && (
                <Button variant="default" onClick={() => navigate(-1)}>
                  {t("ui.cancel")}
                </Button>
              )}
              <Button type="submit" loading={form.busy}>
                {t("ui.password.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

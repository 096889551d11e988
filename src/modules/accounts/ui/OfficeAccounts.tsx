/** The sign-ins that run an organisation's records (the office of a đảng ủy), and creating one. */
import { useState } from "react";
import { Badge, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { FormModal } from "../../../web/FormModal";
import { api } from "../../../web/api";
import { useT } from "../../../web/i18n";
import { notifySuccess, orNull, PageError, useApiForm } from "../../../web/ui";
import { PasswordField } from "../../../web/PasswordField";
import type { OrganizationDetail } from "../../organizations/present";
import type { CreatedAccount, OfficeAccountList } from "../present";

const MIN_PASSWORD = 10;
/** A name stored on the account and shown to colleagues, so in Vietnamese whatever the screen language (like "ĐU"). */
const DEFAULT_DISPLAY_NAME = "Văn phòng Đảng ủy";

const officeKey = (organizationId: string) => ["organization", organizationId, "office-accounts"] as const;

export function OfficeAccounts({ org }: { org: OrganizationDetail }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  const accounts = useQuery({
    queryKey: officeKey(org.id),
    queryFn: async () => (await api.get<OfficeAccountList>(`/api/organizations/${org.id}/office-accounts`)).items,
  });
  const items = accounts.data ?? [];

  return (
    <section aria-labelledby="office-accounts-title">
      <Title order={2} id="office-accounts-title" mb="xs">
        {t("ui.office.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("ui.office.help")}
      </Text>
      {accounts.isPending ? (
        <Loader size="sm" />
      ) : accounts.isError ? (
        <PageError error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : items.length === 0 ? (
        <Paper withBorder p="md" radius="md" bg="gray.0">
          <Text>{t("ui.office.none")}</Text>
        </Paper>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {items.map((a) => (
            <Paper key={a.id} component="li" withBorder p="md" radius="md">
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text fw={700} style={{ minWidth: 0 }}>
                  {a.displayName}
                </Text>
                <Badge variant="light" color={a.role === "office" ? "brand" : "gray"} style={{ flexShrink: 0 }}>
                  {t(a.role === "office" ? "ui.office.role.office" : "ui.office.role.viewer")}
                </Badge>
              </Group>
              <Text size="sm">{t("ui.office.usernameLine", { username: a.username })}</Text>
              {a.email && (
                <Text size="sm" c="dimmed">
                  {a.email}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      )}
      {!org.closedOn && (
        <Button mt="sm" onClick={() => setAdding(true)}>
          {t("ui.office.add")}
        </Button>
      )}
      {adding && <CreateOfficeAccountModal org={org} onClose={() => setAdding(false)} />}
    </section>
  );
}

function CreateOfficeAccountModal({ org, onClose }: { org: OrganizationDetail; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState(DEFAULT_DISPLAY_NAME);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const form = useApiForm(
    () =>
      api.post<CreatedAccount>(`/api/organizations/${org.id}/office-accounts`, {
        username: username.trim(),
        displayName: displayName.trim(),
        email: orNull(email),
        password,
      }),
    async (created) => {
      notifySuccess(t("ui.office.created", { username: created.username }));
      await queryClient.invalidateQueries({ queryKey: officeKey(org.id) });
      onClose();
    },
  );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.office.addTitle", { name: org.name })}
      submitLabel={t("ui.office.submit")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      <Text size="sm">{t("ui.office.formHelp")}</Text>
      <TextInput
        label={t("fields.username")}
        description={t("ui.office.usernameHelp")}
        value={username}
        onChange={(e) => setUsername(e.currentTarget.value)}
        error={form.errors.username}
        required
        autoCapitalize="none"
        autoCorrect="off"
        autoComplete="off"
        spellCheck={false}
      />
      <TextInput
        label={t("fields.displayName")}
        value={displayName}
        onChange={(e) => setDisplayName(e.currentTarget.value)}
        error={form.errors.displayName}
        required
      />
      <TextInput
        label={t("fields.email")}
        description={t("ui.office.emailHelp")}
        type="email"
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        error={form.errors.email}
        autoCapitalize="none"
        autoComplete="off"
      />
      <PasswordField
        label={t("fields.password")}
        description={t("ui.password.rules", { min: MIN_PASSWORD })}
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={form.errors.password}
        autoComplete="new-password"
        required
      />
    </FormModal>
  );
}

import { useState, type FormEvent } from "react";
import { Alert, Box, Button, Container, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { api, ApiError } from "../../../web/api";
import { ME_KEY, useMe } from "../../../web/auth";
import { useI18n, useT } from "../../../web/i18n";
import { LanguageSwitch } from "../../../web/layout/LanguageSwitch";
import { errorMessage, PageLoader, usePageTitle, type FieldErrors } from "../../../web/ui";
import { PasswordField } from "../../../web/PasswordField";
import type { SignedIn } from "../present";

/** Only paths inside this site may be a destination after sign-in. */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function SignInPage() {
  const t = useT();
  const { locale } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  usePageTitle(t("ui.signIn.title"));

  if (me.isPending) return <PageLoader />;
  if (me.data && !busy)
    return <Navigate to={me.data.mustChangePassword ? "/doi-mat-khau" : safeNext(params.get("next"))} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: FieldErrors = {};
    if (!login.trim()) missing.login = t("validation.required");
    if (!password) missing.password = t("validation.required");
    setFieldErrors(missing);
    setError(null);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      // ?lang= makes the server answer a failed sign-in in the language on screen.
      const result = await api.post<SignedIn>(`/api/auth/login?lang=${locale}`, {
        login: login.trim(),
        password,
      });
      await queryClient.resetQueries({ queryKey: ME_KEY });
      await queryClient.fetchQuery({ queryKey: ME_KEY });
      navigate(result.mustChangePassword ? "/doi-mat-khau" : safeNext(params.get("next")), { replace: true });
    } catch (err) {
      setError(errorMessage(err, t));
      if (err instanceof ApiError && err.problem.fields) setFieldErrors(err.problem.fields);
      setBusy(false);
    }
  };

  return (
    <Box mih="100vh" bg="gray.0" py="md">
      <Container size={460} px="md">
        <Group justify="flex-end" mb="md">
          <LanguageSwitch />
        </Group>
        <Paper
          withBorder
          shadow="sm"
          p="lg"
          radius="lg"
          style={{ borderTop: "5px solid var(--mantine-color-brand-7)" }}
        >
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <div>
                <Title order={1} c="brand.7">
                  {t("app.name")}
                </Title>
                <Text size="lg" mt={4}>
                  {t("ui.signIn.title")}
                </Text>
              </div>
              {error && (
                <Alert color="red" variant="light" role="alert" title={t("ui.signIn.failed")}>
                  <Text>{error}</Text>
                </Alert>
              )}
              <TextInput
                label={t("fields.login")}
                value={login}
                onChange={(e) => setLogin(e.currentTarget.value)}
                autoComplete="username"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                size="lg"
                error={fieldErrors.login}
                required
              />
              <PasswordField
                label={t("fields.password")}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                autoComplete="current-password"
                size="lg"
                error={fieldErrors.password}
                required
              />
              <Button type="submit" size="lg" fullWidth loading={busy}>
                {t("ui.signIn.submit")}
              </Button>
              <Text size="sm" c="dimmed">
                {t("ui.signIn.help")}
              </Text>
            </Stack>
          </form>
        </Paper>
      </Container>
    </Box>
  );
}

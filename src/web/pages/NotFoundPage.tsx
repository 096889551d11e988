import { Button, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { useT } from "../i18n";
import { usePageTitle } from "../ui";

export function NotFoundPage() {
  const t = useT();
  usePageTitle(t("ui.notFound.title"));
  return (
    <Stack gap="md" align="flex-start" py="lg">
      <Title order={1}>{t("ui.notFound.title")}</Title>
      <Text size="lg">{t("ui.notFound.text")}</Text>
      <Button component={Link} to="/" size="lg">
        {t("ui.notFound.home")}
      </Button>
    </Stack>
  );
}

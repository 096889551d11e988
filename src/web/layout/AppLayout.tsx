import { useEffect } from "react";
import { Anchor, AppShell, Burger, Container, Divider, Group, NavLink, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, Outlet, useLocation } from "react-router";
import { useCurrentUser } from "../auth";
import { useT } from "../i18n";
import { OrganizationTree } from "../../modules/organizations/ui/OrganizationTree";
import { NoticeBell } from "../notices";
import { InspectionsNavEntry } from "../../modules/inspections/ui/NavEntry";
import { OfflineBanner } from "../pwa/OfflineBanner";
import { LanguageSwitch } from "./LanguageSwitch";
import { UserMenu } from "./UserMenu";

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const t = useT();
  const me = useCurrentUser();
  const location = useLocation();

  // A new page starts at the top, and on a phone the menu gets out of the way.
  useEffect(() => {
    window.scrollTo(0, 0);
    close();
  }, [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 300, breakpoint: "md", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header style={{ borderBottom: "3px solid var(--mantine-color-brand-7)" }}>
        <Group h="100%" px={{ base: 6, xs: "sm" }} justify="space-between" wrap="nowrap" gap={8}>
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="md"
              size="md"
              aria-label={t(opened ? "ui.nav.close" : "ui.nav.open")}
            />
            <Anchor
              component={Link}
              to="/"
              underline="never"
              c="brand.7"
              fw={800}
              fz={{ base: "sm", xs: "lg" }}
              style={{ whiteSpace: "nowrap" }}
            >
              {t("app.name")}
            </Anchor>
          </Group>
          <Group gap={4} wrap="nowrap">
            <NoticeBell />
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t("ui.nav.label")}>
        <AppShell.Section>
          <NavLink
            component={Link}
            to="/"
            label={t("ui.nav.home")}
            active={location.pathname === "/"}
            onClick={close}
            style={{ borderRadius: "var(--mantine-radius-md)", minHeight: 48 }}
            styles={{ label: { fontSize: "var(--mantine-font-size-md)", fontWeight: 600 } }}
          />
          {me.member && (
            <NavLink
              component={Link}
              to={`/dang-vien/${me.member.id}`}
              label={t("ui.user.myRecord")}
              active={location.pathname === `/dang-vien/${me.member.id}`}
              onClick={close}
              style={{ borderRadius: "var(--mantine-radius-md)", minHeight: 48 }}
              styles={{ label: { fontSize: "var(--mantine-font-size-md)", fontWeight: 600 } }}
            />
          )}
          <InspectionsNavEntry onNavigate={close} />
          {me.member && (
            <NavLink
              component={Link}
              to="/dang-phi-cua-toi"
              label={t("ui.nav.myDues")}
              active={location.pathname === "/dang-phi-cua-toi"}
              onClick={close}
              style={{ borderRadius: "var(--mantine-radius-md)", minHeight: 48 }}
              styles={{ label: { fontSize: "var(--mantine-font-size-md)", fontWeight: 600 } }}
            />
          )}
          <Divider my="sm" />
          <Text size="sm" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
            {t("ui.nav.organizations")}
          </Text>
        </AppShell.Section>
        <AppShell.Section grow style={{ overflowY: "auto" }}>
          <OrganizationTree onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Container size="lg" px={0}>
          <OfflineBanner />
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

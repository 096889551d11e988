import { useEffect } from "react";
import { Anchor, Burger, Container, Divider, Group, NavLink, Text } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { Link, Outlet, useLocation } from "react-router";
import { useCurrentUser } from "../auth";
import { useT } from "../i18n";
import { OrganizationTree } from "../../modules/organizations/ui/OrganizationTree";
import { NoticeBell } from "../notices";
import { InspectionsNavEntry } from "../../modules/inspections/ui/NavEntry";
import { OfflineBanner } from "../pwa/OfflineBanner";
import { LanguageSwitch } from "./LanguageSwitch";
import { UserMenu } from "./UserMenu";

/**
 * The frame of every signed-in page: a fixed header, the navigation (a column from tablet width, a panel under the
 * header on a phone, opened by the burger) and the page. Plain elements and app.css rather than Mantine's AppShell,
 * whose resizable, multi-breakpoint machinery was a seventh of the first screen's script (ADR 0183).
 */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const t = useT();
  const location = useLocation();
  // The navigation is drawn where it shows: always from the width where it is a column (app.css), on a phone only
  // while the burger has it open. Closed, it was a hidden copy of every organisation the person sees, rendered with
  // each page — a hundred links for a đảng bộ's office — before the page itself, on the slowest phones.
  // The first render is the phone's, wherever it runs: the server drawing the home (ADR 0191) cannot know the width,
  // and the page's first render must match its drawing. On a desktop the column (reserved by app.css) fills in
  // right after.
  const wide = useMediaQuery("(min-width: 62em)", false, { getInitialValueInEffect: true });
  const navShown = wide || opened;

  // A new page starts at the top, and on a phone the menu gets out of the way.
  useEffect(() => {
    window.scrollTo(0, 0);
    close();
  }, [location.pathname, close]);

  return (
    <div className="chibo-shell" data-nav-open={opened || undefined}>
      <header className="chibo-shell-header">
        <Group h="100%" px={{ base: 6, xs: "sm" }} justify="space-between" wrap="nowrap" gap={8}>
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="md"
              size="md"
              aria-label={t(opened ? "ui.nav.close" : "ui.nav.open")}
              aria-expanded={opened}
              aria-controls="chibo-nav"
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
      </header>

      <nav className="chibo-shell-nav" id="chibo-nav" aria-label={t("ui.nav.label")}>
        {navShown && <NavContents onNavigate={close} />}
      </nav>

      <main className="chibo-shell-main">
        <Container size="lg" px={0}>
          <OfflineBanner />
          <Outlet />
        </Container>
      </main>
    </div>
  );
}

/** The navigation's links: home, my record, inspections, my dues, and the organisations' tree. */
function NavContents({ onNavigate: close }: { onNavigate: () => void }) {
  const t = useT();
  const me = useCurrentUser();
  return (
    <>
      <div>
        <NavItem to="/" label={t("ui.nav.home")} onNavigate={close} />
        {me.member && <NavItem to={`/dang-vien/${me.member.id}`} label={t("ui.user.myRecord")} onNavigate={close} />}
        <InspectionsNavEntry onNavigate={close} />
        {me.member && <NavItem to="/dang-phi-cua-toi" label={t("ui.nav.myDues")} onNavigate={close} />}
        <Divider my="sm" />
        <Text size="sm" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
          {t("ui.nav.organizations")}
        </Text>
      </div>
      <div className="chibo-shell-nav-tree">
        <OrganizationTree onNavigate={close} />
      </div>
    </>
  );
}

/** One of the navigation's own pages, marked while it is open. */
function NavItem({ to, label, onNavigate }: { to: string; label: string; onNavigate: () => void }) {
  const location = useLocation();
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      active={location.pathname === to}
      onClick={onNavigate}
      style={{ borderRadius: "var(--mantine-radius-md)", minHeight: 48 }}
      styles={{ label: { fontSize: "var(--mantine-font-size-md)", fontWeight: 600 } }}
    />
  );
}

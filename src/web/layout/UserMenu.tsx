import { useId, useState } from "react";
import { Avatar, Button, Divider, Paper, Stack, Text, UnstyledButton } from "@mantine/core";
import { useClickOutside, useWindowEvent } from "@mantine/hooks";
import { Link } from "react-router";
import { useCurrentUser, useSignOut } from "../auth";
import { useT } from "../i18n";

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  const last = (words[words.length - 1] ?? "?").slice(0, 2);
  return last.charAt(0).toUpperCase() + last.slice(1);
}

const itemStyle = {
  display: "block",
  width: "100%",
  padding: "12px 14px",
  borderRadius: "var(--mantine-radius-md)",
  fontSize: "var(--mantine-font-size-md)",
};

/**
 * The account menu: a plain disclosure (button + list) rather than a floating menu,
 * so the first page load does not carry the positioning library.
 */
export function UserMenu() {
  const me = useCurrentUser();
  const t = useT();
  const signOut = useSignOut();
  const [open, setOpen] = useState(false);
  const ref = useClickOutside<HTMLDivElement>(() => setOpen(false));
  const panelId = useId();
  useWindowEvent("keydown", (event) => {
    if (event.key === "Escape") setOpen(false);
  });
  const close = () => setOpen(false);

  return (
    <div ref={ref} style={{ position: "relative" }}>
      <Button
        variant="subtle"
        color="dark"
        px={6}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t("ui.user.menu")}
        onClick={() => setOpen((v) => !v)}
        leftSection={
          <Avatar color="brand" radius="xl" size={34}>
            {initials(me.displayName)}
          </Avatar>
        }
      >
        <Text span visibleFrom="sm" fw={600} maw={260} truncate>
          {me.displayName}
        </Text>
      </Button>
      {open && (
        <Paper
          id={panelId}
          shadow="md"
          withBorder
          p={6}
          radius="md"
          style={{ position: "absolute", right: 0, top: "calc(100% + 6px)", width: 270, zIndex: 300 }}
        >
          <Stack gap={2}>
            <div style={{ padding: "8px 14px" }}>
              <Text fw={700}>{me.displayName}</Text>
              <Text size="sm" c="dimmed">
                {me.username}
              </Text>
            </div>
            <Divider />
            {me.member && (
              <UnstyledButton
                component={Link}
                to={`/dang-vien/${me.member.id}`}
                onClick={close}
                style={itemStyle}
                className="chibo-menu-item"
              >
                {t("ui.user.myRecord")}
              </UnstyledButton>
            )}
            <UnstyledButton
              component={Link}
              to="/doi-mat-khau"
              onClick={close}
              style={itemStyle}
              className="chibo-menu-item"
            >
              {t("ui.user.changePassword")}
            </UnstyledButton>
            <UnstyledButton
              component="a"
              href="/api/auth/me/data"
              download
              onClick={close}
              style={itemStyle}
              className="chibo-menu-item"
            >
              {t("ui.user.myData")}
            </UnstyledButton>
            {me.scopes
              .filter((s) => s.role === "office" && s.subtree)
              .map((s) => (
                <UnstyledButton
                  key={s.organizationId}
                  component="a"
                  href={`/api/organizations/${s.organizationId}/export`}
                  download
                  onClick={close}
                  style={itemStyle}
                  className="chibo-menu-item"
                >
                  {t("ui.user.exportOrganization")}
                </UnstyledButton>
              ))}
            {me.canBackup && (
              <UnstyledButton
                component="a"
                href="/api/backup"
                download
                onClick={close}
                style={itemStyle}
                className="chibo-menu-item"
              >
                {t("ui.user.backup")}
              </UnstyledButton>
            )}
            <Divider />
            <UnstyledButton onClick={() => void signOut()} style={itemStyle} className="chibo-menu-item">
              {t("ui.user.signOut")}
            </UnstyledButton>
            <UnstyledButton
              onClick={() => void signOut(true)}
              style={{ ...itemStyle, fontSize: "var(--mantine-font-size-sm)" }}
              className="chibo-menu-item"
            >
              {t("ui.user.signOutEverywhere")}
            </UnstyledButton>
          </Stack>
        </Paper>
      )}
    </div>
  );
}

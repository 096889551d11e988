import { Suspense } from "react";
import { ActionIcon, Anchor, Badge, Button, Card, Group, Indicator, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import type { Notice, NoticeList } from "../core/outbox/present";
import { api } from "./api";
import { formatDateTime, useT } from "./i18n";
import { usePageTitle } from "./ui";
import { lazyStyled } from "./styles";

export const noticesKey = ["notices"] as const;

// The switch and the push code load only with this page, not with the first screen.
const PushToggle = lazyStyled(() => import("./pwa/PushToggle").then((m) => ({ default: m.PushToggle })));

function useNotices() {
  // A minute is fresh enough for invitations and reminders, and cheap on a weak network.
  return useQuery({
    queryKey: noticesKey,
    queryFn: () => api.get<NoticeList>("/api/notices"),
    refetchInterval: 60_000,
  });
}

export function NoticeBell() {
  const t = useT();
  const { data } = useNotices();
  const unread = data?.unread ?? 0;
  const label = unread > 0 ? t("ui.notices.bellUnread", { count: unread }) : t("ui.notices.title");
  return (
    <Indicator label={unread > 9 ? "9+" : unread} size={18} disabled={unread === 0} color="red" offset={6}>
      <ActionIcon component={Link} to="/thong-bao" variant="subtle" size={40} aria-label={label} title={label}>
        <svg
          width="24"
          height="24"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
          aria-hidden="true"
        >
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
      </ActionIcon>
    </Indicator>
  );
}

export function NoticesPage() {
  const t = useT();
  usePageTitle(t("ui.notices.title"));
  const { data, isLoading } = useNotices();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const refresh = () => queryClient.invalidateQueries({ queryKey: noticesKey });
  const open = async (n: Notice) => {
    if (!n.readAt) await api.post(`/api/notices/${n.id}/read`, {});
    await refresh();
    if (n.link) navigate(n.link);
  };
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1}>{t("ui.notices.title")}</Title>
        {(data?.unread ?? 0) > 0 && (
          <Button
            variant="light"
            size="md"
            onClick={async () => {
              await api.post("/api/notices/read-all", {});
              await refresh();
            }}
          >
            {t("ui.notices.readAll")}
          </Button>
        )}
      </Group>
      <Suspense fallback={null}>
        <PushToggle />
      </Suspense>
      {!isLoading && data?.items.length === 0 && <Text size="lg">{t("ui.notices.empty")}</Text>}
      {data?.items.map((n) => (
        <Card
          key={n.id}
          withBorder
          padding="md"
          radius="md"
          style={{ borderLeft: n.readAt ? undefined : "4px solid var(--mantine-color-brand-7)" }}
        >
          <Stack gap={4}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Anchor
                component="button"
                type="button"
                fw={n.readAt ? 500 : 700}
                size="lg"
                ta="left"
                onClick={() => open(n)}
              >
                {n.subject}
              </Anchor>
              {!n.readAt && (
                <Badge color="red" variant="light">
                  {t("ui.notices.new")}
                </Badge>
              )}
            </Group>
            <Text size="md" style={{ whiteSpace: "pre-line" }}>
              {n.text}
            </Text>
            <Text size="sm" c="dimmed">
              {formatDateTime(n.createdAt)}
            </Text>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

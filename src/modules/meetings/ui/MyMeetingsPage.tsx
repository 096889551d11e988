import { useState } from "react";
import { Badge, Button, Code, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, request } from "../../../web/api";
import { useCurrentUser } from "../../../web/auth";
import { formatDate, useT } from "../../../web/i18n";
import { PageError, PageLoader, useNotifyError, usePageTitle } from "../../../web/ui";

interface AttendanceRecord {
  memberId: string;
  fullName: string;
  ratePercent: number | null;
  items: {
    meetingId: string;
    date: string;
    kind: string;
    organizationName: string;
    status: string;
    reason: string | null;
  }[];
}

const COLOR: Record<string, string> = {
  present: "teal.9",
  late: "yellow.9",
  absent_with_reason: "orange.9",
  absent_without_reason: "red.9",
  exempt: "gray.7",
};

/** A member's own attendance record (or, for those who may see it, another member's), and the personal calendar feed. */
export function MyMeetingsPage() {
  const { id } = useParams();
  const t = useT();
  const me = useCurrentUser();
  const memberId = id ?? me.member?.id;
  usePageTitle(t("ui.mine.title"));
  const record = useQuery({
    queryKey: ["attendance", memberId],
    queryFn: () => api.get<AttendanceRecord>(`/api/members/${memberId}/attendance`),
    enabled: !!memberId,
  });
  if (!memberId) return <Text>{t("errors.calendar_no_member")}</Text>;
  if (record.isPending) return <PageLoader />;
  if (record.isError) return <PageError error={record.error} onRetry={() => void record.refetch()} />;
  const r = record.data;
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("ui.mine.title")}</Title>
        <Text>{r.fullName}</Text>
      </div>
      <Text fw={700} size="lg">
        {t("ui.mine.rate", { rate: r.ratePercent ?? "—", count: r.items.length })}
      </Text>
      <Stack gap="xs" component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {r.items.map((x) => (
          <li key={x.meetingId}>
            <Paper
              withBorder
              p="sm"
              radius="md"
              component={Link}
              to={`/cuoc-hop/${x.meetingId}`}
              className="chibo-card-link"
            >
              <Group justify="space-between" gap="xs">
                <div>
                  <Text fw={600}>
                    {formatDate(x.date)} · {t(`meetings.kind.${x.kind}` as "meetings.kind.monthly")}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {x.organizationName}
                    {x.reason ? ` · ${x.reason}` : ""}
                  </Text>
                </div>
                <Badge color={COLOR[x.status]}>
                  {t(`meetings.attendance.${x.status}` as "meetings.attendance.present")}
                </Badge>
              </Group>
            </Paper>
          </li>
        ))}
        {r.items.length === 0 && <Text c="dimmed">{t("ui.mine.none")}</Text>}
      </Stack>
      {!id || id === me.member?.id ? <CalendarFeed /> : null}
    </Stack>
  );
}

function CalendarFeed() {
  const t = useT();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const feed = useQuery({
    queryKey: ["calendar-feed"],
    queryFn: () => api.get<{ active: boolean; createdAt: string | null; available: boolean }>("/api/calendar-feed"),
  });
  const [url, setUrl] = useState<string | null>(null);
  const act = async (method: "post" | "delete") => {
    try {
      if (method === "post") {
        const res = await api.post<{ path: string }>("/api/calendar-feed");
        setUrl(`${window.location.origin}${res.path}`);
      } else {
        await request("DELETE", "/api/calendar-feed");
        setUrl(null);
      }
      await queryClient.invalidateQueries({ queryKey: ["calendar-feed"] });
    } catch (error) {
      notifyError(error);
    }
  };
  if (!feed.data?.available) return null;
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h3" mb="xs">
        {t("ui.mine.feedTitle")}
      </Title>
      <Text size="sm" mb="sm">
        {t("ui.mine.feedHelp")}
      </Text>
      {url && (
        <Code block mb="sm" data-testid="feed-url">
          {url}
        </Code>
      )}
      {feed.data.active && !url && (
        <Text size="sm" mb="sm">
          {t("ui.mine.feedActive", { date: formatDate(feed.data.createdAt ?? "") })}
        </Text>
      )}
      <Group gap="sm">
        <Button size="md" onClick={() => void act("post")}>
          {feed.data.active ? t("ui.mine.feedRenew") : t("ui.mine.feedCreate")}
        </Button>
        {feed.data.active && (
          <Button size="md" variant="outline" color="red.8" onClick={() => void act("delete")}>
            {t("ui.mine.feedRevoke")}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

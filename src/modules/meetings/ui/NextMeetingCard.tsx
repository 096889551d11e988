/**
 * The home's next meeting. Apart from the schedule's forms (Schedule.tsx), so the first screen does not carry the
 * date picker they need (ADR 0164).
 */
import { Anchor, Paper, Text, Title } from "@mantine/core";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../../web/api";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import type { MeetingList } from "../present";
import { meetingKeys } from "./queries";

/** The cell's next meeting still to be held (the home asks for it before its cards render). */
export const nextMeetingQuery = (orgId: string) =>
  queryOptions({
    queryKey: meetingKeys.next(orgId),
    queryFn: () =>
      api.get<MeetingList>(`/api/organizations/${orgId}/meetings?from=${todayIso()}&status=planned&limit=1`),
    retry: false,
    staleTime: 60_000,
  });

/** "Buổi sinh hoạt tới" on the home: the cell's next meeting still to be held, never one already started or held. */
export function NextMeetingCard({ orgId }: { orgId: string }) {
  const t = useT();
  const next = useQuery(nextMeetingQuery(orgId));
  const meeting = next.data?.items?.[0];
  if (!next.isSuccess || !meeting) return null;
  return (
    <Paper withBorder p="md" radius="md" component="section">
      <Title order={2} mb="xs">
        {t("ui.plans.nextMeeting")}
      </Title>
      <Anchor component={Link} to={`/cuoc-hop/${meeting.id}`} fw={600} size="lg" data-testid="next-meeting">
        {t(`meetings.kind.${meeting.kind}`)} {formatDate(meeting.date)}
      </Anchor>
      <Text>{t("ui.plans.nextMeetingWhen", { time: meeting.startTime, place: meeting.place })}</Text>
      {meeting.title && <Text size="sm">{meeting.title}</Text>}
      {meeting.sequence > 0 && (
        <Text size="sm" c="orange.9">
          {t("ui.meetings.schedule.changedBadge")}
        </Text>
      )}
    </Paper>
  );
}

import { useState } from "react";
import { Anchor, Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, type MessageKey, todayIso, useT } from "../../../web/i18n";
import { notifySuccess, useApiForm } from "../../../web/ui";
import { type CellView, evaluationKeys, type MeetingReview } from "./queries";

/**
 * The cell's review meeting on the review page: the meeting once created (a meeting of the cell, with the year-end
 * review agenda), or for the committee a short form to create it.
 */
export function ReviewMeetingCard({
  periodId,
  cellId,
  meeting,
  run,
}: {
  periodId: string;
  cellId: string;
  meeting: CellView["reviewMeeting"];
  run: boolean;
}) {
  const t = useT();
  const qc = useQueryClient();
  const [date, setDate] = useState<string | null>(todayIso());
  const [startTime, setStartTime] = useState("14:00");
  const [place, setPlace] = useState("");
  const form = useApiForm(
    () => api.post(`/api/evaluation-periods/${periodId}/cells/${cellId}/review-meeting`, { date, startTime, place }),
    () => {
      notifySuccess(t("ui.evaluations.reviewMeeting.created"));
      void qc.invalidateQueries({ queryKey: evaluationKeys.cell(periodId, cellId) });
    },
  );
  if (!meeting && !run) return null;
  return (
    <Paper withBorder p="md" radius="md" data-testid="review-meeting">
      <Title order={2} mb="xs">
        {t("ui.evaluations.reviewMeeting.title")}
      </Title>
      {meeting ? (
        <Group justify="space-between" gap="xs">
          <Text>
            {t("ui.evaluations.reviewMeeting.on", {
              date: formatDate(meeting.date),
              status: t(`ui.evaluations.meetingStatus.${meeting.status}` as MessageKey),
            })}
          </Text>
          <Button component={Link} to={`/cuoc-hop/${meeting.id}`} variant="light">
            {t("ui.evaluations.reviewMeeting.open")}
          </Button>
        </Group>
      ) : (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {t("ui.evaluations.reviewMeeting.help")}
          </Text>
          <DateField
            label={t("ui.evaluations.reviewMeeting.date")}
            value={date}
            onChange={setDate}
            error={form.errors.date}
            required
          />
          <TextInput
            label={t("ui.evaluations.reviewMeeting.startTime")}
            value={startTime}
            onChange={(e) => setStartTime(e.currentTarget.value)}
            error={form.errors.startTime}
          />
          <TextInput
            label={t("ui.evaluations.reviewMeeting.place")}
            value={place}
            onChange={(e) => setPlace(e.currentTarget.value)}
            error={form.errors.place}
          />
          <Button onClick={() => void form.run()} loading={form.busy}>
            {t("ui.evaluations.reviewMeeting.create")}
          </Button>
        </Stack>
      )}
    </Paper>
  );
}

/** On a meeting's page: the review this meeting holds, for those who may read it. */
export function MeetingReviewLink({ meetingId }: { meetingId: string }) {
  const t = useT();
  const review = useQuery({
    queryKey: ["evaluations", "meeting-review", meetingId],
    queryFn: () => api.get<MeetingReview>(`/api/meetings/${meetingId}/evaluation-review`),
    retry: false,
  });
  const r = review.data?.review;
  if (!r) return null;
  return (
    <Anchor component={Link} to={`/danh-gia/ky/${r.periodId}/chi-bo/${r.cellId}`} data-testid="meeting-review-link">
      {t("ui.evaluations.reviewMeeting.backToReview", { year: r.year })}
    </Anchor>
  );
}

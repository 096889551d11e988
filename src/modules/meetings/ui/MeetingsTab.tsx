import { useState } from "react";
import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { api } from "../../../web/api";
import { FormModal } from "../../../web/FormModal";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { PageError, PageLoader, useApiForm } from "../../../web/ui";
import { MEETING_KINDS } from "../model";
import type { MeetingKind } from "../scoring";
import { meetingKeys, STATUS_COLOR, useMeetings, type MeetingSummary } from "./queries";
import type { MeetingList, MeetingRecord } from "../present";
import { heldWhen, WhenWhereFields } from "./Schedule";

/** The cell's meeting calendar and history: the tab "Sinh hoạt" of the organisation page. */
export function MeetingsTab({ org }: { org: { id: string; kind: string; closedOn: string | null } }) {
  const t = useT();
  const list = useMeetings(org.id);
  const [adding, setAdding] = useState(false);
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <PageError error={list.error} onRetry={() => void list.refetch()} />;
  const today = todayIso();
  const upcoming = list.data.items
    .filter((m) => m.date >= today && m.status !== "cancelled" && m.status !== "approved")
    .sort((a, b) => a.date.localeCompare(b.date));
  const past = list.data.items.filter((m) => !upcoming.includes(m));
  return (
    <Stack gap="lg">
      {org.kind === "party_committee" && (
        <Button component={Link} to={`/to-chuc/${org.id}/sinh-hoat-tong-hop`} size="md" variant="light">
          {t("ui.meetings.overviewLink")}
        </Button>
      )}
      {list.data.missingThematic.length > 0 && (
        <Alert
          color="orange"
          variant="light"
          title={t("ui.meetings.missingThematic", {
            quarters: list.data.missingThematic
              .map((q) => `${t("ui.meetings.quarter", { quarter: q.quarter })}/${q.year}`)
              .join(", "),
          })}
        >
          <Text size="xs" c="dimmed">
            {list.data.thematicSource}
          </Text>
        </Alert>
      )}
      <section>
        <Group justify="space-between" mb="sm">
          <Title order={2}>{t("ui.meetings.upcoming")}</Title>
          {list.data.permissions.manage && !org.closedOn && (
            <Button size="md" onClick={() => setAdding(true)}>
              {t("ui.meetings.new")}
            </Button>
          )}
        </Group>
        {org.kind === "cell" && (
          <Text size="sm" c="dimmed" mb="sm">
            {t("ui.meetings.proposal", { date: formatDate(list.data.proposal.date) })} {list.data.proposal.source}
          </Text>
        )}
        <MeetingCards items={upcoming} empty={t("ui.meetings.noneUpcoming")} />
      </section>
      <section>
        <Title order={2} mb="sm">
          {t("ui.meetings.history")}
        </Title>
        <MeetingCards items={past} empty={t("ui.meetings.noneHistory")} />
      </section>
      {adding && (
        <NewMeetingModal
          orgId={org.id}
          orgKind={org.kind}
          proposal={list.data.proposal}
          onClose={() => setAdding(false)}
        />
      )}
    </Stack>
  );
}

function MeetingCards({ items, empty }: { items: MeetingSummary[]; empty: string }) {
  const t = useT();
  if (items.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {items.map((m) => (
        <li key={m.id}>
          <Paper withBorder radius="md" p="md" component={Link} to={`/cuoc-hop/${m.id}`} className="chibo-card-link">
            <Group justify="space-between" gap="xs" wrap="wrap">
              <div>
                <Text fw={700} c="brand.8">
                  {formatDate(heldWhen(m).date)} · {t(`meetings.kind.${m.kind}`)}
                </Text>
                <Text size="sm" c="dimmed">
                  {heldWhen(m).time} · {m.place}
                  {m.title ? ` · ${m.title}` : ""}
                </Text>
              </div>
              <Group gap={6}>
                {m.enteredLate && (
                  <Badge color="gray.8" variant="outline">
                    {t("ui.meetings.enteredLate")}
                  </Badge>
                )}
                <Badge color={STATUS_COLOR[m.status]} variant="filled">
                  {t(`meetings.status.${m.status}`)}
                </Badge>
              </Group>
            </Group>
          </Paper>
        </li>
      ))}
    </Stack>
  );
}

function NewMeetingModal({
  orgId,
  orgKind,
  proposal,
  onClose,
}: {
  orgId: string;
  orgKind: string;
  proposal: MeetingList["proposal"];
  onClose: () => void;
}) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<MeetingKind>(orgKind === "cell" ? "monthly" : "committee");
  // The cell's usual time and place, as its organisation page records them.
  const [date, setDate] = useState<string | null>(proposal.date);
  const [startTime, setStartTime] = useState(proposal.startTime ?? "14:00");
  const [place, setPlace] = useState(proposal.place ?? "");
  const [title, setTitle] = useState("");
  const form = useApiForm(
    () =>
      api.post<MeetingRecord>(`/api/organizations/${orgId}/meetings`, {
        kind,
        date,
        startTime,
        place,
        title: title || null,
      }),
    (created) => {
      void queryClient.invalidateQueries({ queryKey: meetingKeys.list(orgId) });
      onClose();
      navigate(`/cuoc-hop/${created.id}`);
    },
  );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.meetings.new")}
      submitLabel={t("ui.meetings.create")}
      busy={form.busy}
      onSubmit={form.run}
    >
      <NativeSelect
        label={t("ui.meetings.kind")}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as MeetingKind)}
        data={MEETING_KINDS.filter((k) => orgKind === "cell" || k === "committee").map((k) => ({
          value: k,
          label: t(`meetings.kind.${k}`),
        }))}
        size="md"
      />
      <WhenWhereFields
        value={{ date, startTime, place, title }}
        set={{ date: setDate, startTime: setStartTime, place: setPlace, title: setTitle }}
        errors={form.errors}
        afterDate={
          date &&
          date < todayIso() && (
            <Alert color="gray" variant="light">
              {t("ui.meetings.backfillHelp")}
            </Alert>
          )
        }
      />
    </FormModal>
  );
}

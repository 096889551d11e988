/** Changing a planned meeting (date, time, place, subject) or cancelling it. */
import { useState } from "react";
import { Alert, Button, Group, Text, Textarea, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { hanoiDate, hanoiIsoString } from "../../../core/time";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { FormModal } from "../../../web/FormModal";
import { formatDate, useT } from "../../../web/i18n";
import { notifySuccess, orNull, useApiForm } from "../../../web/ui";
import type { MeetingRecord } from "../present";
import { meetingKeys } from "./queries";

type Scheduled = Pick<MeetingRecord, "date" | "startTime" | "startedAt">;

/**
 * When a meeting took place: its actual start once it started (Hanoi date and time), else its schedule. `moved` says
 * the actual start is on another day than the scheduled one (meetings opened early before the rule refused it).
 */
export function heldWhen(m: Scheduled): { date: string; time: string; actual: boolean; moved: boolean } {
  if (!m.startedAt) return { date: m.date, time: m.startTime, actual: false, moved: false };
  const date = hanoiDate(m.startedAt);
  return { date, time: hanoiIsoString(m.startedAt).slice(11, 16), actual: true, moved: date !== m.date };
}

/** The "when" line of a meeting: the actual start, and the schedule beside it when they differ. */
export function WhenText({ m }: { m: Scheduled }) {
  const t = useT();
  const when = heldWhen(m);
  const value = `${when.time} · ${formatDate(when.date)}`;
  if (!when.actual) return <>{value}</>;
  const planned = `${m.startTime} · ${formatDate(m.date)}`;
  return (
    <span data-testid="actual-start">
      {t("ui.meetings.schedule.startedAt", { when: value })}
      {planned !== value && ` (${t("ui.meetings.schedule.scheduled", { when: planned })})`}
    </span>
  );
}

/** "Đổi lịch" and "Hủy buổi họp" for a planned meeting, for those who manage the cell's meetings. */
export function ScheduleActions({ m }: { m: MeetingRecord & { permissions: { manage: boolean } } }) {
  const t = useT();
  const [open, setOpen] = useState<"reschedule" | "cancel" | null>(null);
  if (m.status !== "planned" || !m.permissions.manage) return null;
  return (
    <>
      <Group gap="sm" grow>
        <Button variant="light" size="md" onClick={() => setOpen("reschedule")}>
          {t("ui.meetings.schedule.reschedule")}
        </Button>
        <Button variant="light" color="red.8" size="md" onClick={() => setOpen("cancel")}>
          {t("ui.meetings.schedule.cancel")}
        </Button>
      </Group>
      {open === "reschedule" && <RescheduleModal m={m} onClose={() => setOpen(null)} />}
      {open === "cancel" && <CancelModal m={m} onClose={() => setOpen(null)} />}
    </>
  );
}

function useRefreshMeeting(m: MeetingRecord) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: meetingKeys.detail(m.id) }),
      queryClient.invalidateQueries({ queryKey: meetingKeys.list(m.organizationId) }),
    ]);
}

function RescheduleModal({ m, onClose }: { m: MeetingRecord; onClose: () => void }) {
  const t = useT();
  const refresh = useRefreshMeeting(m);
  const [date, setDate] = useState<string | null>(m.date);
  const [startTime, setStartTime] = useState(m.startTime);
  const [place, setPlace] = useState(m.place);
  const [title, setTitle] = useState(m.title ?? "");
  const [reason, setReason] = useState("");
  const form = useApiForm(
    () =>
      api.put<MeetingRecord>(`/api/meetings/${m.id}`, {
        version: m.version,
        date,
        startTime,
        place,
        title: orNull(title),
        reason: orNull(reason),
      }),
    async () => {
      notifySuccess(t("ui.meetings.schedule.rescheduled"));
      await refresh();
      onClose();
    },
  );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.meetings.schedule.reschedule")}
      submitLabel={t("ui.meetings.schedule.rescheduleSubmit")}
      busy={form.busy}
      onSubmit={form.run}
    >
      <Text size="sm">{t("ui.meetings.schedule.rescheduleHelp")}</Text>
      <WhenWhereFields
        value={{ date, startTime, place, title }}
        set={{ date: setDate, startTime: setStartTime, place: setPlace, title: setTitle }}
        errors={form.errors}
      />
      <Textarea
        label={t("ui.meetings.schedule.reason")}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={form.errors.reason}
        autosize
        minRows={2}
      />
    </FormModal>
  );
}

/**
 * Date, time, place and subject of a meeting: the same four inputs when it is scheduled and when it is rescheduled.
 * `afterDate` goes between the date and the time (the back-filling note of a new meeting).
 */
export function WhenWhereFields({
  value,
  set,
  errors,
  afterDate,
}: {
  value: { date: string | null; startTime: string; place: string; title: string };
  set: {
    date: (v: string | null) => void;
    startTime: (v: string) => void;
    place: (v: string) => void;
    title: (v: string) => void;
  };
  errors: Record<string, string | undefined>;
  afterDate?: React.ReactNode;
}) {
  const t = useT();
  return (
    <>
      <DateField
        label={t("fields.date")}
        value={value.date}
        onChange={set.date}
        required
        error={errors.date}
        size="md"
      />
      {afterDate}
      <TextInput
        label={t("fields.startTime")}
        type="time"
        value={value.startTime}
        onChange={(e) => set.startTime(e.currentTarget.value)}
        required
        error={errors.startTime}
        size="md"
      />
      <TextInput
        label={t("ui.meetings.place")}
        value={value.place}
        onChange={(e) => set.place(e.currentTarget.value)}
        required
        error={errors.place}
        size="md"
      />
      <TextInput
        label={t("ui.meetings.subject")}
        value={value.title}
        onChange={(e) => set.title(e.currentTarget.value)}
        error={errors.title}
        size="md"
      />
    </>
  );
}

/** Cancelling cannot be undone: the modal says what will happen before the red button does it. */
function CancelModal({ m, onClose }: { m: MeetingRecord; onClose: () => void }) {
  const t = useT();
  const refresh = useRefreshMeeting(m);
  const [reason, setReason] = useState("");
  const form = useApiForm(
    () =>
      api.post<MeetingRecord>(`/api/meetings/${m.id}/transition`, {
        to: "cancelled",
        version: m.version,
        reason: reason.trim(),
      }),
    async () => {
      notifySuccess(t("ui.meetings.schedule.cancelled"));
      await refresh();
      onClose();
    },
  );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.meetings.schedule.cancel")}
      submitLabel={t("ui.meetings.schedule.cancelSubmit")}
      color="red.8"
      busy={form.busy}
      onSubmit={form.run}
    >
      <Alert color="red" variant="light">
        {t("ui.meetings.schedule.cancelWarning", { date: formatDate(m.date), time: m.startTime })}
      </Alert>
      <Textarea
        label={t("ui.meetings.schedule.cancelReason")}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={form.errors.reason}
        required
        autosize
        minRows={2}
      />
    </FormModal>
  );
}

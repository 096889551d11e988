import { useState } from "react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { Link, useParams } from "react-router";
import { api, ApiError } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { FormModal } from "../../../web/FormModal";
import { formatDate, formatDateTime, useT, useTranslateAny } from "../../../web/i18n";
import { NotFoundPage } from "../../../web/pages/NotFoundPage";
import {
  InfoList,
  notifySuccess,
  PageError,
  PageLoader,
  useApiForm,
  useNotifyError,
  usePageTitle,
} from "../../../web/ui";
import { useFormat } from "../../../web/format";
import type { StepPhase } from "../model";
import { useMeetingEditor } from "./editor";
import { OfficialCard } from "./OfficialCard";
import { MeetingReviewLink } from "../../evaluations/ui/ReviewMeetingCard";
import { ScheduleActions, WhenText } from "./Schedule";
import { STATUS_COLOR, useMeeting, type MeetingDetail, type RuleStep, type StepRow } from "./queries";
import type { ApprovedMeeting, RecordedStep } from "../present";

export function MeetingPage() {
  const { id } = useParams();
  const t = useT();
  const meeting = useMeeting(id);
  usePageTitle(meeting.data ? `${t(`meetings.kind.${meeting.data.kind}`)} ${formatDate(meeting.data.date)}` : null);
  if (meeting.isPending) return <PageLoader />;
  if (meeting.isError) {
    if (meeting.error instanceof ApiError && meeting.error.status === 404) return <NotFoundPage />;
    return <PageError error={meeting.error} onRetry={() => void meeting.refetch()} />;
  }
  return <MeetingView m={meeting.data} />;
}

export function MeetingHeader({ m }: { m: MeetingDetail }) {
  const t = useT();
  return (
    <div>
      <Anchor component={Link} to={`/to-chuc/${m.organizationId}?tab=sinh-hoat`} size="sm">
        {m.organizationName}
      </Anchor>
      <Title order={1}>
        {t(`meetings.kind.${m.kind}`)} {formatDate(m.date)}
      </Title>
      {m.title && <Text fw={600}>{m.title}</Text>}
      <Group gap={6} mt={6}>
        <Badge color={STATUS_COLOR[m.status]} variant="filled">
          {t(`meetings.status.${m.status}`)}
        </Badge>
        {m.enteredLate && (
          <Badge color="gray.8" variant="outline">
            {t("ui.meetings.enteredLate")}
          </Badge>
        )}
      </Group>
    </div>
  );
}

function MeetingView({ m }: { m: MeetingDetail }) {
  const t = useT();
  const editor = useMeetingEditor(m);
  const notifyError = useNotifyError();
  const names = Object.fromEntries(m.roster.map((r) => [r.id, r.fullName]));
  const held = m.status === "open" || m.status === "closed" || m.status === "approved";
  const canEdit = m.permissions.manage && m.status !== "approved" && m.status !== "cancelled";
  const thematic = m.kind === "thematic" || m.kind === "combined";

  const approve = async () => {
    try {
      const row = await editor.withVersion((version) =>
        api.post<ApprovedMeeting>(`/api/meetings/${m.id}/approve`, { version }),
      );
      notifySuccess(row.status === "approved" ? t("ui.meetings.approvedDone") : t("ui.meetings.approvedPart"));
      if (row.handedOver?.tasksCreated)
        notifySuccess(t("ui.meeting.handedOver", { count: String(row.handedOver.tasksCreated) }));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Stack gap="lg">
      <MeetingHeader m={m} />
      <MeetingReviewLink meetingId={m.id} />
      <InfoList
        items={[
          { label: t("ui.meetings.when"), value: <WhenText m={m} /> },
          { label: t("ui.meetings.place"), value: m.place },
          { label: t("fields.chairMemberId"), value: m.chairMemberId ? names[m.chairMemberId] : null },
          {
            label: t("fields.minuteTakerMemberId"),
            value: m.minuteTakerMemberId ? names[m.minuteTakerMemberId] : null,
          },
          { label: t("ui.meetings.rulebook"), value: m.rulebook.title },
        ]}
      />
      {m.status === "cancelled" && m.cancelledAt && (
        <Alert color="gray" variant="light" data-testid="cancelled-notice">
          {t("ui.meetings.schedule.cancelledNotice", {
            at: formatDateTime(m.cancelledAt),
            reason: m.cancelReason ?? "",
          })}
        </Alert>
      )}
      <ScheduleActions m={m} />
      <Group gap="sm" grow>
        {m.status !== "cancelled" && m.status !== "approved" && (
          <Button component={Link} to={`/cuoc-hop/${m.id}/dien-bien`} size="lg">
            {m.status === "planned" ? t("ui.meetings.goLive") : t("ui.meetings.continueLive")}
          </Button>
        )}
        {held && (
          <Button component={Link} to={`/cuoc-hop/${m.id}/bien-ban`} size="lg" variant="light">
            {t("ui.meetings.minutes")}
          </Button>
        )}
      </Group>
      {m.supervision && (
        <Button
          component={Link}
          to={`/to-chuc/${m.supervision.organizationId}/kiem-tra?giam-sat=${m.id}&chi-bo=${m.organizationId}`}
          variant="outline"
          size="md"
          style={{ alignSelf: "flex-start" }}
        >
          {t("ui.inspSup.title")}
        </Button>
      )}

      {m.status === "closed" && (m.permissions.approveAsChair || m.permissions.approveAsTaker) && (
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h3">
            {t("ui.meetings.approveTitle")}
          </Title>
          <Text size="sm" my="xs">
            {t("ui.meetings.approveState", {
              chair: m.chairApprovedAt ? t("ui.meetings.yes") : t("ui.meetings.no"),
              taker: m.takerApprovedAt ? t("ui.meetings.yes") : t("ui.meetings.no"),
            })}
          </Text>
          {((m.permissions.approveAsChair && !m.chairApprovedAt) ||
            (m.permissions.approveAsTaker && !m.takerApprovedAt)) && (
            <Button size="lg" color="teal.9" onClick={() => void approve()}>
              {m.permissions.approveAsChair ? t("ui.meetings.approveAsChair") : t("ui.meetings.approveAsTaker")}
            </Button>
          )}
        </Paper>
      )}

      {held && <OfficialCard m={m} />}

      <Preparation
        m={m}
        canEdit={canEdit}
        onDraft={(v) => editor.change("draftResolution", v)}
        onPreparer={(v) => editor.change("preparerMemberId", v)}
      />
      {thematic && <ThematicSteps m={m} canEdit={canEdit} change={editor.change} />}
      {m.facts && <FactsCard m={m} />}
      {m.scorePreview && <ScoreCard m={m} />}
      {m.status === "approved" && <Amendments m={m} />}
    </Stack>
  );
}

/** Marks a step as done (or skipped, with a reason); shows who did it and when. */
function StepItem({
  m,
  phase,
  step,
  canEdit,
  skippable,
  required,
}: {
  m: MeetingDetail;
  phase: StepPhase;
  step: RuleStep;
  canEdit: boolean;
  skippable: boolean;
  required?: boolean;
}) {
  const t = useT();
  const tr = useTranslateAny();
  const editor = useMeetingEditor(m);
  const [skipping, setSkipping] = useState(false);
  const [note, setNote] = useState("");
  const done: StepRow | undefined = m.steps.find((s) => s.phase === phase && s.stepId === step.id);
  const mark = useApiForm(
    () =>
      api.post<RecordedStep>(
        `/api/meetings/${m.id}/steps/${phase}/${step.id}`,
        skipping ? { skipped: true, note } : {},
      ),
    (res) => {
      setSkipping(false);
      if (res.invitations > 0) notifySuccess(t("ui.meetings.invited", { count: res.invitations }));
      void editor.refresh();
    },
  );
  return (
    <Paper withBorder p="sm" radius="md" data-step={step.id}>
      <Text fw={600}>{tr(step.key)}</Text>
      {done ? (
        <Text size="sm" c={done.skipped ? "orange.9" : "teal.9"}>
          {done.skipped
            ? t("ui.meetings.skippedBy", {
                name: done.doneByName,
                at: formatDateTime(done.doneAt),
                note: done.note ?? "",
              })
            : t("ui.meetings.doneBy", { name: done.doneByName, at: formatDateTime(done.doneAt) })}
        </Text>
      ) : (
        required && (
          <Text size="sm" c="dimmed">
            {t("ui.meetings.stepRequired")}
          </Text>
        )
      )}
      {canEdit && !done && (
        <Group gap="xs" mt="xs" justify="flex-end">
          {skippable && (
            <Button variant="default" size="md" onClick={() => setSkipping(true)}>
              {t("ui.meetings.skip")}
            </Button>
          )}
          <Button
            size="md"
            onClick={() => void mark.run()}
            loading={mark.busy && !skipping}
            aria-label={`${t("ui.meetings.markDone")}: ${tr(step.key)}`}
          >
            {t("ui.meetings.markDone")}
          </Button>
        </Group>
      )}
      {mark.errors.stepId && (
        <Text c="red.8" size="sm" mt={4} role="alert">
          {mark.errors.stepId}
        </Text>
      )}
      {mark.errors.skipped && (
        <Text c="red.8" size="sm" mt={4} role="alert">
          {mark.errors.skipped}
        </Text>
      )}
      <FormModal
        opened={skipping}
        onClose={() => setSkipping(false)}
        title={t("ui.meetings.skipTitle", { step: tr(step.key) })}
        submitLabel={t("ui.meetings.skip")}
        busy={mark.busy}
        onSubmit={mark.run}
        color="orange.9"
      >
        <Textarea
          label={t("fields.reason")}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={mark.errors.note}
          required
          autosize
          minRows={2}
        />
      </FormModal>
    </Paper>
  );
}

function Preparation({
  m,
  canEdit,
  onDraft,
  onPreparer,
}: {
  m: MeetingDetail;
  canEdit: boolean;
  onDraft: (v: string) => void;
  onPreparer: (v: string | null) => void;
}) {
  const t = useT();
  const [draft, setDraft] = useState(m.draftResolution ?? "");
  const [preparer, setPreparer] = useState(m.preparerMemberId ?? "");
  return (
    <section>
      <Title order={2} mb="xs">
        {t("ui.meetings.preparation")}
      </Title>
      {!m.hasCommittee && (
        <Text size="sm" c="dimmed" mb="xs">
          {t("ui.meetings.noCommittee")}
        </Text>
      )}
      {m.latePublication && (
        <Alert
          color="red"
          variant="light"
          mb="xs"
          title={t("ui.meetings.latePublication", { days: m.rules.publishDaysBefore })}
        />
      )}
      <Stack gap="xs">
        <NativeSelect
          label={t("fields.preparerMemberId")}
          value={preparer}
          disabled={!canEdit}
          onChange={(e) => {
            setPreparer(e.currentTarget.value);
            onPreparer(e.currentTarget.value || null);
          }}
          data={[{ value: "", label: "—" }, ...m.roster.map((r) => ({ value: r.id, label: r.fullName }))]}
          size="md"
        />
        <Textarea
          label={t("ui.meetings.draftResolution")}
          value={draft}
          readOnly={!canEdit}
          onChange={(e) => {
            setDraft(e.currentTarget.value);
            onDraft(e.currentTarget.value);
          }}
          autosize
          minRows={3}
          size="md"
        />
        {m.rules.preparation.map((step) => (
          <StepItem
            key={step.id}
            m={m}
            phase="prep"
            step={step}
            canEdit={canEdit}
            skippable={!step.committeeOnly}
            required={step.committeeOnly}
          />
        ))}
      </Stack>
    </section>
  );
}

function ThematicSteps({
  m,
  canEdit,
  change,
}: {
  m: MeetingDetail;
  canEdit: boolean;
  change: (field: string, value: unknown) => void;
}) {
  const t = useT();
  const [th, setTh] = useState(m.thematic);
  const set = (patch: Partial<MeetingDetail["thematic"]>) => {
    const next = { ...th, ...patch };
    setTh(next);
    change("thematic", next);
  };
  const text = (field: "topic" | "survey" | "purpose" | "solutions" | "obstacles" | "assignment", label: string) => (
    <Textarea
      key={field}
      label={label}
      value={th[field] ?? ""}
      readOnly={!canEdit}
      onChange={(e) => set({ [field]: e.currentTarget.value })}
      autosize
      minRows={field === "topic" ? 1 : 2}
      size="md"
    />
  );
  return (
    <section>
      <Title order={2} mb="xs">
        {t("ui.meetings.thematicTitle")}
      </Title>
      <Stack gap="sm">
        {m.rules.thematic.map((step, i) => (
          <Stack key={step.id} gap={6}>
            <StepItem
              m={m}
              phase="thematic"
              step={step}
              canEdit={canEdit && step.applies}
              skippable={false}
              required={step.committeeOnly && m.hasCommittee}
            />
            {!step.applies && (
              <Text size="sm" c="dimmed">
                {t("ui.meetings.noCommittee")}
              </Text>
            )}
            {i === 0 && (
              <Paper p="sm" bg="gray.0" radius="md">
                <Text size="sm" fw={600} mb={4}>
                  {t("ui.meetings.criteriaLabel")}
                </Text>
                <Stack gap={6}>
                  {m.rules.topicCriteria.map((c) => (
                    <Checkbox
                      key={c}
                      size="md"
                      label={t(`meetings.criteria.${c}` as "meetings.criteria.important_task")}
                      checked={(th.criteria ?? []).includes(c)}
                      disabled={!canEdit}
                      onChange={(e) =>
                        set({
                          criteria: e.currentTarget.checked
                            ? [...(th.criteria ?? []), c]
                            : (th.criteria ?? []).filter((x) => x !== c),
                        })
                      }
                    />
                  ))}
                </Stack>
                {text("topic", t("ui.meetings.topic"))}
              </Paper>
            )}
            {i === 1 && (
              <Paper p="sm" bg="gray.0" radius="md">
                <Stack gap={6}>
                  {text("survey", t("ui.meetings.survey"))}
                  {text("purpose", t("ui.meetings.thPurpose"))}
                  {text("solutions", t("ui.meetings.solutions"))}
                  {text("obstacles", t("ui.meetings.obstacles"))}
                  {text("assignment", t("ui.meetings.assignment"))}
                </Stack>
              </Paper>
            )}
            {i === 4 && (
              <Paper p="sm" bg="gray.0" radius="md">
                <Group grow>
                  <DateField
                    label={t("ui.meetings.interimReview")}
                    value={th.interimReviewOn ?? null}
                    onChange={(v) => set({ interimReviewOn: v })}
                    disabled={!canEdit}
                  />
                  <DateField
                    label={t("ui.meetings.finalReview")}
                    value={th.finalReviewOn ?? null}
                    onChange={(v) => set({ finalReviewOn: v })}
                    disabled={!canEdit}
                  />
                </Group>
              </Paper>
            )}
          </Stack>
        ))}
      </Stack>
    </section>
  );
}

function FactsCard({ m }: { m: MeetingDetail }) {
  const t = useT();
  const format = useFormat();
  const f = m.facts!;
  const yes = (v: boolean | null) => (v === null ? "—" : v ? t("ui.meetings.yes") : t("ui.meetings.no"));
  return (
    <section>
      <Title order={2} mb="xs">
        {t("ui.meetings.quality")}
      </Title>
      {m.score?.rating && (
        <Badge size="xl" color="teal.9" mb="sm">
          {t(`ui.meetings.rating.${m.score.rating}` as "ui.meetings.rating.good")}{" "}
          {m.score.total !== null ? `· ${format.number(m.score.total)}/${format.number(m.score.max)}` : ""}
        </Badge>
      )}
      <InfoList
        items={[
          {
            label: t("ui.meetings.facts.attendance"),
            value: `${f.present}/${f.members - f.exempt} (${t("ui.meetings.exemptCount", { count: f.exempt })})`,
          },
          { label: t("ui.meetings.facts.absentWithout"), value: String(f.absentWithoutReason) },
          { label: t("ui.meetings.facts.absentInARow"), value: String(f.membersAbsentMoreThan3InARow) },
          {
            label: t("ui.meetings.facts.duration"),
            value: f.durationMinutes === null ? null : t("ui.meetings.minutesValue", { n: f.durationMinutes }),
          },
          { label: t("ui.meetings.facts.speakers"), value: String(f.speakers) },
          { label: t("ui.meetings.when"), value: <WhenText m={m} /> },
          { label: t("ui.meetings.facts.onTime"), value: yes(f.startedOnTime) },
          { label: t("ui.meetings.facts.inOrder"), value: yes(f.stepsInOrder) },
          { label: t("ui.meetings.facts.committeeMet"), value: yes(f.preparation.committeeMet) },
          { label: t("ui.meetings.facts.complete"), value: yes(f.minutesComplete) },
        ]}
      />
    </section>
  );
}

function Amendments({ m }: { m: MeetingDetail }) {
  const t = useT();
  const editor = useMeetingEditor(m);
  const [text, setText] = useState("");
  const form = useApiForm(
    () => api.post(`/api/meetings/${m.id}/amendments`, { text }),
    () => {
      setText("");
      void editor.refresh();
    },
  );
  return (
    <section>
      <Title order={2} mb="xs">
        {t("ui.meetings.amendments")}
      </Title>
      <Stack gap="xs">
        {m.amendments.map((a) => (
          <Paper key={a.id} withBorder p="sm">
            <Text size="sm" c="dimmed">
              {a.byName} · {formatDateTime(a.at)}
            </Text>
            <Text>{a.text}</Text>
          </Paper>
        ))}
        {m.permissions.manage && (
          <form onSubmit={form.run}>
            <Stack gap="xs">
              <TextInput
                withAsterisk
                label={t("ui.meetings.addAmendment")}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                error={form.errors.text}
                size="md"
              />
              <Button type="submit" loading={form.busy}>
                {t("ui.meetings.addAmendmentSubmit")}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </section>
  );
}

/** The score by the sheet in force on the meeting's date: computed criteria, and the secretary's judgements with a note. */
function ScoreCard({ m }: { m: MeetingDetail }) {
  const t = useT();
  const tr = useTranslateAny();
  const editor = useMeetingEditor(m);
  const p = m.scorePreview!;
  const [judgements, setJudgements] = useState<Record<string, { points: number; note: string }>>(() =>
    Object.fromEntries((m.score?.judgements ?? []).map((j) => [j.criterionId, { points: j.points, note: j.note }])),
  );
  // Scored before the minutes are approved: the score is part of them and is locked with them.
  const canScore = m.permissions.manage && m.status === "closed";
  const form = useApiForm(
    () =>
      api.put(`/api/meetings/${m.id}/score`, {
        judgements: Object.entries(judgements).map(([criterionId, j]) => ({ criterionId, ...j })),
      }),
    () => {
      notifySuccess(t("ui.score.saved"));
      void editor.refresh();
    },
  );
  // A refused save names a judgement by its place in the list sent (the input's shape) or by its criterion (the rules).
  const judgementError = (id: string, part: "points" | "note") =>
    form.errors[`judgements.${Object.keys(judgements).indexOf(id)}.${part}`] ??
    (part === "points" ? form.errors[`judgements.${id}`] : undefined);
  const label = (c: { labelKey?: string; label?: string; id: string }) =>
    c.labelKey ? tr(c.labelKey) : (c.label ?? c.id);
  return (
    <section>
      <Title order={2} mb="xs">
        {t("ui.score.title")}
      </Title>
      <Text size="sm" c="dimmed">
        {p.sheetTitle}
      </Text>
      <Group gap="xs" my="xs">
        <Badge
          size="xl"
          color={
            p.rating === "good" ? "teal" : p.rating === "fair" ? "blue" : p.rating === "average" ? "orange" : "red"
          }
          variant="light"
          data-testid="score-rating"
        >
          {t(`ui.meetings.rating.${p.rating}` as "ui.meetings.rating.good")} · {p.total}/{p.max}
        </Badge>
        {!m.score && (
          <Text size="sm" c="orange.9">
            {t("ui.score.notSaved")}
          </Text>
        )}
      </Group>
      <form onSubmit={form.run}>
        <Stack gap="xs">
          {p.criteria.map((c) => (
            <Paper key={c.id} withBorder p="sm" radius="md">
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Text fw={600} size="sm">
                  {label(c)}
                </Text>
                <Text fw={700} style={{ flexShrink: 0 }}>
                  {c.points}/{c.max}
                </Text>
              </Group>
              {c.computed ? (
                <Text size="xs" c="dimmed">
                  {tr(
                    c.reason.key,
                    Object.fromEntries(
                      Object.entries(c.reason.params).map(([k, v]) => [k, k === "metric" ? `scoring.metric.${v}` : v]),
                    ),
                  )}
                </Text>
              ) : canScore ? (
                <Stack gap={6} mt={6}>
                  <NumberInput
                    label={t("ui.score.points", { max: c.max })}
                    min={0}
                    max={c.max}
                    value={judgements[c.id]?.points ?? ""}
                    onChange={(v) =>
                      setJudgements({
                        ...judgements,
                        [c.id]: { points: Number(v) || 0, note: judgements[c.id]?.note ?? "" },
                      })
                    }
                    error={judgementError(c.id, "points")}
                    size="md"
                  />
                  <Textarea
                    withAsterisk
                    error={judgementError(c.id, "note")}
                    label={t("fields.note")}
                    value={judgements[c.id]?.note ?? ""}
                    onChange={(e) =>
                      setJudgements({
                        ...judgements,
                        [c.id]: { points: judgements[c.id]?.points ?? 0, note: e.currentTarget.value },
                      })
                    }
                    autosize
                    minRows={1}
                    size="md"
                  />
                </Stack>
              ) : (
                c.note && <Text size="sm">{c.note}</Text>
              )}
            </Paper>
          ))}
          {canScore && (
            <Button type="submit" size="lg" loading={form.busy}>
              {t("ui.score.save")}
            </Button>
          )}
        </Stack>
      </form>
    </section>
  );
}

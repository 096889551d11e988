import { useState } from "react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { formatDate, formatDateTime, type MessageKey, useT } from "../../../web/i18n";
import { FormError, notifySuccess, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import { SECTION_IDS, type SectionId } from "../model";
import { Downloads } from "./Downloads";
import { type AssessmentForm, evaluationKeys, LEVEL_ORDER, type Level, type SubjectDetail } from "./queries";

/** Sections each form asks for: `responsibility` (for the collective's shortcomings) is the leaders' (2A) alone. */
function sectionsOf(form: string): SectionId[] {
  return SECTION_IDS.filter((s) => s !== "responsibility" || form === "2A");
}

/**
 * A member's bản tự kiểm điểm on a phone: the facts chibo already holds (each with where it comes from), the text
 * sections of the form, a score per criterion of the rubric, and the level the member proposes. "Lưu nháp" keeps
 * a draft; "Gửi chi bộ" submits it. A refused save shows the server's message under the field at fault.
 */
export function SelfAssessmentPage() {
  const { id = "" } = useParams();
  const t = useT();
  const form = useQuery({
    queryKey: evaluationKeys.form(id),
    queryFn: () => api.get<AssessmentForm>(`/api/evaluation-subjects/${id}/form`),
  });
  const subject = useQuery({
    queryKey: evaluationKeys.subject(id),
    queryFn: () => api.get<SubjectDetail>(`/api/evaluation-subjects/${id}`),
  });
  usePageTitle(t("ui.evaluations.self.title"));
  if (form.isPending || subject.isPending) return <PageLoader />;
  if (form.isError) return <PageError error={form.error} onRetry={() => void form.refetch()} />;
  if (subject.isError) return <PageError error={subject.error} onRetry={() => void subject.refetch()} />;
  return <AssessmentEditor form={form.data} subject={subject.data} />;
}

function AssessmentEditor({ form, subject }: { form: AssessmentForm; subject: SubjectDetail }) {
  const t = useT();
  const qc = useQueryClient();
  const saved = subject.assessment;
  const facts = saved?.submittedAt ? saved.facts : (form.facts ?? saved?.facts ?? null);
  const [sections, setSections] = useState<Partial<Record<SectionId, string>>>(() =>
    Object.fromEntries(Object.entries(saved?.sections ?? {}).map(([k, v]) => [k, v ?? ""])),
  );
  const [scores, setScores] = useState<Record<string, number | "">>(() => ({ ...(saved?.scores ?? {}) }));
  const [level, setLevel] = useState<Level | "">(saved?.proposedLevel ?? "");
  const [exceeded, setExceeded] = useState<string[]>(saved?.exceededTaskIds ?? []);
  const [fixed, setFixed] = useState<(boolean | null)[]>(saved?.previousFixed ?? []);
  const [version, setVersion] = useState<number | null>(saved?.version ?? null);
  const [submitted, setSubmitted] = useState<string | null>(saved?.submittedAt ?? null);
  // What is on screen against what the server last stored: anything different is marked "not saved".
  const snapshot = JSON.stringify([sections, scores, level, exceeded, fixed]);
  const [savedSnapshot, setSavedSnapshot] = useState(snapshot);
  const dirty = snapshot !== savedSnapshot;

  const closed = form.period.state === "closed" || !!subject.decision;
  const total = Object.values(scores).reduce<number>((sum, v) => sum + (typeof v === "number" ? v : 0), 0);
  const maxTotal = form.rubric.reduce((sum, s) => sum + s.criteria.reduce((a, c) => a + c.max, 0), 0);

  const save = (submit: boolean) =>
    api.put<{ version: number; submittedAt: string | null }>(`/api/evaluation-subjects/${subject.id}/self-assessment`, {
      sections: Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, v?.trim() ? v : null])),
      scores: Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== "")),
      proposedLevel: level || null,
      previousFixed: fixed,
      exceededTaskIds: exceeded,
      submit,
      version,
    });
  const draft = useApiForm(
    () => save(false),
    (r) => {
      setVersion(r.version);
      setSavedSnapshot(snapshot);
      notifySuccess(t("ui.evaluations.self.saved"));
      void qc.invalidateQueries({ queryKey: evaluationKeys.subject(subject.id) });
    },
  );
  const send = useApiForm(
    () => save(true),
    (r) => {
      setVersion(r.version);
      setSubmitted(r.submittedAt);
      setSavedSnapshot(snapshot);
      notifySuccess(t("ui.evaluations.self.submittedNotice"));
      void qc.invalidateQueries({ queryKey: evaluationKeys.mine });
      void qc.invalidateQueries({ queryKey: evaluationKeys.subject(subject.id) });
    },
  );
  const errors = { ...draft.errors, ...send.errors };
  const busy = draft.busy || send.busy;
  const deadline = form.period.deadlines.find((d) => d.key === "self_assessment");

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/">
        ← {t("ui.nav.home")}
      </Anchor>
      <div>
        <Title order={1}>{t("ui.evaluations.self.title")}</Title>
        <Text>
          {t("ui.evaluations.self.subtitle", { form: subject.form, year: form.period.year, name: subject.name })}
        </Text>
        <Text c="dimmed" size="sm">
          {subject.cellName}
          {deadline && ` · ${t("ui.evaluations.self.dueBy", { date: formatDate(deadline.due) })}`}
        </Text>
      </div>
      {submitted && (
        <Alert color="teal" variant="light" data-testid="submitted">
          {t("ui.evaluations.self.submittedAt", { at: formatDateTime(submitted) })}
        </Alert>
      )}
      {closed && (
        <Alert color="gray" variant="light">
          {t("ui.evaluations.self.closed")}
        </Alert>
      )}

      {facts && <FactsCard facts={facts} exceeded={exceeded} onExceeded={setExceeded} disabled={closed} />}

      {facts && facts.shortcomings.items.length > 0 && (
        <Paper withBorder p="md" radius="md">
          <Title order={2} mb="xs">
            {t("ui.evaluations.self.previousShortcomings")}
          </Title>
          <Stack gap="sm">
            {facts.shortcomings.items.map((s, i) => (
              <div key={s.text}>
                <Text>{s.text}</Text>
                <SegmentedControl
                  size="sm"
                  disabled={closed}
                  value={fixed[i] == null ? "unknown" : fixed[i] ? "yes" : "no"}
                  onChange={(v) => {
                    const next = [...fixed];
                    next[i] = v === "unknown" ? null : v === "yes";
                    setFixed(next);
                  }}
                  data={[
                    { value: "yes", label: t("ui.evaluations.self.fixedYes") },
                    { value: "no", label: t("ui.evaluations.self.fixedNo") },
                    { value: "unknown", label: t("ui.evaluations.self.fixedUnknown") },
                  ]}
                />
              </div>
            ))}
          </Stack>
        </Paper>
      )}

      <Paper withBorder p="md" radius="md">
        <Title order={2} mb="xs">
          {t("ui.evaluations.self.sections")}
        </Title>
        <Stack gap="sm">
          {sectionsOf(subject.form).map((s) => (
            <Textarea
              key={s}
              label={t(`ui.evaluations.section.${s}` as MessageKey)}
              autosize
              minRows={2}
              disabled={closed}
              value={sections[s] ?? ""}
              error={errors[`sections.${s}`]}
              onChange={(e) => setSections({ ...sections, [s]: e.currentTarget.value })}
            />
          ))}
        </Stack>
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="xs">
          <Title order={2}>{t("ui.evaluations.self.scores")}</Title>
          <Badge size="lg" variant="filled" color="brand.8" data-testid="total">
            {t("ui.evaluations.self.total", { total, max: maxTotal })}
          </Badge>
        </Group>
        {form.rubricProductReading && (
          <Text size="sm" c="dimmed" mb="xs">
            {t("ui.evaluations.self.productReading")}
          </Text>
        )}
        <Stack gap="md">
          {form.rubric.map((section) => (
            <div key={section.id}>
              <Text fw={700}>{section.label}</Text>
              <Stack gap={6} mt={4}>
                {section.criteria.map((c) => (
                  <NumberInput
                    key={c.id}
                    label={c.label}
                    description={t("ui.evaluations.self.maxPoints", { max: c.max })}
                    min={0}
                    max={c.max}
                    step={0.5}
                    decimalScale={2}
                    inputMode="decimal"
                    disabled={closed}
                    value={scores[c.id] ?? ""}
                    error={errors[`scores.${c.id}`]}
                    onChange={(v) => setScores({ ...scores, [c.id]: typeof v === "number" ? v : "" })}
                  />
                ))}
              </Stack>
            </div>
          ))}
        </Stack>
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Radio.Group
          label={<Title order={2}>{t("ui.evaluations.self.proposedLevel")}</Title>}
          value={level}
          onChange={(v) => setLevel(v as Level)}
          error={errors.proposedLevel}
          withAsterisk
        >
          <Stack gap="xs" mt="xs">
            {LEVEL_ORDER.map((l) => (
              <Radio key={l} value={l} disabled={closed} label={t(`evaluations.level.${l}` as MessageKey)} />
            ))}
          </Stack>
        </Radio.Group>
      </Paper>

      {!closed && (
        <Stack gap="xs">
          {dirty && (
            <Text c="orange.9" fw={600} data-testid="unsaved">
              {t("ui.evaluations.self.unsaved")}
            </Text>
          )}
          <FormError form={draft} />
          <FormError form={send} />
          <Group gap="sm" grow>
            <Button size="lg" variant="outline" loading={draft.busy} disabled={busy} onClick={() => void draft.run()}>
              {t("ui.evaluations.self.saveDraft")}
            </Button>
            <Button size="lg" loading={send.busy} disabled={busy} onClick={() => void send.run()}>
              {t("ui.evaluations.self.submit")}
            </Button>
          </Group>
        </Stack>
      )}

      {subject.comments.length > 0 && (
        <Paper withBorder p="md" radius="md">
          <Title order={2} mb="xs">
            {t("ui.evaluations.commentsReceived")}
          </Title>
          <Stack gap="xs">
            {subject.comments.map((c) => (
              <Text key={c.id}>
                <b>{c.authorName ?? t("ui.evaluations.cell.residence")}:</b> {c.text}
              </Text>
            ))}
          </Stack>
        </Paper>
      )}
      {saved && (
        <Downloads
          title={t("ui.evaluations.files")}
          items={[
            {
              label: t(`ui.evaluationDocuments.form.${subject.form}` as MessageKey),
              href: `/api/evaluation-subjects/${subject.id}/file`,
            },
          ]}
        />
      )}
      {subject.decision && (
        <Alert color="teal" variant="light" title={t("ui.evaluations.result")}>
          {t(`evaluations.level.${subject.decision.level}` as MessageKey)}
        </Alert>
      )}
    </Stack>
  );
}

type Facts = NonNullable<AssessmentForm["facts"]>;

/** What chibo knows of the member's year; each figure says where it comes from. */
function FactsCard({
  facts,
  exceeded,
  onExceeded,
  disabled,
}: {
  facts: Facts;
  exceeded: string[];
  onExceeded: (ids: string[]) => void;
  disabled: boolean;
}) {
  const t = useT();
  const a = facts.attendance;
  const k = facts.tasks;
  return (
    <Paper withBorder p="md" radius="md" data-testid="facts">
      <Title order={2}>{t("ui.evaluations.facts.title")}</Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t("ui.evaluations.facts.asOf", { at: formatDateTime(facts.asOf) })}
      </Text>
      <Stack gap="xs">
        <Text>
          {t("ui.evaluations.facts.tasks", {
            assigned: k.assigned,
            onTime: k.onTime,
            late: k.late,
            undone: k.undone,
          })}
        </Text>
        {k.items.length > 0 && (
          <Stack gap={4} pl="sm">
            <Text size="sm" c="dimmed">
              {t("ui.evaluations.facts.markExceeded")}
            </Text>
            {k.items.map((task) => (
              <Checkbox
                key={task.taskId}
                disabled={disabled}
                checked={exceeded.includes(task.taskId)}
                onChange={(e) =>
                  onExceeded(
                    e.currentTarget.checked ? [...exceeded, task.taskId] : exceeded.filter((x) => x !== task.taskId),
                  )
                }
                label={
                  <span>
                    {task.title}{" "}
                    <Text span c="dimmed" size="sm">
                      ({t(`ui.evaluations.outcome.${task.outcome}` as MessageKey)}, {formatDate(task.dueOn)})
                    </Text>
                  </span>
                }
              />
            ))}
          </Stack>
        )}
        <Text>
          {t("ui.evaluations.facts.attendance", {
            meetings: a.meetings,
            present: a.present,
            late: a.late,
            withReason: a.absentWithReason,
            withoutReason: a.absentWithoutReason,
          })}
        </Text>
        {facts.personalPlan ? (
          <Text>
            {t("ui.evaluations.facts.personalPlan", { items: facts.personalPlan.items.length })}
            {facts.personalPlan.reviewNote && ` — ${facts.personalPlan.reviewNote}`}
          </Text>
        ) : (
          <Text c="dimmed">{t("ui.evaluations.facts.noPersonalPlan")}</Text>
        )}
        {facts.discipline.entries.length > 0 && (
          <Text c="red.9">{t("ui.evaluations.facts.discipline", { count: facts.discipline.entries.length })}</Text>
        )}
        <Text size="xs" c="dimmed">
          {t("ui.evaluations.facts.sources")}
        </Text>
      </Stack>
    </Paper>
  );
}

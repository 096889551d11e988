import { useState, type ReactNode } from "react";
import {
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, ApiError } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, formatDateTime, useT, useTranslateAny } from "../../../web/i18n";
import { NotFoundPage } from "../../../web/pages/NotFoundPage";
import { notifySuccess, PageError, PageLoader, useApiForm, useNotifyError, usePageTitle } from "../../../web/ui";
import { VOTE_RULES, type AttendanceStatus, type VoteRuleId } from "../model";
import { useMeetingEditor, type SaveState } from "./editor";
import { MeetingHeader } from "./MeetingPage";
import { meetingKeys, useMeeting, type MeetingDetail } from "./queries";
import "./meetings.css";

/** The live meeting: the rulebook's steps in order, each saved to the server as the minute-taker goes. */
export function LiveMeetingPage() {
  const { id } = useParams();
  const t = useT();
  const meeting = useMeeting(id);
  usePageTitle(meeting.data ? t("ui.live.title") : null);
  if (meeting.isPending) return <PageLoader />;
  if (meeting.isError) {
    if (meeting.error instanceof ApiError && meeting.error.status === 404) return <NotFoundPage />;
    return <PageError error={meeting.error} onRetry={() => void meeting.refetch()} />;
  }
  return <Live m={meeting.data} />;
}

function SaveBadge({ state }: { state: SaveState }) {
  const t = useT();
  if (state === "idle") return null;
  const color = state === "error" ? "red" : state === "saved" ? "teal" : "gray";
  return (
    <Badge color={color} variant="light" role="status">
      {t(`ui.live.save.${state}`)}
    </Badge>
  );
}

function Live({ m }: { m: MeetingDetail }) {
  const t = useT();
  const tr = useTranslateAny();
  const editor = useMeetingEditor(m);
  const notifyError = useNotifyError();
  const readOnly = !m.permissions.manage || m.status === "approved" || m.status === "cancelled";
  const live = m.status === "open" || (m.enteredLate && m.status !== "approved" && m.status !== "cancelled");
  const doneIds = new Set(m.steps.filter((s) => s.phase === "live").map((s) => s.stepId));
  const current = m.rules.live.find((s) => !doneIds.has(s.id))?.id;

  const move = async (to: "open" | "closed") => {
    try {
      await editor.withVersion((version) =>
        api.post<{ version: number }>(`/api/meetings/${m.id}/transition`, { to, version }),
      );
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Stack gap="md">
      <MeetingHeader m={m} />
      <Paper withBorder radius="md" p="sm" className="chibo-live-counts" aria-live="polite">
        <Group justify="space-between" gap="xs">
          <Text fw={700} size="lg" data-testid="live-counts">
            {t("ui.live.counts", {
              present: m.counts.present,
              expected: m.counts.total - m.counts.exempt,
              rate: m.counts.ratePercent ?? 0,
            })}
          </Text>
          <SaveBadge state={editor.state} />
        </Group>
        <Text size="sm" c="dimmed">
          {t("ui.live.countsDetail", {
            late: m.counts.late,
            withReason: m.counts.absentWithReason,
            without: m.counts.absentWithoutReason,
            exempt: m.counts.exempt,
            unmarked: m.counts.unmarked,
          })}
        </Text>
      </Paper>

      {m.status === "planned" && !readOnly && (
        <Button size="xl" color="orange.9" onClick={() => void move("open")}>
          {t("ui.live.start")}
        </Button>
      )}
      {m.status === "planned" && m.enteredLate && (
        <Text size="sm" c="dimmed">
          {t("ui.meetings.backfillHelp")}
        </Text>
      )}

      {(live || m.status !== "planned") &&
        m.rules.live.map((step, i) => (
          <LiveStep
            key={step.id}
            m={m}
            stepId={step.id}
            n={i + 1}
            label={tr(step.key)}
            done={doneIds.has(step.id)}
            current={current === step.id}
            readOnly={readOnly || m.status === "planned"}
          >
            <StepBody
              m={m}
              stepId={step.id}
              editor={editor}
              readOnly={readOnly || m.status === "planned"}
              onClose={() => void move("closed")}
            />
          </LiveStep>
        ))}

      <Group grow>
        <Button component={Link} to={`/cuoc-hop/${m.id}`} variant="default" size="md">
          {t("ui.live.back")}
        </Button>
        {m.status !== "planned" && (
          <Button component={Link} to={`/cuoc-hop/${m.id}/bien-ban`} variant="light" size="md">
            {t("ui.meetings.minutes")}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function LiveStep({
  m,
  stepId,
  n,
  label,
  done,
  current,
  readOnly,
  children,
}: {
  m: MeetingDetail;
  stepId: string;
  n: number;
  label: string;
  done: boolean;
  current: boolean;
  readOnly: boolean;
  children: ReactNode;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const record = m.steps.find((s) => s.phase === "live" && s.stepId === stepId);
  const [busy, setBusy] = useState(false);
  const mark = async () => {
    setBusy(true);
    try {
      await api.post(`/api/meetings/${m.id}/steps/live/${stepId}`, {});
      await queryClient.invalidateQueries({ queryKey: meetingKeys.detail(m.id) });
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      className={current ? "chibo-step chibo-step-current" : "chibo-step"}
      data-step={stepId}
      component="section"
      aria-label={label}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start" mb="xs">
        <Title order={2} size="h4">
          {n}. {label}
        </Title>
        {done && (
          <Badge color="teal" variant="light" style={{ flexShrink: 0 }}>
            {t("ui.live.done")}
          </Badge>
        )}
      </Group>
      {record && (
        <Text size="xs" c="dimmed" mb="xs">
          {t("ui.meetings.doneBy", { name: record.doneByName, at: formatDateTime(record.doneAt) })}
        </Text>
      )}
      {children}
      {!readOnly && !done && (
        <Button
          mt="sm"
          size="lg"
          fullWidth
          variant={current ? "filled" : "light"}
          loading={busy}
          onClick={() => void mark()}
        >
          {t("ui.live.markDone", { n })}
        </Button>
      )}
    </Paper>
  );
}

type Editor = ReturnType<typeof useMeetingEditor>;

function Field({
  m,
  editor,
  field,
  label,
  readOnly,
  lines,
}: {
  m: MeetingDetail;
  editor: Editor;
  field: "purpose" | "dues" | "content" | "criticism" | "conclusion";
  label: string;
  readOnly: boolean;
  lines?: number;
}) {
  const [value, setValue] = useState(m[field] ?? "");
  return (
    <Textarea
      label={label}
      value={value}
      readOnly={readOnly}
      onChange={(e) => {
        setValue(e.currentTarget.value);
        editor.change(field, e.currentTarget.value);
      }}
      onBlur={() => void editor.flush()}
      autosize
      minRows={lines ?? 2}
      size="md"
    />
  );
}

function ListField({
  m,
  editor,
  field,
  label,
  readOnly,
}: {
  m: MeetingDetail;
  editor: Editor;
  field: "guests" | "agenda";
  label: string;
  readOnly: boolean;
}) {
  const t = useT();
  const [value, setValue] = useState(m[field].join("\n"));
  return (
    <Textarea
      label={label}
      description={t("ui.live.onePerLine")}
      value={value}
      readOnly={readOnly}
      onChange={(e) => {
        setValue(e.currentTarget.value);
        editor.change(
          field,
          e.currentTarget.value
            .split("\n")
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
      onBlur={() => void editor.flush()}
      autosize
      minRows={2}
      size="md"
    />
  );
}

function StepBody({
  m,
  stepId,
  editor,
  readOnly,
  onClose,
}: {
  m: MeetingDetail;
  stepId: string;
  editor: Editor;
  readOnly: boolean;
  onClose: () => void;
}) {
  const t = useT();
  switch (stepId) {
    case "purpose_guests":
      return (
        <Stack gap="xs">
          <Field m={m} editor={editor} field="purpose" label={t("ui.live.purpose")} readOnly={readOnly} />
          <ListField m={m} editor={editor} field="guests" label={t("ui.live.guests")} readOnly={readOnly} />
        </Stack>
      );
    case "minute_taker":
      return <People m={m} editor={editor} readOnly={readOnly} />;
    case "attendance":
      return <Attendance m={m} readOnly={readOnly} />;
    case "agenda":
      return <ListField m={m} editor={editor} field="agenda" label={t("ui.live.agenda")} readOnly={readOnly} />;
    case "dues":
      return <Field m={m} editor={editor} field="dues" label={t("ui.live.dues")} readOnly={readOnly} lines={1} />;
    case "content":
      return <Field m={m} editor={editor} field="content" label={t("ui.live.content")} readOnly={readOnly} lines={4} />;
    case "discussion":
      return <Contributions m={m} part="discussion" readOnly={readOnly} />;
    case "criticism":
      return (
        <Stack gap="xs">
          <Field m={m} editor={editor} field="criticism" label={t("ui.live.criticism")} readOnly={readOnly} />
          <Contributions m={m} part="criticism" readOnly={readOnly} />
        </Stack>
      );
    case "tasks":
      return <Tasks m={m} readOnly={readOnly} />;
    case "conclusion":
      return (
        <Field m={m} editor={editor} field="conclusion" label={t("ui.live.conclusion")} readOnly={readOnly} lines={3} />
      );
    case "vote":
      return <Votes m={m} readOnly={readOnly} />;
    case "quality":
      return (
        <Text size="sm" c="dimmed">
          {t("ui.live.qualityHelp")}
        </Text>
      );
    case "approve_minutes":
      return (
        <Stack gap="xs">
          <Text size="sm">{t("ui.live.closeHelp")}</Text>
          {m.status === "open" && !readOnly && (
            <Button size="lg" color="grape.8" onClick={onClose}>
              {t("ui.live.close")}
            </Button>
          )}
          {m.status !== "open" && m.status !== "planned" && (
            <Anchor component={Link} to={`/cuoc-hop/${m.id}`}>
              {t("ui.live.toApproval")}
            </Anchor>
          )}
        </Stack>
      );
    default:
      return null;
  }
}

function People({ m, editor, readOnly }: { m: MeetingDetail; editor: Editor; readOnly: boolean }) {
  const t = useT();
  const [chair, setChair] = useState(m.chairMemberId ?? "");
  const [taker, setTaker] = useState(m.minuteTakerMemberId ?? "");
  // The minutes are signed by two people: whoever holds one role is not offered for the other (the server refuses it).
  const options = (other: string, own: string) => [
    { value: "", label: "—" },
    ...m.roster.filter((r) => r.id !== other || r.id === own).map((r) => ({ value: r.id, label: r.fullName })),
  ];
  const roles = [
    { field: "chairMemberId", value: chair, set: setChair, other: taker },
    { field: "minuteTakerMemberId", value: taker, set: setTaker, other: chair },
  ] as const;
  return (
    <Stack gap="xs">
      {roles.map((role) => (
        <NativeSelect
          key={role.field}
          label={t(`fields.${role.field}`)}
          value={role.value}
          data={options(role.other, role.value)}
          disabled={readOnly}
          size="md"
          onChange={(e) => {
            role.set(e.currentTarget.value);
            editor.change(role.field, e.currentTarget.value || null);
          }}
        />
      ))}
    </Stack>
  );
}

const MARKS = ["present", "late", "absent_with_reason", "absent_without_reason"] as const;

function Attendance({ m, readOnly }: { m: MeetingDetail; readOnly: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const [reasons, setReasons] = useState<Record<string, string>>(() =>
    Object.fromEntries(m.roster.map((r) => [r.id, r.reason ?? ""])),
  );
  const save = async (memberId: string, status: AttendanceStatus, reason?: string) => {
    try {
      const res = await api.put<{ counts: MeetingDetail["counts"] }>(`/api/meetings/${m.id}/attendance/${memberId}`, {
        status,
        reason: reason ?? null,
      });
      queryClient.setQueryData<MeetingDetail>(meetingKeys.detail(m.id), (old) =>
        old
          ? {
              ...old,
              counts: res.counts,
              roster: old.roster.map((r) =>
                r.id === memberId ? { ...r, attendance: status, reason: reason ?? null } : r,
              ),
            }
          : old,
      );
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack gap="sm" component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {m.roster.map((r) => (
        <li key={r.id} data-member={r.fullName}>
          <Text fw={600}>
            {r.fullName}
            {r.status === "probationary" && (
              <Text span size="sm" c="orange.9">
                {" "}
                · {t("status.probationary")}
              </Text>
            )}
          </Text>
          {r.exempt && r.attendance === "exempt" ? (
            <Text size="sm" c="dimmed">
              {t("meetings.attendance.exempt")}
            </Text>
          ) : (
            <div className="chibo-attendance">
              {MARKS.map((s) => (
                <Button
                  key={s}
                  size="md"
                  variant={r.attendance === s ? "filled" : "default"}
                  color={
                    s === "present"
                      ? "teal.9"
                      : s === "late"
                        ? "yellow.9"
                        : s === "absent_with_reason"
                          ? "orange.9"
                          : "red.9"
                  }
                  disabled={readOnly}
                  aria-pressed={r.attendance === s}
                  aria-label={`${r.fullName}: ${t(`meetings.attendance.${s}`)}`}
                  onClick={() => {
                    if (s === "absent_with_reason" && !reasons[r.id]?.trim()) {
                      queryClient.setQueryData<MeetingDetail>(meetingKeys.detail(m.id), (old) =>
                        old
                          ? { ...old, roster: old.roster.map((x) => (x.id === r.id ? { ...x, attendance: s } : x)) }
                          : old,
                      );
                      return;
                    }
                    void save(r.id, s, s === "absent_with_reason" ? reasons[r.id] : undefined);
                  }}
                >
                  {t(`ui.live.mark.${s}`)}
                </Button>
              ))}
            </div>
          )}
          {r.attendance === "absent_with_reason" && (
            <TextInput
              mt={6}
              size="md"
              label={t("fields.reason")}
              value={reasons[r.id] ?? ""}
              readOnly={readOnly}
              onChange={(e) => setReasons({ ...reasons, [r.id]: e.currentTarget.value })}
              onBlur={() => reasons[r.id]?.trim() && void save(r.id, "absent_with_reason", reasons[r.id])}
            />
          )}
        </li>
      ))}
    </Stack>
  );
}

function Contributions({
  m,
  part,
  readOnly,
}: {
  m: MeetingDetail;
  part: "discussion" | "criticism";
  readOnly: boolean;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const [memberId, setMemberId] = useState("");
  const [text, setText] = useState("");
  const form = useApiForm(
    () => api.post(`/api/meetings/${m.id}/contributions`, { memberId: memberId || null, part, text }),
    () => {
      setText("");
      setMemberId("");
      void queryClient.invalidateQueries({ queryKey: meetingKeys.detail(m.id) });
    },
  );
  const items = m.contributions.filter((c) => c.part === part);
  return (
    <Stack gap="xs">
      {items.map((c) => (
        <Paper key={c.id} p="xs" bg="gray.0" radius="sm">
          <Text fw={600} size="sm">
            {c.speakerName}
          </Text>
          <Text size="sm">{c.text}</Text>
        </Paper>
      ))}
      {!readOnly && (
        <form onSubmit={form.run}>
          <Stack gap="xs">
            <NativeSelect
              label={t("ui.live.speaker")}
              value={memberId}
              onChange={(e) => setMemberId(e.currentTarget.value)}
              data={[{ value: "", label: "—" }, ...m.roster.map((r) => ({ value: r.id, label: r.fullName }))]}
              error={form.errors.memberId}
              size="md"
            />
            <Textarea
              label={t("ui.live.said")}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={form.errors.text}
              autosize
              minRows={2}
              size="md"
            />
            <Button type="submit" size="md" variant="outline" loading={form.busy}>
              {t("ui.live.addContribution")}
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

function Tasks({ m, readOnly }: { m: MeetingDetail; readOnly: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [what, setWhat] = useState("");
  const [who, setWho] = useState("");
  const [deadline, setDeadline] = useState<string | null>(null);
  const form = useApiForm(
    () => api.post(`/api/meetings/${m.id}/tasks`, { what, responsibleMemberId: who, deadline }),
    () => {
      setWhat("");
      void queryClient.invalidateQueries({ queryKey: meetingKeys.detail(m.id) });
    },
  );
  return (
    <Stack gap="xs">
      {m.tasks.map((x) => (
        <Paper key={x.id} p="xs" bg="gray.0" radius="sm">
          <Text size="sm" fw={600}>
            {x.what}
          </Text>
          <Text size="sm" c="dimmed">
            {x.responsibleName} · {formatDate(x.deadline)}
          </Text>
        </Paper>
      ))}
      {!readOnly && (
        <form onSubmit={form.run}>
          <Stack gap="xs">
            <TextInput
              label={t("ui.live.task")}
              value={what}
              onChange={(e) => setWhat(e.currentTarget.value)}
              error={form.errors.what}
              size="md"
            />
            <NativeSelect
              label={t("fields.responsibleMemberId")}
              value={who}
              onChange={(e) => setWho(e.currentTarget.value)}
              data={[{ value: "", label: "—" }, ...m.roster.map((r) => ({ value: r.id, label: r.fullName }))]}
              error={form.errors.responsibleMemberId}
              size="md"
            />
            <DateField
              label={t("fields.deadline")}
              value={deadline}
              onChange={setDeadline}
              error={form.errors.deadline}
              size="md"
            />
            <Button type="submit" size="md" variant="outline" loading={form.busy}>
              {t("ui.live.addTask")}
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

function Votes({ m, readOnly }: { m: MeetingDetail; readOnly: boolean }) {
  const t = useT();
  const tr = useTranslateAny();
  const queryClient = useQueryClient();
  const [subject, setSubject] = useState("");
  const [rule, setRule] = useState<VoteRuleId>("ordinary");
  const [counts, setCounts] = useState({ inFavour: 0, against: 0, other: 0 });
  const form = useApiForm(
    () => api.post<{ passed: boolean }>(`/api/meetings/${m.id}/votes`, { subject, rule, mode: "counted", ...counts }),
    (res) => {
      notifySuccess(res.passed ? t("ui.live.votePassed") : t("ui.live.voteFailed"));
      void queryClient.invalidateQueries({ queryKey: meetingKeys.detail(m.id) });
    },
  );
  const eligible = m.roster.filter(
    (r) =>
      (r.attendance === "present" || r.attendance === "late") &&
      (m.rules.votes[rule].voters === "all" || r.status === "full"),
  ).length;
  return (
    <Stack gap="xs">
      {m.votes.map((v) => (
        <Paper key={v.id} p="xs" bg={v.passed ? "teal.0" : "red.0"} radius="sm" data-testid="vote-result">
          <Text fw={600} size="sm">
            {v.subject}
          </Text>
          <Text size="sm">
            {t("ui.live.voteLine", { inFavour: v.inFavour, against: v.against, other: v.other, eligible: v.eligible })}
          </Text>
          <Text size="sm" fw={700} c={v.passed ? "teal.9" : "red.9"}>
            {v.passed ? t("ui.live.votePassed") : t("ui.live.voteFailed")}
          </Text>
        </Paper>
      ))}
      {!readOnly && (
        <form onSubmit={form.run}>
          <Stack gap="xs">
            <TextInput
              label={t("ui.live.voteSubject")}
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
              error={form.errors.subject}
              size="md"
            />
            <NativeSelect
              label={t("ui.live.voteRule")}
              value={rule}
              onChange={(e) => setRule(e.currentTarget.value as VoteRuleId)}
              data={VOTE_RULES.map((r) => ({ value: r, label: tr(m.rules.votes[r].labelKey) }))}
              size="md"
            />
            <Text size="sm" c="dimmed">
              {t("ui.live.eligible", { count: eligible })}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
              {(["inFavour", "against", "other"] as const).map((k) => (
                <NumberInput
                  key={k}
                  label={t(`ui.live.${k}`)}
                  min={0}
                  value={counts[k]}
                  onChange={(v) => setCounts({ ...counts, [k]: Number(v) || 0 })}
                  error={form.errors[k]}
                  size="md"
                />
              ))}
            </SimpleGrid>
            <Button type="submit" size="lg" loading={form.busy}>
              {t("ui.live.recordVote")}
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

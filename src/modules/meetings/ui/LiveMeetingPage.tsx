import { useEffect, useRef, useState, type ReactNode } from "react";
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
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router";
import { api, ApiError } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, formatDateTime, useT, useTranslateAny } from "../../../web/i18n";
import { NotFoundPage } from "../../../web/pages/NotFoundPage";
import { FormModal } from "../../../web/FormModal";
import { notifySuccess, PageError, PageLoader, useApiForm, useNotifyError, usePageTitle } from "../../../web/ui";
import { voteSubjectFromDraft, VOTE_RULES, type AttendanceStatus, type VoteRuleId } from "../model";
import { useMeetingEditor, type SaveState } from "./editor";
import { MeetingHeader } from "./MeetingPage";
import { meetingKeys, useMeeting, type MeetingDetail } from "./queries";
import "./meetings.css";
import type { AllPresentAnswer, MeetingAttendanceAnswer, MeetingDues, MeetingRecord, RecordedVote } from "../present";

/**
 * The live meeting: the rulebook's steps one per screen, with next, back and the list of steps to jump to; each
 * saved to the server as the minute-taker goes (ADR 0111).
 */
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

function SaveBadge({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  const t = useT();
  if (state === "idle") return null;
  const color = state === "error" ? "red" : state === "saved" ? "teal" : "gray";
  return (
    <Group gap={6} wrap="nowrap">
      <Badge color={color} variant={state === "error" ? "filled" : "light"} role="status">
        {t(`ui.live.save.${state}`)}
      </Badge>
      {state === "error" && (
        <Button size="compact-md" variant="outline" color="red" onClick={onRetry}>
          {t("ui.live.retry")}
        </Button>
      )}
    </Group>
  );
}

function Live({ m }: { m: MeetingDetail }) {
  const t = useT();
  const tr = useTranslateAny();
  const editor = useMeetingEditor(m);
  const notifyError = useNotifyError();
  const [params, setParams] = useSearchParams();
  const [listOpen, setListOpen] = useState(false);
  const [closing, setClosing] = useState(false);
  const [busy, setBusy] = useState(false);
  const top = useRef<HTMLDivElement>(null);
  const readOnly = !m.permissions.manage || m.status === "approved" || m.status === "cancelled";
  const live = m.status === "open" || (m.enteredLate && m.status !== "approved" && m.status !== "cancelled");
  const doneIds = new Set(m.steps.filter((s) => s.phase === "live").map((s) => s.stepId));
  const steps = m.rules.live;
  const firstOpen = Math.max(
    0,
    steps.findIndex((s) => !doneIds.has(s.id)),
  );
  // The step shown is in the address, so a reload (or a second phone) opens the same screen.
  const asked = Number(params.get("buoc"));
  const index = asked >= 1 && asked <= steps.length ? asked - 1 : firstOpen;
  const step = steps[index]!;
  const go = (i: number) => {
    setListOpen(false);
    setParams({ buoc: String(i + 1) }, { replace: true });
  };
  // A new step starts at its top; the first screen keeps the header and the counts in view.
  const shownIndex = useRef(index);
  useEffect(() => {
    if (shownIndex.current === index) return;
    shownIndex.current = index;
    top.current?.scrollIntoView({ block: "start" });
  }, [index]);

  const move = async (to: "open" | "closed") => {
    setBusy(true);
    try {
      await editor.withVersion((version) =>
        api.post<MeetingRecord>(`/api/meetings/${m.id}/transition`, { to, version }),
      );
      setClosing(false);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  const missingReasons = m.roster.filter((r) => r.attendance === "absent_with_reason" && !r.reason?.trim());

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
          <SaveBadge state={editor.state} onRetry={() => void editor.flush()} />
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
        <Button size="xl" color="orange.9" loading={busy} onClick={() => void move("open")}>
          {t("ui.live.start")}
        </Button>
      )}
      {m.status === "planned" && m.enteredLate && (
        <Text size="sm" c="dimmed">
          {t("ui.meetings.backfillHelp")}
        </Text>
      )}

      {(live || m.status !== "planned") && (
        <div ref={top} className="chibo-live-top">
          <Stack gap="sm">
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text fw={600} c="dimmed" data-testid="live-step-of">
                {t("ui.live.stepOf", { n: index + 1, total: steps.length })}
              </Text>
              <Button
                variant="light"
                size="md"
                aria-expanded={listOpen}
                aria-controls="live-steps"
                onClick={() => setListOpen((o) => !o)}
              >
                {t("ui.live.steps")}
              </Button>
            </Group>
            {listOpen && (
              <nav id="live-steps" aria-label={t("ui.live.steps")}>
                <Stack gap={4} component="ol" className="chibo-live-steps">
                  {steps.map((s, i) => (
                    <li key={s.id}>
                      <Button
                        fullWidth
                        size="md"
                        justify="space-between"
                        variant={i === index ? "filled" : "subtle"}
                        aria-current={i === index ? "step" : undefined}
                        rightSection={doneIds.has(s.id) ? "✓" : undefined}
                        onClick={() => go(i)}
                      >
                        {i + 1}. {tr(s.key)}
                      </Button>
                    </li>
                  ))}
                </Stack>
              </nav>
            )}
            <LiveStep
              key={step.id}
              m={m}
              stepId={step.id}
              n={index + 1}
              label={tr(step.key)}
              done={doneIds.has(step.id)}
              readOnly={readOnly || m.status === "planned"}
              onDone={() => index + 1 < steps.length && go(index + 1)}
            >
              <StepBody
                m={m}
                stepId={step.id}
                editor={editor}
                readOnly={readOnly || m.status === "planned"}
                onClose={() => setClosing(true)}
              />
            </LiveStep>
            <SimpleGrid cols={2} spacing="sm">
              <Button size="lg" variant="default" disabled={index === 0} onClick={() => go(index - 1)}>
                ← {t("ui.live.prev")}
              </Button>
              <Button size="lg" variant="default" disabled={index + 1 >= steps.length} onClick={() => go(index + 1)}>
                {t("ui.live.next")} →
              </Button>
            </SimpleGrid>
          </Stack>
        </div>
      )}

      <FormModal
        opened={closing}
        onClose={() => setClosing(false)}
        title={t("ui.live.close")}
        submitLabel={t("ui.live.close")}
        busy={busy}
        color="grape.8"
        onSubmit={(e) => {
          e.preventDefault();
          void move("closed");
        }}
      >
        <Text data-testid="close-confirm">{t("ui.live.closeConfirm")}</Text>
        {m.counts.unmarked > 0 && (
          <Text c="orange.9" fw={600}>
            {t("ui.live.closeWarnUnmarked", { n: m.counts.unmarked })}
          </Text>
        )}
        {missingReasons.length > 0 && (
          <Text c="orange.9" fw={600}>
            {t("ui.live.closeWarnReasons", { names: missingReasons.map((r) => r.fullName).join(", ") })}
          </Text>
        )}
      </FormModal>

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
  readOnly,
  onDone,
  children,
}: {
  m: MeetingDetail;
  stepId: string;
  n: number;
  label: string;
  done: boolean;
  readOnly: boolean;
  onDone: () => void;
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
      onDone();
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
      className="chibo-step chibo-step-current"
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
        <Button mt="sm" size="lg" fullWidth loading={busy} onClick={() => void mark()}>
          {t("ui.live.markDone", { n })}
        </Button>
      )}
    </Paper>
  );
}

type Editor = ReturnType<typeof useMeetingEditor>;

/** The cell's dues ledger of the meeting's month, read for the dues step; the minutes print it if the field is empty. */
function DuesLedger({ m }: { m: MeetingDetail }) {
  const t = useT();
  const dues = useQuery({
    queryKey: ["dues", "meeting", m.id],
    queryFn: () => api.get<MeetingDues>(`/api/meetings/${m.id}/dues`),
  });
  if (!dues.data?.text) return null;
  return (
    <Paper withBorder p="sm" bg="gray.0">
      <Text size="sm" fw={700}>
        {t("ui.dues.meetingLedger")}
      </Text>
      <Text data-testid="meeting-dues">{dues.data.text}</Text>
      <Text size="xs" c="dimmed">
        {t("ui.dues.meetingLedgerHelp")}
      </Text>
    </Paper>
  );
}

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
      error={editor.errors[field]}
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
      error={editor.errors[field]}
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
      return (
        <Stack gap="xs">
          <DuesLedger m={m} />
          <Field m={m} editor={editor} field="dues" label={t("ui.live.dues")} readOnly={readOnly} lines={1} />
        </Stack>
      );
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
          error={editor.errors[role.field]}
          size="md"
          onChange={(e) => {
            role.set(e.currentTarget.value);
            editor.change(role.field, e.currentTarget.value || null);
            void editor.flush();
          }}
        />
      ))}
    </Stack>
  );
}

const MARKS = ["present", "late", "absent_with_reason", "absent_without_reason"] as const;
const MARK_COLOR = {
  present: "teal.9",
  late: "yellow.9",
  absent_with_reason: "orange.9",
  absent_without_reason: "red.9",
} as const;

/** A tap or a reason on its way to the server, or refused by it: shown as such until the server has it. */
interface PendingMark {
  status: AttendanceStatus;
  reason: string | null;
  state: "saving" | "failed";
  error?: string;
}

/**
 * Attendance: "Tất cả có mặt" marks everyone not marked yet, then only the exceptions are tapped. Every tap is saved
 * at once; a reason follows and is saved on its own. What the server does not have yet looks unsaved, a refusal
 * stays on the row with its message and a retry.
 */
function Attendance({ m, readOnly }: { m: MeetingDetail; readOnly: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const [pending, setPending] = useState<Record<string, PendingMark>>({});
  const [reasons, setReasons] = useState<Record<string, string>>(() =>
    Object.fromEntries(m.roster.map((r) => [r.id, r.reason ?? ""])),
  );
  const [allBusy, setAllBusy] = useState(false);
  const save = async (memberId: string, status: AttendanceStatus, reason: string | null) => {
    setPending((p) => ({ ...p, [memberId]: { status, reason, state: "saving" } }));
    try {
      const res = await api.put<MeetingAttendanceAnswer>(`/api/meetings/${m.id}/attendance/${memberId}`, {
        status,
        reason,
      });
      queryClient.setQueryData<MeetingDetail>(meetingKeys.detail(m.id), (old) =>
        old
          ? {
              ...old,
              counts: res.counts,
              roster: old.roster.map((r) =>
                r.id === memberId ? { ...r, attendance: res.status, reason: res.reason } : r,
              ),
            }
          : old,
      );
      setPending((p) => Object.fromEntries(Object.entries(p).filter(([id]) => id !== memberId)));
    } catch (error) {
      const message =
        error instanceof ApiError
          ? (Object.values(error.problem.fields ?? {})[0] ?? error.problem.detail ?? error.message)
          : String(error);
      setPending((p) => ({ ...p, [memberId]: { status, reason, state: "failed", error: message } }));
    }
  };
  const allPresent = async () => {
    setAllBusy(true);
    try {
      const res = await api.post<AllPresentAnswer>(`/api/meetings/${m.id}/attendance/all-present`, {});
      queryClient.setQueryData<MeetingDetail>(meetingKeys.detail(m.id), (old) =>
        old
          ? {
              ...old,
              counts: res.counts,
              roster: old.roster.map((r) => (!r.exempt && !r.attendance ? { ...r, attendance: "present" } : r)),
            }
          : old,
      );
      notifySuccess(t("ui.live.allPresentDone", { n: res.marked }));
    } catch (error) {
      notifyError(error);
    } finally {
      setAllBusy(false);
    }
  };
  const unmarked = m.roster.filter((r) => !r.exempt && !r.attendance && !pending[r.id]).length;
  return (
    <Stack gap="sm">
      {!readOnly && unmarked > 0 && (
        <Stack gap={4}>
          <Button size="xl" color="teal.9" loading={allBusy} onClick={() => void allPresent()}>
            {t("ui.live.allPresent")}
          </Button>
          <Text size="sm" c="dimmed">
            {t("ui.live.allPresentHelp")}
          </Text>
        </Stack>
      )}
      <Stack gap="md" component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {m.roster.map((r) => {
          const p = pending[r.id];
          const shown = p?.status ?? r.attendance;
          const reason = reasons[r.id] ?? "";
          const reasonUnsaved = shown === "absent_with_reason" && !p && reason.trim() !== (r.reason ?? "");
          return (
            <li
              key={r.id}
              data-member={r.fullName}
              data-saved={p ? p.state : r.attendance ? "saved" : "unmarked"}
              className={p ? "chibo-mark chibo-mark-unsaved" : "chibo-mark"}
            >
              <Group justify="space-between" gap={6} wrap="nowrap" align="flex-start">
                <Text fw={600}>
                  {r.fullName}
                  {r.status === "probationary" && (
                    <Text span size="sm" c="orange.9">
                      {" "}
                      · {t("status.probationary")}
                    </Text>
                  )}
                </Text>
                {p?.state === "saving" && (
                  <Badge color="gray" variant="outline" style={{ flexShrink: 0 }}>
                    {t("ui.live.row.saving")}
                  </Badge>
                )}
                {!p && !r.attendance && !r.exempt && (
                  <Badge color="gray" variant="light" style={{ flexShrink: 0 }}>
                    {t("ui.live.row.unmarked")}
                  </Badge>
                )}
              </Group>
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
                      variant={shown === s ? "filled" : "default"}
                      color={MARK_COLOR[s]}
                      disabled={readOnly}
                      aria-pressed={shown === s}
                      aria-label={`${r.fullName}: ${t(`meetings.attendance.${s}`)}`}
                      onClick={() => void save(r.id, s, s === "absent_with_reason" ? reason.trim() || null : null)}
                    >
                      {t(`ui.live.mark.${s}`)}
                    </Button>
                  ))}
                </div>
              )}
              {p?.state === "failed" && (
                <Group gap="xs" mt={6} wrap="nowrap" role="alert">
                  <Text size="sm" c="red.8" fw={600} style={{ flex: 1 }}>
                    {t("ui.live.row.failed")}: {p.error}
                  </Text>
                  <Button size="sm" variant="outline" color="red" onClick={() => void save(r.id, p.status, p.reason)}>
                    {t("ui.live.retry")}
                  </Button>
                </Group>
              )}
              {shown === "absent_with_reason" && (
                <TextInput
                  mt={6}
                  size="md"
                  label={t("fields.reason")}
                  value={reason}
                  readOnly={readOnly}
                  description={
                    reasonUnsaved
                      ? t("ui.live.reasonUnsaved")
                      : !reason.trim() && !p
                        ? t("ui.live.reasonMissing")
                        : undefined
                  }
                  classNames={reasonUnsaved ? { input: "chibo-unsaved-input" } : undefined}
                  onChange={(e) => setReasons({ ...reasons, [r.id]: e.currentTarget.value })}
                  onBlur={() => reasonUnsaved && void save(r.id, "absent_with_reason", reason.trim() || null)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") e.currentTarget.blur();
                  }}
                />
              )}
            </li>
          );
        })}
      </Stack>
      {unmarked > 0 && (
        <Text size="sm" c="orange.9" fw={600}>
          {t("ui.live.unmarkedLeft", { n: unmarked })}
        </Text>
      )}
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
  // A member recorded absent was not there to speak: not offered (the server refuses it too).
  const present = m.roster.filter(
    (r) => r.attendance !== "absent_with_reason" && r.attendance !== "absent_without_reason",
  );
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
              data={[{ value: "", label: "—" }, ...present.map((r) => ({ value: r.id, label: r.fullName }))]}
              description={present.length < m.roster.length ? t("ui.live.speakerAbsentHint") : undefined}
              error={form.errors.memberId}
              withAsterisk
              size="md"
            />
            <Textarea
              withAsterisk
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
              withAsterisk
              label={t("ui.live.task")}
              value={what}
              onChange={(e) => setWhat(e.currentTarget.value)}
              error={form.errors.what}
              size="md"
            />
            <NativeSelect
              withAsterisk
              label={t("fields.responsibleMemberId")}
              value={who}
              onChange={(e) => setWho(e.currentTarget.value)}
              data={[{ value: "", label: "—" }, ...m.roster.map((r) => ({ value: r.id, label: r.fullName }))]}
              error={form.errors.responsibleMemberId}
              size="md"
            />
            <DateField
              withAsterisk
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
  const fromDraft = voteSubjectFromDraft(m.draftResolution);
  const [subject, setSubject] = useState(fromDraft);
  const [rule, setRule] = useState<VoteRuleId>("ordinary");
  const [counts, setCounts] = useState({ inFavour: 0, against: 0, other: 0 });
  const form = useApiForm(
    () => api.post<RecordedVote>(`/api/meetings/${m.id}/votes`, { subject, rule, mode: "counted", ...counts }),
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
              withAsterisk
              label={t("ui.live.voteSubject")}
              description={fromDraft && subject === fromDraft ? t("ui.live.voteSubjectFromDraft") : undefined}
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
              error={form.errors.subject}
              size="md"
            />
            <NativeSelect
              withAsterisk
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
                  withAsterisk
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

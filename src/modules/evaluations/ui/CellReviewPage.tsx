import { useState } from "react";
import { Tag } from "./Tag";
import {
  Anchor,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { formatDate, type MessageKey, todayIso, useT } from "../../../web/i18n";
import {
  FormError,
  notifySuccess,
  orNull,
  PageError,
  PageLoader,
  useApiForm,
  useIsPhone,
  usePageTitle,
} from "../../../web/ui";
import type { OrganizationDetail } from "../../organizations/present";
import { VETOES } from "../model";
import { Downloads } from "./Downloads";
import { ReviewMeetingCard } from "./ReviewMeetingCard";
import {
  type CellView,
  evaluationKeys,
  LEVEL_COLOR,
  LEVEL_ORDER,
  type Level,
  type PeriodDetail,
  type SubjectDetail,
  type SubjectRow,
} from "./queries";

type OrgPermissions = OrganizationDetail;

/**
 * The cell's review (kiểm điểm, đánh giá, xếp loại): who has self-assessed, the comments heard at the review
 * meeting, the level the cell proposes for each member and for itself — and, for the đảng ủy, the decision.
 */
export function CellReviewPage() {
  const { periodId = "", cellId = "" } = useParams();
  const t = useT();
  const view = useQuery({
    queryKey: evaluationKeys.cell(periodId, cellId),
    queryFn: () => api.get<CellView>(`/api/evaluation-periods/${periodId}/cells/${cellId}`),
  });
  const period = useQuery({
    queryKey: evaluationKeys.period(periodId),
    queryFn: () => api.get<PeriodDetail>(`/api/evaluation-periods/${periodId}`),
    retry: false,
  });
  const cell = useQuery({
    queryKey: ["organization", cellId],
    queryFn: () => api.get<OrgPermissions>(`/api/organizations/${cellId}`),
  });
  const partyId = period.data?.organizationId;
  const party = useQuery({
    queryKey: ["organization", partyId ?? ""],
    queryFn: () => api.get<OrgPermissions>(`/api/organizations/${partyId}`),
    enabled: !!partyId,
  });
  const [open, setOpen] = useState<SubjectRow | null>(null);
  usePageTitle(view.data?.report.cellName);
  if (view.isPending) return <PageLoader />;
  if (view.isError) return <PageError error={view.error} onRetry={() => void view.refetch()} />;
  const { subjects, report, deadlines, reviewMeeting } = view.data;
  const run = !!cell.data?.permissions["evaluation.run"];
  const decide = !!party.data?.permissions["evaluation.decide"];
  const members = subjects.filter((s) => s.kind === "member");
  const collective = subjects.find((s) => s.kind === "cell");
  const meetingBy = deadlines.find((d) => d.key === "cell_meeting");
  return (
    <Stack gap="md">
      <Anchor component={Link} to={partyId && decide ? `/danh-gia/ky/${periodId}` : "/"}>
        ← {partyId && decide ? t("ui.evaluations.period.back") : t("ui.nav.home")}
      </Anchor>
      <div>
        <Title order={1}>{t("ui.evaluations.cell.title", { year: report.year })}</Title>
        <Text fw={600}>{report.cellName}</Text>
        {meetingBy && (
          <Text c="dimmed" size="sm">
            {t("ui.evaluations.cell.meetingBy", { date: formatDate(meetingBy.due) })}
          </Text>
        )}
      </div>

      <Paper withBorder p="md" radius="md" data-testid="cell-report">
        <Title order={2} mb="xs">
          {t("ui.evaluations.cell.report")}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          <Figure
            label={t("ui.evaluations.cell.evaluated")}
            value={`${report.members.evaluated}/${report.members.total}`}
          />
          <Figure label={t("ui.evaluations.cell.meetingsHeld")} value={String(report.meetings.held)} />
          <Figure
            label={t("ui.evaluations.cell.tasksOnTime")}
            value={`${report.tasks.onTime}/${report.tasks.assigned}`}
          />
          <Figure
            label={t("ui.evaluations.cell.selfAssessed")}
            value={`${members.filter((m) => m.submittedAt).length}/${members.filter((m) => !m.excluded).length}`}
          />
        </SimpleGrid>
        {report.members.excluded.length > 0 && (
          <Text size="sm" mt="xs">
            {t("ui.evaluations.cell.excluded")}:{" "}
            {report.members.excluded
              .map((e) => `${e.name} (${t(`evaluations.exclusion.${e.reason}` as MessageKey)})`)
              .join("; ")}
          </Text>
        )}
      </Paper>

      <ReviewMeetingCard periodId={periodId} cellId={cellId} meeting={reviewMeeting} run={run} />

      <Paper withBorder p="md" radius="md">
        <Title order={2} mb="xs">
          {t("ui.evaluations.cell.members")}
        </Title>
        <Stack gap="xs">
          {[...members.filter((m) => !m.excluded), ...(collective ? [collective] : [])].map((s) => (
            <SubjectLine key={s.id} s={s} onOpen={() => setOpen(s)} />
          ))}
        </Stack>
      </Paper>

      <Downloads
        title={t("ui.evaluations.files")}
        items={[
          {
            label: t("ui.evaluationDocuments.cellReport"),
            href: `/api/evaluation-periods/${periodId}/cells/${cellId}/report/file`,
          },
          ...(report.reviewMeetingId
            ? [
                {
                  label: t("ui.evaluationDocuments.minutes"),
                  href: `/api/evaluation-periods/${periodId}/cells/${cellId}/minutes/file`,
                },
              ]
            : []),
        ]}
      />

      {open && (
        <SubjectModal
          row={open}
          periodId={periodId}
          cellId={cellId}
          run={run}
          decide={decide}
          reviewMeetingId={report.reviewMeetingId ?? reviewMeeting?.id ?? null}
          onClose={() => setOpen(null)}
        />
      )}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
    </div>
  );
}

function LevelBadge({ level, prefix }: { level: Level | null; prefix: string }) {
  const t = useT();
  if (!level) return null;
  return (
    <Tag color={LEVEL_COLOR[level]}>
      {prefix}: {t(`evaluations.level.${level}` as MessageKey)}
    </Tag>
  );
}

function SubjectLine({ s, onOpen }: { s: SubjectRow; onOpen: () => void }) {
  const t = useT();
  return (
    <Paper withBorder p="sm" radius="md" data-testid="subject">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Text fw={600}>
            {s.kind === "cell" ? t("ui.evaluations.cell.collective") : s.name}{" "}
            <Text span c="dimmed" size="sm">
              ({t("ui.evaluations.form", { form: s.form })})
            </Text>
          </Text>
          <Group gap={6} mt={4}>
            {s.kind === "member" &&
              (s.submittedAt ? (
                <Tag color="teal.9">{t("ui.evaluations.cell.submitted", { total: s.total ?? 0 })}</Tag>
              ) : (
                <Tag color="gray.7">{t("ui.evaluations.cell.notSubmitted")}</Tag>
              ))}
            <LevelBadge level={s.selfLevel} prefix={t("ui.evaluations.stage.self")} />
            <LevelBadge level={s.proposedLevel} prefix={t("ui.evaluations.stage.proposed")} />
            <LevelBadge level={s.decidedLevel} prefix={t("ui.evaluations.stage.decided")} />
          </Group>
        </div>
        <Button variant="outline" size="sm" onClick={onOpen}>
          {t("ui.evaluations.cell.open")}
        </Button>
      </Group>
    </Paper>
  );
}

const levelOptions = (t: ReturnType<typeof useT>) =>
  LEVEL_ORDER.map((l) => ({ value: l, label: t(`evaluations.level.${l}` as MessageKey) }));

/** One subject: the self-assessment heard, comments, the cell's proposal and the đảng ủy's decision. */
function SubjectModal(props: {
  row: SubjectRow;
  periodId: string;
  cellId: string;
  run: boolean;
  decide: boolean;
  reviewMeetingId: string | null;
  onClose: () => void;
}) {
  const { row, run, decide, onClose } = props;
  const t = useT();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const detail = useQuery({
    queryKey: evaluationKeys.subject(row.id),
    queryFn: () => api.get<SubjectDetail>(`/api/evaluation-subjects/${row.id}`),
  });
  const meetings = useQuery({
    queryKey: ["meetings", props.cellId, "evaluation"],
    queryFn: () =>
      api.get<{ items: { id: string; date: string; kind: string; status: string }[] }>(
        `/api/organizations/${props.cellId}/meetings`,
      ),
    enabled: run,
  });
  const d = detail.data;
  const [comment, setComment] = useState("");
  const [author, setAuthor] = useState("");
  const [level, setLevel] = useState<string | null>(null);
  const [meetingId, setMeetingId] = useState<string | null>(props.reviewMeetingId);
  const [votes, setVotes] = useState({ inFavour: 0, against: 0, other: 0 });
  const [decided, setDecided] = useState<string | null>(null);
  const [raised, setRaised] = useState("");
  const [veto, setVeto] = useState<string | null>(null);
  const [vetoReason, setVetoReason] = useState("");
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: evaluationKeys.subject(row.id) });
    void qc.invalidateQueries({ queryKey: evaluationKeys.cell(props.periodId, props.cellId) });
    void qc.invalidateQueries({ queryKey: evaluationKeys.period(props.periodId) });
  };
  const addComment = useApiForm(
    () =>
      api.post(`/api/evaluation-subjects/${row.id}/comments`, {
        text: comment,
        authorName: orNull(author),
        meetingId: meetingId ?? null,
      }),
    () => {
      setComment("");
      refresh();
    },
  );
  const propose = useApiForm(
    () =>
      api.post(`/api/evaluation-subjects/${row.id}/proposal`, {
        level,
        meetingId,
        votes,
        version: d?.proposal?.version ?? null,
      }),
    () => {
      notifySuccess(t("ui.evaluations.cell.proposedNotice"));
      refresh();
    },
  );
  const decideForm = useApiForm(
    () =>
      api.post(`/api/evaluation-subjects/${row.id}/decision`, {
        level: decided,
        decidedOn: todayIso(),
        quotaRaisedReason: orNull(raised),
        veto: veto ? { kind: veto, reason: vetoReason } : null,
        version: d?.decision?.version ?? null,
      }),
    () => {
      notifySuccess(t("ui.evaluations.cell.decidedNotice"));
      refresh();
    },
  );
  const title = row.kind === "cell" ? t("ui.evaluations.cell.collective") : row.name;
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("ui.close") }}
    >
      {!d && <PageLoader />}
      {d && (
        <Stack gap="md">
          {d.assessment ? (
            <Paper withBorder p="sm" radius="md">
              <Text fw={700}>
                {t("ui.evaluations.cell.selfScore", { total: d.assessment.total })} —{" "}
                {t(`evaluations.level.${d.assessment.proposedLevel}` as MessageKey)}
              </Text>
              {Object.entries(d.assessment.sections)
                .filter(([, v]) => v)
                .map(([k, v]) => (
                  <Text key={k} size="sm" mt={4}>
                    <b>{t(`ui.evaluations.section.${k}` as MessageKey)}:</b> {v}
                  </Text>
                ))}
            </Paper>
          ) : (
            row.kind === "member" && <Text c="dimmed">{t("ui.evaluations.cell.notSubmitted")}</Text>
          )}

          <div>
            <Title order={3}>{t("ui.evaluations.cell.comments")}</Title>
            {d.comments.map((c) => (
              <Text key={c.id} size="sm">
                <b>{c.authorName ?? t("ui.evaluations.cell.residence")}:</b> {c.text}
              </Text>
            ))}
            {run && (
              <Stack gap="xs" mt="xs">
                <TextInput
                  label={t("ui.evaluations.cell.commentAuthor")}
                  value={author}
                  onChange={(e) => setAuthor(e.currentTarget.value)}
                  error={addComment.errors.authorName}
                />
                <Textarea
                  label={t("ui.evaluations.cell.comment")}
                  autosize
                  minRows={2}
                  value={comment}
                  onChange={(e) => setComment(e.currentTarget.value)}
                  error={addComment.errors.text}
                  required
                />
                <FormError form={addComment} />
                <Button variant="outline" loading={addComment.busy} onClick={() => void addComment.run()}>
                  {t("ui.evaluations.cell.addComment")}
                </Button>
              </Stack>
            )}
          </div>

          {d.hostComments.length > 0 && (
            <div>
              <Title order={3}>{t("ui.transfers2.hostComments")}</Title>
              {d.hostComments.map((h) => {
                const where = { host: h.hostName, from: formatDate(h.startsOn), to: formatDate(h.endsOn) };
                return h.comment ? (
                  <Text key={h.stayId} size="sm" mt={4} style={{ whiteSpace: "pre-wrap" }}>
                    <b>{t("ui.transfers2.hostCommentLine", { ...where, date: formatDate(h.commentedOn) })}</b>{" "}
                    {h.comment}
                  </Text>
                ) : (
                  <Text key={h.stayId} size="sm" mt={4} c="dimmed">
                    {t("ui.transfers2.noHostComment", where)}
                  </Text>
                );
              })}
            </div>
          )}

          {d.proposal && <LevelBadge level={d.proposal.level} prefix={t("ui.evaluations.stage.proposed")} />}
          {run && !d.decision && (
            <Stack gap="xs">
              <Title order={3}>{t("ui.evaluations.cell.propose")}</Title>
              <Select
                label={t("ui.evaluations.cell.reviewMeeting")}
                data={(meetings.data?.items ?? [])
                  .filter((m) => m.status !== "cancelled")
                  .map((m) => ({
                    value: m.id,
                    label: `${formatDate(m.date)} — ${t(`ui.evaluations.meetingStatus.${m.status}` as MessageKey)}`,
                  }))}
                value={meetingId}
                onChange={setMeetingId}
                error={propose.errors.meetingId}
                required
              />
              <Select
                label={t("ui.evaluations.cell.level")}
                data={levelOptions(t)}
                value={level}
                onChange={setLevel}
                error={propose.errors.level}
                required
              />
              <Group grow>
                {(["inFavour", "against", "other"] as const).map((k) => (
                  <NumberInput
                    key={k}
                    label={t(`ui.evaluations.votes.${k}` as MessageKey)}
                    min={0}
                    value={votes[k]}
                    error={propose.errors[`votes.${k}`]}
                    onChange={(v) => setVotes({ ...votes, [k]: typeof v === "number" ? v : 0 })}
                  />
                ))}
              </Group>
              <FormError form={propose} />
              <Button loading={propose.busy} onClick={() => void propose.run()}>
                {t("ui.evaluations.cell.proposeButton")}
              </Button>
            </Stack>
          )}

          {d.decision && <LevelBadge level={d.decision.level} prefix={t("ui.evaluations.stage.decided")} />}
          {decide && (
            <Stack gap="xs">
              <Title order={3}>{t("ui.evaluations.cell.decide")}</Title>
              <Select
                label={t("ui.evaluations.cell.decidedLevel")}
                data={levelOptions(t)}
                value={decided}
                onChange={setDecided}
                error={decideForm.errors.level}
                required
              />
              <TextInput
                label={t("ui.evaluations.cell.raisedReason")}
                description={t("ui.evaluations.cell.raisedReasonHint")}
                value={raised}
                onChange={(e) => setRaised(e.currentTarget.value)}
                error={decideForm.errors.quotaRaisedReason}
              />
              <Select
                label={t("ui.evaluations.cell.veto")}
                clearable
                data={VETOES.map((v) => ({ value: v, label: t(`evaluations.veto.${v}` as MessageKey) }))}
                value={veto}
                onChange={setVeto}
                error={decideForm.errors["veto.kind"]}
              />
              {veto && (
                <TextInput
                  label={t("ui.evaluations.cell.vetoReason")}
                  value={vetoReason}
                  onChange={(e) => setVetoReason(e.currentTarget.value)}
                  error={decideForm.errors["veto.reason"]}
                  required
                />
              )}
              <FormError form={decideForm} />
              <Button color="brand.8" loading={decideForm.busy} onClick={() => void decideForm.run()}>
                {t("ui.evaluations.cell.decideButton")}
              </Button>
            </Stack>
          )}
        </Stack>
      )}
    </Modal>
  );
}

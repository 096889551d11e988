import { useRef, useState } from "react";
import {
  Anchor,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  NumberInput,
  Pagination,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, query, uploadFile } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, formatDateTime, todayIso, useT, type MessageKey } from "../../../web/i18n";
import { useFormat } from "../../../web/format";
import { FormError, notifySuccess, orNull, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import type { CandidateDetail, CandidateListItem, Pipeline } from "../present";

// The cell's candidates, one candidate's path with its deadlines, and the đảng ủy's board — each usable at 360 px.

type Open = CandidateListItem["openDeadline"];
const STATE_COLOR = { running: "gray", near: "orange.8", passed: "red.8" } as const;

function DeadlineBadge({ open }: { open: Open }) {
  const t = useT();
  if (!open) return null;
  const step = t(`ui.admissions.deadline.${open.kind}` as MessageKey);
  const left =
    open.daysLeft < 0
      ? t("ui.admissions.daysPassed", { days: -open.daysLeft })
      : t("ui.admissions.daysLeft", { days: open.daysLeft });
  return (
    <Text size="sm" c={STATE_COLOR[open.state]} fw={open.state === "running" ? 400 : 700}>
      {t("ui.admissions.deadlineLine", { step, date: formatDate(open.dueOn) })} ({left})
    </Text>
  );
}

function CandidateCard({ c, cellName }: { c: CandidateListItem; cellName?: string }) {
  const t = useT();
  return (
    <Card withBorder padding="sm">
      <Anchor component={Link} to={`/ket-nap/${c.id}`} fw={700} size="lg">
        {c.fullName}
      </Anchor>
      <Group gap="xs" mt={4}>
        <Badge variant="light">{t(`ui.admissions.stage.${c.stage}`)}</Badge>
        {cellName && (
          <Text size="sm" c="dimmed">
            {cellName}
          </Text>
        )}
      </Group>
      <DeadlineBadge open={c.openDeadline} />
    </Card>
  );
}

/** /to-chuc/:id/ket-nap — the cell's candidates and probationary members, and a form to follow a new one. */
export function CandidatesPage() {
  const { id = "" } = useParams();
  const t = useT();
  usePageTitle(t("ui.admissions.title"));
  const key = ["admissions", "cell", id];
  const list = useQuery({
    queryKey: key,
    queryFn: () => api.get<{ items: CandidateListItem[] }>(`/api/organizations/${id}/candidates`),
  });
  const members = useQuery({
    queryKey: ["admissions", "members", id],
    queryFn: () =>
      api.get<{ items: { id: string; fullName: string; status: string }[] }>(
        `/api/organizations/${id}/members?status=full&limit=500`,
      ),
  });
  const client = useQueryClient();
  const [fullName, setFullName] = useState("");
  const [dateOfBirth, setDateOfBirth] = useState<string | null>(null);
  const [unit, setUnit] = useState("");
  const [helperId, setHelperId] = useState("");
  const [certificate, setCertificate] = useState<string | null>(null);
  const form = useApiForm(
    () =>
      api.post(`/api/organizations/${id}/candidates`, {
        fullName,
        dateOfBirth,
        unit: orNull(unit),
        helperIds: helperId ? [helperId] : [],
        courseCertificateOn: certificate,
      }),
    () => {
      setFullName("");
      setDateOfBirth(null);
      setUnit("");
      void client.invalidateQueries({ queryKey: key });
    },
  );
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  return (
    <Stack gap="md">
      <Title order={2}>{t("ui.admissions.candidates")}</Title>
      {list.data.items.length === 0 && <Text>{t("ui.admissions.none")}</Text>}
      {list.data.items.map((c) => (
        <CandidateCard key={c.id} c={c} />
      ))}
      <Card withBorder padding="sm" component="form" onSubmit={form.run}>
        <Stack gap="xs">
          <Title order={3}>{t("ui.admissions.add")}</Title>
          <TextInput
            label={t("ui.admissions.fullName")}
            value={fullName}
            onChange={(e) => setFullName(e.currentTarget.value)}
            error={form.errors.fullName}
            required
          />
          <DateField
            label={t("ui.admissions.dateOfBirth")}
            value={dateOfBirth}
            onChange={setDateOfBirth}
            error={form.errors.dateOfBirth}
            required
          />
          <TextInput label={t("ui.admissions.unit")} value={unit} onChange={(e) => setUnit(e.currentTarget.value)} />
          <label>
            <Text size="sm" fw={500}>
              {t("ui.admissions.helpers")}
            </Text>
            <select
              value={helperId}
              onChange={(e) => setHelperId(e.currentTarget.value)}
              style={{ width: "100%", minHeight: 44, fontSize: 16 }}
              aria-label={t("ui.admissions.helpers")}
            >
              <option value="" />
              {(members.data?.items ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.fullName}
                </option>
              ))}
            </select>
            {form.errors.helperIds && (
              <Text size="sm" c="red.8">
                {form.errors.helperIds}
              </Text>
            )}
          </label>
          <DateField
            label={t("ui.admissions.certificate")}
            value={certificate}
            onChange={setCertificate}
            error={form.errors.courseCertificateOn}
          />
          <Button type="submit" loading={form.busy}>
            {t("ui.admissions.add")}
          </Button>
        </Stack>
      </Card>
    </Stack>
  );
}

/** One step's form: a date (and for a vote, the number for), posted with the candidate's version. */
function StepForm({
  c,
  action,
  url,
  dateField,
  vote,
}: {
  c: CandidateDetail;
  action: MessageKey;
  url: string;
  dateField: "votedOn" | "decidedOn" | "ceremonyOn";
  vote?: boolean;
}) {
  const t = useT();
  const client = useQueryClient();
  const [date, setDate] = useState<string | null>(todayIso());
  const [votes, setVotes] = useState<number | string>("");
  const form = useApiForm(
    () =>
      api.post(`/api/candidates/${c.id}/${url}`, {
        [dateField]: date,
        ...(vote ? { votesFor: Number(votes) } : {}),
        version: c.version,
      }),
    () => {
      notifySuccess(t(action));
      void client.invalidateQueries({ queryKey: ["admissions"] });
    },
  );
  const label = {
    votedOn: "ui.admissions.votedOn",
    decidedOn: "ui.admissions.decidedOn",
    ceremonyOn: "ui.admissions.ceremonyOn",
  } as const;
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run}>
      <Stack gap="xs">
        <Text fw={700}>{t(action)}</Text>
        <DateField
          label={t(label[dateField])}
          value={date}
          onChange={setDate}
          error={form.errors[dateField]}
          required
        />
        {vote && (
          <NumberInput
            label={t("ui.admissions.votesFor")}
            value={votes}
            onChange={setVotes}
            min={0}
            error={form.errors.votesFor}
            required
          />
        )}
        {form.errors.form && (
          <Text size="sm" c="red.8">
            {form.errors.form}
          </Text>
        )}
        <Button type="submit" loading={form.busy}>
          {t(action)}
        </Button>
      </Stack>
    </Card>
  );
}

/** "245 KB", "1,2 MB": a file's size as the checklist shows it. */
function sizeText(bytes: number, number: (n: number) => string): string {
  if (bytes < 1024 * 1024) return `${number(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${number(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;
}

type FormItem = CandidateDetail["forms"][number];

/** A form's file as a download link, with its size and the day it was uploaded. */
function FileLine({ file, dimmed }: { file: NonNullable<FormItem["file"]>; dimmed?: boolean }) {
  const t = useT();
  const f = useFormat();
  return (
    <div style={{ minWidth: 0 }}>
      <Anchor
        href={`/api/admission-form-files/${file.id}`}
        download={file.fileName}
        size="sm"
        c={dimmed ? "dimmed" : undefined}
        style={{ overflowWrap: "anywhere" }}
        aria-label={`${t("ui.admissions.download")} ${file.fileName}`}
      >
        {file.fileName}
      </Anchor>
      <Text size="xs" c="dimmed">
        {t("ui.admissions.fileMeta", {
          size: sizeText(file.size, f.number),
          date: formatDateTime(file.uploadedAt),
        })}
      </Text>
    </div>
  );
}

/**
 * One form of the dossier: generated (a link to the register's document), or received — on paper, or as a file the
 * committee uploads, replaces (the old one listed below it) and downloads. A refused file's message shows here.
 *
 * Every write sends the candidate's version, so the dossier takes one write at a time: while one is saving (and the
 * candidate read again with its new version) the other rows' buttons are disabled. Before, a second tap a moment
 * after the first was sent with the old version and refused as a conflict.
 */
function FormRow({
  c,
  f,
  writing,
  onWriting,
}: {
  c: CandidateDetail;
  f: FormItem;
  /** A row of the dossier, this one or another, is saving. */
  writing: boolean;
  onWriting: (writing: boolean) => void;
}) {
  const t = useT();
  const client = useQueryClient();
  const saving = async (write: () => Promise<unknown>) => {
    onWriting(true);
    try {
      await write();
      await client.invalidateQueries({ queryKey: ["admissions"] });
    } finally {
      onWriting(false);
    }
  };
  const mark = useApiForm(
    () =>
      saving(() =>
        api.post(`/api/candidates/${c.id}/forms`, { form: f.form, receivedOn: todayIso(), version: c.version }),
      ),
    () => {},
  );
  const upload = useApiForm(
    async () => {
      const file = picked.current;
      if (!file) return false;
      const q = query({ form: f.form, fileName: file.name, version: c.version });
      await saving(() => uploadFile(`/api/candidates/${c.id}/form-files${q}`, file, () => {}));
      return true;
    },
    (uploaded) => {
      if (uploaded) notifySuccess(t("ui.admissions.uploaded", { form: f.form }));
    },
  );
  const elsewhere = writing && !mark.busy && !upload.busy;
  const picked = useRef<File | null>(null);
  const choose = (file: File | null) => {
    picked.current = file;
    if (file) void upload.run();
  };
  return (
    <Stack gap={4} data-testid={`dossier-${f.form}`}>
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600}>
            {f.form}
            {(f.receivedOn || f.documentId) && (
              <Text span c="teal.9" ml={6} aria-label={t("ui.admissions.done")}>
                ✓
              </Text>
            )}
          </Text>
          <Text size="xs" c="dimmed">
            {f.title}
          </Text>
          {f.providedBy && (
            <Text size="xs" fw={600}>
              {t("ui.massorg.providedBy", { name: f.providedBy })}
            </Text>
          )}
        </div>
        {f.documentId ? (
          <Anchor component={Link} to={`/van-ban/${f.documentId}`} size="sm">
            {t("ui.admissions.openDocument")}
          </Anchor>
        ) : f.generated ? (
          <Text size="xs" c="dimmed">
            {t("ui.admissions.generated")}
          </Text>
        ) : (
          <FileButton onChange={choose} accept=".pdf,.jpg,.jpeg,.png,.docx,application/pdf,image/jpeg,image/png">
            {(props) => (
              <Button
                {...props}
                size="xs"
                variant={f.file ? "default" : "light"}
                loading={upload.busy}
                disabled={elsewhere}
                aria-label={`${t(f.file ? "ui.admissions.replace" : "ui.admissions.upload")} ${f.form}`}
                style={{ flexShrink: 0 }}
              >
                {t(f.file ? "ui.admissions.replace" : "ui.admissions.upload")}
              </Button>
            )}
          </FileButton>
        )}
      </Group>
      {f.file && <FileLine file={f.file} />}
      {!f.file && f.receivedOn && !f.documentId && (
        <Text size="sm">{t("ui.admissions.received", { date: formatDate(f.receivedOn) })}</Text>
      )}
      {!f.generated && !f.file && !f.receivedOn && (
        <Button
          size="compact-xs"
          variant="subtle"
          w="fit-content"
          onClick={() => mark.run()}
          loading={mark.busy}
          disabled={elsewhere}
          aria-label={`${t("ui.admissions.markReceived")} ${f.form}`}
        >
          {t("ui.admissions.markReceived")}
        </Button>
      )}
      {f.earlierFiles.length > 0 && (
        <Stack gap={2} pl="sm" style={{ borderLeft: "2px solid var(--mantine-color-gray-3)" }}>
          <Text size="xs" c="dimmed">
            {t("ui.admissions.earlierFiles")}
          </Text>
          {f.earlierFiles.map((old) => (
            <FileLine key={old.id} file={old} dimmed />
          ))}
        </Stack>
      )}
      <FormError form={upload} />
    </Stack>
  );
}

/** /ket-nap/:id — the candidate's path: the steps done, the deadline of the next, the dossier, and the next step's form. */
export function CandidatePage() {
  const { id = "" } = useParams();
  const t = useT();
  const q = useQuery({
    queryKey: ["admissions", "candidate", id],
    queryFn: () => api.get<CandidateDetail>(`/api/candidates/${id}`),
  });
  const [dossierWriting, setDossierWriting] = useState(false);
  usePageTitle(q.data?.fullName ?? t("ui.admissions.title"));
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  const done: string[] = [];
  if (c.resolutionOn)
    done.push(
      t("ui.admissions.step.resolution", {
        date: formatDate(c.resolutionOn),
        votes: c.resolutionVotesFor ?? 0,
        full: c.resolutionFullMembers ?? 0,
      }),
    );
  if (c.decisionOn) done.push(t("ui.admissions.step.decision", { date: formatDate(c.decisionOn) }));
  if (c.ceremonyOn)
    done.push(
      t("ui.admissions.step.ceremony", { date: formatDate(c.ceremonyOn), ends: formatDate(c.probationEndsOn) }),
    );
  if (c.recognitionVoteOn)
    done.push(
      t("ui.admissions.step.recognitionVote", {
        date: formatDate(c.recognitionVoteOn),
        votes: c.recognitionVotesFor ?? 0,
        full: c.recognitionFullMembers ?? 0,
      }),
    );
  if (c.officialOn) done.push(t("ui.admissions.step.official", { date: formatDate(c.officialOn) }));
  if (c.stage === "removal_proposed") done.push(t("ui.admissions.step.refused"));
  const next = {
    following: <StepForm c={c} action="ui.admissions.action.resolution" url="resolution" dateField="votedOn" vote />,
    resolved: <StepForm c={c} action="ui.admissions.action.decision" url="decision" dateField="decidedOn" />,
    decided: <StepForm c={c} action="ui.admissions.action.ceremony" url="ceremony" dateField="ceremonyOn" />,
    probation: (
      <StepForm c={c} action="ui.admissions.action.recognitionVote" url="recognition-vote" dateField="votedOn" vote />
    ),
    recognition_voted: (
      <StepForm
        c={c}
        action="ui.admissions.action.recognitionDecision"
        url="recognition-decision"
        dateField="decidedOn"
      />
    ),
    full: null,
    removal_proposed: null,
  }[c.stage];
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={`/to-chuc/${c.organizationId}/ket-nap`} size="sm">
          {c.cellName}
        </Anchor>
        <Title order={2}>{c.fullName}</Title>
        <Badge variant="light" mt={4}>
          {t(`ui.admissions.stage.${c.stage}`)}
        </Badge>
        <Text size="sm" mt={4}>
          {t("ui.admissions.dateOfBirth")}: {formatDate(c.dateOfBirth)}
        </Text>
        <Text size="sm">
          {t("ui.admissions.helpers")}: {c.helpers.map((h) => h.fullName).join(", ")}
        </Text>
        {c.courseCertificateOn && (
          <Text size="sm">
            {t("ui.admissions.certificate")}: {formatDate(c.courseCertificateOn)} —{" "}
            {t("ui.admissions.certificateUntil", { date: formatDate(c.certificateValidUntil) })}
          </Text>
        )}
        {c.memberId && (
          <Anchor component={Link} to={`/dang-vien/${c.memberId}`} size="sm">
            {t("ui.admissions.openMember")}
          </Anchor>
        )}
      </div>
      <DeadlineBadge open={c.openDeadline} />
      <Card withBorder padding="sm">
        <Title order={3} mb="xs">
          {t("ui.admissions.steps")}
        </Title>
        <Stack gap={4}>
          {done.map((line) => (
            <Text key={line} size="sm">
              ✓ {line}
            </Text>
          ))}
          {c.deadlines.map((d) => (
            <Text key={d.kind} size="sm" c={d.met ? "teal.9" : STATE_COLOR[d.state]}>
              {t("ui.admissions.deadlineLine", {
                step: t(`ui.admissions.deadline.${d.kind}` as MessageKey),
                date: formatDate(d.dueOn),
              })}
              {d.met ? ` — ${t("ui.admissions.met")}` : ""}
            </Text>
          ))}
        </Stack>
      </Card>
      {next}
      <Card withBorder padding="sm">
        <Title order={3} mb="xs">
          {t("ui.admissions.dossier")}
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          {t("ui.admissions.fileHelp")}
        </Text>
        <Stack gap="xs">
          {c.forms.map((f) => (
            <FormRow key={f.form} c={c} f={f} writing={dossierWriting} onWriting={setDossierWriting} />
          ))}
        </Stack>
      </Card>
    </Stack>
  );
}

/** /to-chuc/:id/phat-trien-dang-vien — the đảng ủy's board: stages, urgent deadlines first, the resolution targets. */
export function PipelinePage() {
  const { id = "" } = useParams();
  const t = useT();
  usePageTitle(t("ui.admissions.pipeline"));
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ["admissions", "pipeline", id, page],
    queryFn: () => api.get<Pipeline>(`/api/organizations/${id}/admission-pipeline?page=${page}`),
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  const p = q.data;
  return (
    <Stack gap="md">
      <Title order={2}>{t("ui.admissions.pipeline")}</Title>
      <Group gap="xs">
        {p.stages
          .filter((s) => s.count > 0)
          .map((s) => (
            <Badge key={s.stage} size="lg" variant="light">
              {t(`ui.admissions.stage.${s.stage}`)}: {s.count}
            </Badge>
          ))}
      </Group>
      {p.targets.length > 0 && (
        <Card withBorder padding="sm">
          <Title order={3} mb="xs">
            {t("ui.admissions.targets")}
          </Title>
          {p.targets.map((x) => (
            <Text key={x.id} size="sm">
              {x.organizationName} —{" "}
              {t("ui.admissions.targetLine", { name: x.name, latest: x.latest ?? x.baseline, goal: x.goal })}
            </Text>
          ))}
        </Card>
      )}
      {p.candidates.map((c) => (
        <CandidateCard key={c.id} c={c} cellName={c.cellName} />
      ))}
      {p.totalCandidates > p.pageSize && (
        <Pagination
          total={Math.ceil(p.totalCandidates / p.pageSize)}
          value={page}
          onChange={setPage}
          getControlProps={(c) => ({ "aria-label": t(`ui.pager.${c}` as MessageKey) })}
        />
      )}
    </Stack>
  );
}

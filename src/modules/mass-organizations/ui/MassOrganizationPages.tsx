import { useState, type ReactNode } from "react";
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT, type MessageKey } from "../../../web/i18n";
import { FormError, notifySuccess, orNull, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import type { MassOrganization, MassOrganizationDetail, MassOrganizationList } from "../present";

// A cell's or the đảng bộ's mass organisations, and one organisation's page: its sessions with the assigned
// member, the tasks handed out, and its introductions of candidates. Each usable at 360 px.

const SELECT_STYLE = { width: "100%", minHeight: 44, fontSize: 16 } as const;

/** A labelled native select: large, plain and reliable on an old phone. */
function Select({
  label,
  value,
  onChange,
  options,
  error,
  blank = true,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  error?: ReactNode;
  blank?: boolean;
}) {
  return (
    <label>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)} style={SELECT_STYLE} aria-label={label}>
        {blank && <option value="" />}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <Text size="sm" c="red.8">
          {error}
        </Text>
      )}
    </label>
  );
}

/** "Đã làm việc tháng 12/2026" or, in orange, "Chưa làm việc quý 4/2026", and the missed periods. */
function SessionLine({ m }: { m: MassOrganization }) {
  const t = useT();
  const [y, p] = m.sessions.current.key.split("-") as [string, string];
  const period =
    m.cadence === "monthly"
      ? t("ui.massorg.month", { month: Number(p), year: y })
      : t("ui.massorg.quarter", { quarter: p.slice(1), year: y });
  return (
    <>
      <Text size="sm" c={m.sessions.heldThisPeriod ? "teal.9" : "orange.9"} fw={600}>
        {t(m.sessions.heldThisPeriod ? "ui.massorg.heldThisPeriod" : "ui.massorg.notHeldThisPeriod", { period })}
      </Text>
      {m.sessions.missed.length > 0 && (
        <Text size="sm" c="red.8">
          {t("ui.massorg.missed", { count: m.sessions.missed.length })}
        </Text>
      )}
    </>
  );
}

function Summary({ m }: { m: MassOrganization }) {
  const t = useT();
  return (
    <>
      <Group gap="xs" mt={4}>
        <Badge variant="light">{m.kindTitle}</Badge>
        <Text size="sm" c="dimmed">
          {t(`ui.massorg.cadence.${m.cadence}` as MessageKey)}
        </Text>
      </Group>
      {m.leaderName && (
        <Text size="sm">
          {t("ui.massorg.leaderLine", { name: m.leaderName, title: m.leaderTitle ?? t("ui.massorg.leader") })}
        </Text>
      )}
      {m.memberCount !== null && <Text size="sm">{t("ui.massorg.sizeLine", { count: m.memberCount })}</Text>}
      <Text size="sm">
        {m.assignedMember
          ? t("ui.massorg.assignedLine", { name: m.assignedMember.fullName })
          : t("ui.massorg.noAssigned")}
      </Text>
      <SessionLine m={m} />
    </>
  );
}

/** /to-chuc/:id/doan-the — the organisation's mass organisations, and a form to add one. */
export function MassOrganizationsPage() {
  const { id = "" } = useParams();
  const t = useT();
  usePageTitle(t("ui.massorg.title"));
  const key = ["massorg", "list", id];
  const q = useQuery({
    queryKey: key,
    queryFn: () => api.get<MassOrganizationList>(`/api/organizations/${id}/mass-organizations`),
  });
  const client = useQueryClient();
  const [kind, setKind] = useState("");
  const [name, setName] = useState("");
  const [leaderName, setLeaderName] = useState("");
  const [leaderTitle, setLeaderTitle] = useState("");
  const [memberCount, setMemberCount] = useState<number | string>("");
  const [assigned, setAssigned] = useState("");
  const form = useApiForm(
    () =>
      api.post(`/api/organizations/${id}/mass-organizations`, {
        kind,
        name,
        leaderName: orNull(leaderName),
        leaderTitle: orNull(leaderTitle),
        memberCount: memberCount === "" ? null : Number(memberCount),
        assignedMemberId: assigned || null,
      }),
    () => {
      notifySuccess(t("ui.massorg.added"));
      setName("");
      setLeaderName("");
      setLeaderTitle("");
      setMemberCount("");
      void client.invalidateQueries({ queryKey: key });
    },
  );
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  return (
    <Stack gap="md">
      <Title order={2}>{t("ui.massorg.title")}</Title>
      {d.items.length === 0 && <Text>{t("ui.massorg.none")}</Text>}
      {d.items.map((m) => (
        <Card key={m.id} withBorder padding="sm">
          <Anchor component={Link} to={`/doan-the/${m.id}`} fw={700} size="lg">
            {m.name}
          </Anchor>
          <Summary m={m} />
        </Card>
      ))}
      {d.canManage && (
        <Card withBorder padding="sm" component="form" onSubmit={form.run}>
          <Stack gap="xs">
            <Title order={3}>{t("ui.massorg.add")}</Title>
            <Select
              label={t("ui.massorg.kind")}
              value={kind}
              onChange={(v) => {
                setKind(v);
                if (!name) setName(d.kinds.find((k) => k.key === v)?.title ?? "");
              }}
              options={d.kinds.map((k) => ({ value: k.key, label: k.title }))}
              error={form.errors.kind}
            />
            <TextInput
              label={t("ui.massorg.name")}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={form.errors.name}
              required
            />
            <TextInput
              label={t("ui.massorg.leader")}
              value={leaderName}
              onChange={(e) => setLeaderName(e.currentTarget.value)}
              error={form.errors.leaderName}
            />
            <TextInput
              label={t("ui.massorg.leaderTitle")}
              value={leaderTitle}
              onChange={(e) => setLeaderTitle(e.currentTarget.value)}
              error={form.errors.leaderTitle}
            />
            <NumberInput
              label={t("ui.massorg.size")}
              value={memberCount}
              onChange={setMemberCount}
              min={0}
              error={form.errors.memberCount}
            />
            <Select
              label={t("ui.massorg.assigned")}
              value={assigned}
              onChange={setAssigned}
              options={d.committee.map((m) => ({ value: m.id, label: m.fullName }))}
              error={form.errors.assignedMemberId}
            />
            <FormError form={form} />
            <Button type="submit" loading={form.busy}>
              {t("ui.massorg.add")}
            </Button>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

type TaskDraft = { title: string; responsibleMemberId: string; dueOn: string | null };

function SessionForm({ m, onDone }: { m: MassOrganizationDetail; onDone: () => void }) {
  const t = useT();
  const members = useQuery({
    queryKey: ["massorg", "members", m.organizationId],
    queryFn: () =>
      api.get<{ items: { id: string; fullName: string }[] }>(
        `/api/organizations/${m.organizationId}/members?limit=500`,
      ),
  });
  const [heldOn, setHeldOn] = useState<string | null>(todayIso());
  const [notes, setNotes] = useState("");
  const [tasks, setTasks] = useState<TaskDraft[]>([]);
  const form = useApiForm(
    () =>
      api.post(`/api/mass-organizations/${m.id}/sessions`, {
        heldOn,
        notes,
        tasks: tasks.map((x) => ({ ...x, dueOn: x.dueOn || null })),
        version: m.version,
      }),
    () => {
      notifySuccess(t("ui.massorg.sessionSaved"));
      setNotes("");
      setTasks([]);
      onDone();
    },
  );
  const people = (members.data?.items ?? m.committee).map((p) => ({ value: p.id, label: p.fullName }));
  const change = (i: number, patch: Partial<TaskDraft>) =>
    setTasks((all) => all.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run}>
      <Stack gap="xs">
        <Title order={3}>{t("ui.massorg.recordSession")}</Title>
        <DateField
          label={t("ui.massorg.heldOn")}
          value={heldOn}
          onChange={setHeldOn}
          error={form.errors.heldOn}
          required
        />
        <Textarea
          label={t("ui.massorg.notes")}
          description={t("ui.massorg.notesHelp")}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          error={form.errors.notes}
          autosize
          minRows={3}
          required
        />
        {tasks.map((x, i) => (
          <Card key={i} withBorder padding="xs">
            <Stack gap={4}>
              <TextInput
                label={t("ui.massorg.taskTitle", { n: i + 1 })}
                value={x.title}
                onChange={(e) => change(i, { title: e.currentTarget.value })}
                error={form.errors[`tasks.${i}.title`]}
                required
              />
              <Select
                label={t("ui.massorg.responsible")}
                value={x.responsibleMemberId}
                onChange={(v) => change(i, { responsibleMemberId: v })}
                options={people}
                error={form.errors[`tasks.${i}.responsibleMemberId`]}
              />
              <DateField
                label={t("ui.massorg.dueOn")}
                description={t("ui.massorg.dueOnHelp")}
                value={x.dueOn}
                onChange={(v) => change(i, { dueOn: v })}
                error={form.errors[`tasks.${i}.dueOn`]}
              />
            </Stack>
          </Card>
        ))}
        <Button
          variant="light"
          onClick={() => setTasks((all) => [...all, { title: "", responsibleMemberId: "", dueOn: null }])}
        >
          {t("ui.massorg.addTask")}
        </Button>
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t("ui.massorg.saveSession")}
        </Button>
      </Stack>
    </Card>
  );
}

function IntroductionForm({ m, onDone }: { m: MassOrganizationDetail; onDone: () => void }) {
  const t = useT();
  const [candidateId, setCandidateId] = useState("");
  const [form, setForm] = useState<string>(m.kindForms[0] ?? "5-KNĐ");
  const [receivedOn, setReceivedOn] = useState<string | null>(todayIso());
  const [content, setContent] = useState("");
  const submit = useApiForm(
    () =>
      api.post(`/api/mass-organizations/${m.id}/introductions`, {
        candidateId,
        form,
        receivedOn,
        content: orNull(content),
        version: m.candidates.find((c) => c.id === candidateId)?.version ?? 1,
      }),
    () => {
      notifySuccess(t("ui.massorg.introductionSaved"));
      setContent("");
      onDone();
    },
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={submit.run}>
      <Stack gap="xs">
        <Title order={3}>{t("ui.massorg.addIntroduction")}</Title>
        <Select
          label={t("ui.massorg.candidate")}
          value={candidateId}
          onChange={setCandidateId}
          options={m.candidates.map((c) => ({ value: c.id, label: `${c.fullName} — ${c.cellName}` }))}
          error={submit.errors.candidateId}
        />
        <Select
          label={t("ui.massorg.form")}
          value={form}
          onChange={setForm}
          blank={false}
          options={m.kindForms.map((f) => ({ value: f, label: t(`ui.massorg.formTitle.${f}` as MessageKey) }))}
          error={submit.errors.form}
        />
        <DateField
          label={t("ui.massorg.receivedOn")}
          value={receivedOn}
          onChange={setReceivedOn}
          error={submit.errors.receivedOn}
          required
        />
        <Textarea
          label={t("ui.massorg.content")}
          value={content}
          onChange={(e) => setContent(e.currentTarget.value)}
          error={submit.errors.content}
          autosize
          minRows={2}
        />
        <FormError form={submit} />
        <Button type="submit" loading={submit.busy}>
          {t("ui.massorg.saveIntroduction")}
        </Button>
      </Stack>
    </Card>
  );
}

function EditForm({ m, onDone }: { m: MassOrganizationDetail; onDone: () => void }) {
  const t = useT();
  const [name, setName] = useState(m.name);
  const [leaderName, setLeaderName] = useState(m.leaderName ?? "");
  const [leaderTitle, setLeaderTitle] = useState(m.leaderTitle ?? "");
  const [memberCount, setMemberCount] = useState<number | string>(m.memberCount ?? "");
  const [assigned, setAssigned] = useState(m.assignedMember?.id ?? "");
  const [cadence, setCadence] = useState<string>(m.cadence);
  const form = useApiForm(
    () =>
      api.put(`/api/mass-organizations/${m.id}`, {
        name,
        leaderName: orNull(leaderName),
        leaderTitle: orNull(leaderTitle),
        memberCount: memberCount === "" ? null : Number(memberCount),
        assignedMemberId: assigned || null,
        cadence,
        version: m.version,
      }),
    () => {
      notifySuccess(t("ui.massorg.saved"));
      onDone();
    },
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run}>
      <Stack gap="xs">
        <Title order={3}>{t("ui.massorg.edit")}</Title>
        <TextInput label={t("ui.massorg.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <TextInput
          label={t("ui.massorg.leader")}
          value={leaderName}
          onChange={(e) => setLeaderName(e.currentTarget.value)}
        />
        <TextInput
          label={t("ui.massorg.leaderTitle")}
          value={leaderTitle}
          onChange={(e) => setLeaderTitle(e.currentTarget.value)}
        />
        <NumberInput
          label={t("ui.massorg.size")}
          value={memberCount}
          onChange={setMemberCount}
          min={0}
          error={form.errors.memberCount}
        />
        <Select
          label={t("ui.massorg.assigned")}
          value={assigned}
          onChange={setAssigned}
          options={m.committee.map((x) => ({ value: x.id, label: x.fullName }))}
          error={form.errors.assignedMemberId}
        />
        <Select
          label={t("ui.massorg.cadenceLabel")}
          value={cadence}
          onChange={setCadence}
          blank={false}
          options={(["monthly", "quarterly"] as const).map((c) => ({
            value: c,
            label: t(`ui.massorg.cadence.${c}`),
          }))}
        />
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t("ui.massorg.save")}
        </Button>
      </Stack>
    </Card>
  );
}

const TASK_COLOR = { late: "red.8", at_risk: "orange.9", on_track: "gray.8", done: "teal.9" } as const;

/** /doan-the/:id — one mass organisation: its sessions and tasks, its introductions, and the committee's forms. */
export function MassOrganizationPage() {
  const { id = "" } = useParams();
  const t = useT();
  const key = ["massorg", "one", id];
  const q = useQuery({
    queryKey: key,
    queryFn: () => api.get<MassOrganizationDetail>(`/api/mass-organizations/${id}`),
  });
  usePageTitle(q.data?.name ?? t("ui.massorg.title"));
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: ["massorg"] });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  const m = q.data;
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={`/to-chuc/${m.organizationId}/doan-the`} size="sm">
          {m.organizationName}
        </Anchor>
        <Title order={2}>{m.name}</Title>
        <Summary m={m} />
      </div>
      <Card withBorder padding="sm">
        <Title order={3} mb="xs">
          {t("ui.massorg.sessions")}
        </Title>
        {m.workSessions.length === 0 && <Text size="sm">{t("ui.massorg.noSessions")}</Text>}
        <Stack gap="sm">
          {m.workSessions.map((s) => (
            <div key={s.id}>
              <Text fw={700}>{formatDate(s.heldOn)}</Text>
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {s.notes}
              </Text>
              {s.tasks.map((task) => (
                <Text key={task.id} size="sm" c={TASK_COLOR[task.status]}>
                  •{" "}
                  <Anchor component={Link} to={`/nhiem-vu/${task.id}`} size="sm">
                    {task.title}
                  </Anchor>{" "}
                  —{" "}
                  {t("ui.massorg.taskLine", {
                    name: task.responsibleName,
                    date: formatDate(task.dueOn),
                    progress: task.progress,
                  })}
                </Text>
              ))}
            </div>
          ))}
        </Stack>
      </Card>
      {m.canRecordSession && <SessionForm m={m} onDone={refresh} />}
      {(m.canIntroduce || m.introductions.length > 0) && (
        <Card withBorder padding="sm">
          <Title order={3} mb="xs">
            {t("ui.massorg.introductions")}
          </Title>
          {m.introductions.length === 0 && <Text size="sm">{t("ui.massorg.noIntroductions")}</Text>}
          {m.introductions.map((i) => (
            <div key={i.id}>
              <Anchor component={Link} to={`/ket-nap/${i.candidateId}`} fw={600}>
                {i.candidateName}
              </Anchor>
              <Text size="sm">
                {t(`ui.massorg.formTitle.${i.form}` as MessageKey)} — {formatDate(i.receivedOn)}
              </Text>
              {i.content && (
                <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
                  {i.content}
                </Text>
              )}
            </div>
          ))}
        </Card>
      )}
      {m.canIntroduce && m.candidates.length > 0 && <IntroductionForm m={m} onDone={refresh} />}
      {m.canManage && <EditForm key={m.version} m={m} onDone={refresh} />}
    </Stack>
  );
}

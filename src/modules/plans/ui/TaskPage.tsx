import { useState } from "react";
import { Anchor, Button, FileInput, Group, NumberInput, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { FormModal } from "../../../web/FormModal";
import { formatDate, formatDateTime, useT } from "../../../web/i18n";
import {
  FormError,
  InfoList,
  notifySuccess,
  orNull,
  PageError,
  PageLoader,
  useApiForm,
  usePageTitle,
} from "../../../web/ui";
import type { TaskDetail } from "../../tasks/present";
import { CommentsPanel } from "./Comments";
import { OtherFieldErrors, planKeys, ProgressLine, TaskStatusBadge } from "./shared";

const readBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",")[1] ?? "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

export function TaskPage() {
  const { id = "" } = useParams();
  const t = useT();
  const task = useQuery({ queryKey: planKeys.task(id), queryFn: () => api.get<TaskDetail>(`/api/tasks/${id}`) });
  usePageTitle(task.data?.title);
  if (task.isPending) return <PageLoader />;
  if (task.isError) return <PageError error={task.error} onRetry={() => void task.refetch()} />;
  const x = task.data;
  return (
    <Stack gap="md">
      <BackLink task={x} />
      {/* The title takes the whole width (beside a badge a long title wrapped a few words a line on a phone). */}
      <div>
        <Title order={1} style={{ overflowWrap: "anywhere" }}>
          {x.title}
        </Title>
        <Group gap="xs" mt={6}>
          <TaskStatusBadge status={x.status} />
          {x.mayManage && x.progress < 100 && <ExtendButton task={x} />}
        </Group>
      </div>
      <InfoList
        items={[
          { label: t("fields.responsibleMemberId"), value: x.responsibleName },
          { label: t("fields.helperIds"), value: x.helpers.map((h) => h.fullName).join(", ") },
          { label: t("fields.startsOn"), value: formatDate(x.startsOn) },
          { label: t("fields.dueOn"), value: formatDate(x.dueOn) },
        ]}
      />
      <ProgressLine value={x.progress} label={t("fields.percent")} />
      {x.mayReport && <ProgressForm task={x} />}
      {x.extensions.length > 0 && (
        <>
          <Title order={2}>{t("ui.tasks.extensions")}</Title>
          {x.extensions.map((e) => (
            <Paper key={e.id} withBorder p="sm" radius="md" data-testid="extension">
              <Text fw={600}>
                {t("ui.tasks.extensionLine", { from: formatDate(e.fromDueOn), to: formatDate(e.toDueOn) })}
              </Text>
              <Text>{e.reason}</Text>
              <Text size="sm" c="dimmed">
                {t("ui.tasks.extensionBy", { name: e.byName, at: formatDateTime(e.createdAt) })}
              </Text>
            </Paper>
          ))}
        </>
      )}
      <Title order={2}>{t("ui.plans.task.updates")}</Title>
      {x.updates.length === 0 && <Text c="dimmed">{t("ui.plans.task.noUpdates")}</Text>}
      {x.updates.map((u) => (
        <Paper key={u.id} withBorder p="sm" radius="md">
          <Text fw={600}>
            {formatDate(u.reportedOn)} · {u.percent}% · {u.memberName ?? ""}
          </Text>
          {u.note && <Text>{u.note}</Text>}
          {u.evidenceName && (
            <Anchor href={`/api/task-updates/${u.id}/evidence`} size="sm">
              {t("ui.plans.task.evidenceLink", { name: u.evidenceName })}
            </Anchor>
          )}
        </Paper>
      ))}
      {x.mayComment && (
        <CommentsPanel
          title={t("ui.tasks.comments")}
          listUrl={`/api/tasks/${x.id}/comments`}
          postUrl={`/api/tasks/${x.id}/comments`}
        />
      )}
    </Stack>
  );
}

/** Back to where the reader came from: their own tasks, the plan the task serves, or the cell's plans. */
function BackLink({ task }: { task: TaskDetail }) {
  const t = useT();
  const [to, label] = task.mine
    ? ["/", `← ${t("ui.plans.myTasks")}`]
    : task.plan
      ? [`/ke-hoach/${task.plan.id}`, t("ui.tasks.backToPlan", { title: task.plan.title })]
      : [`/to-chuc/${task.organizationId}?tab=ke-hoach`, t("ui.tasks.backToOrg", { name: task.organizationName })];
  return (
    <Anchor component={Link} to={to} style={{ overflowWrap: "anywhere" }}>
      {label}
    </Anchor>
  );
}

/** "Gia hạn": a later deadline for the same task, with the reason; a refusal is shown under its field. */
function ExtendButton({ task }: { task: TaskDetail }) {
  const t = useT();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [dueOn, setDueOn] = useState<string | null>(task.dueOn);
  const [reason, setReason] = useState("");
  const form = useApiForm(
    () => api.post(`/api/tasks/${task.id}/extend`, { dueOn, reason, version: task.version }),
    () => {
      setOpen(false);
      setReason("");
      void qc.invalidateQueries({ queryKey: planKeys.task(task.id) });
      void qc.invalidateQueries({ queryKey: planKeys.myTasks });
      void qc.invalidateQueries({ queryKey: ["plans", task.organizationId] });
      notifySuccess(t("ui.tasks.extended"));
    },
  );
  return (
    <>
      <Button size="compact-md" variant="outline" onClick={() => setOpen(true)}>
        {t("ui.tasks.extend")}
      </Button>
      {open && (
        <FormModal
          opened
          onClose={() => setOpen(false)}
          title={t("ui.tasks.extendTitle")}
          submitLabel={t("ui.tasks.extend")}
          busy={form.busy}
          onSubmit={form.run}
        >
          <Text size="sm">{t("ui.tasks.extendHelp")}</Text>
          <InfoList items={[{ label: t("fields.dueOn"), value: formatDate(task.dueOn) }]} />
          <DateField
            label={t("ui.tasks.newDueOn")}
            value={dueOn}
            onChange={setDueOn}
            required
            error={form.errors.dueOn}
          />
          <Textarea
            label={t("ui.tasks.extendReason")}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
            required
            error={form.errors.reason}
          />
          <OtherFieldErrors errors={form.errors} placed={["dueOn", "reason"]} />
        </FormModal>
      )}
    </>
  );
}

function ProgressForm({ task }: { task: TaskDetail }) {
  const t = useT();
  const qc = useQueryClient();
  const [percent, setPercent] = useState<number | string>(task.progress);
  const [note, setNote] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const form = useApiForm(
    async () =>
      api.post(`/api/tasks/${task.id}/progress`, {
        percent: typeof percent === "number" ? percent : Number(percent),
        note: orNull(note),
        evidence: file
          ? { name: file.name, type: file.type || "application/octet-stream", base64: await readBase64(file) }
          : null,
        version: task.version,
      }),
    () => {
      setNote("");
      setFile(null);
      void qc.invalidateQueries({ queryKey: planKeys.task(task.id) });
      void qc.invalidateQueries({ queryKey: planKeys.myTasks });
      void qc.invalidateQueries({ queryKey: ["plans", task.organizationId] });
      notifySuccess(t("ui.plans.task.reported"));
    },
  );
  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={form.run} noValidate>
      <Stack gap="sm">
        <Title order={2}>{t("ui.plans.task.report")}</Title>
        <NumberInput
          label={t("fields.percent")}
          value={percent}
          onChange={setPercent}
          min={0}
          max={100}
          step={10}
          suffix="%"
          size="lg"
          error={form.errors.percent}
        />
        <Textarea
          label={t("fields.note")}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          error={form.errors.note}
        />
        <FileInput
          label={t("fields.evidence")}
          value={file}
          onChange={setFile}
          clearable
          placeholder={t("ui.plans.task.chooseEvidence")}
          error={form.errors.evidence}
        />
        <OtherFieldErrors errors={form.errors} placed={["percent", "note", "evidence"]} />
        {/* A refusal (offline, a stale version) stays at the button, where the member looks after sending. */}
        <FormError form={form} />
        <Button type="submit" size="lg" loading={form.busy}>
          {t("ui.plans.task.send")}
        </Button>
      </Stack>
    </Paper>
  );
}

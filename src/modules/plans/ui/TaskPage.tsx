import { useState } from "react";
import { Anchor, Button, FileInput, Group, NumberInput, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { formatDate, useT } from "../../../web/i18n";
import { InfoList, notifySuccess, orNull, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import { planKeys, ProgressLine, TaskStatusBadge, type TaskView } from "./shared";

interface TaskDetail extends TaskView {
  helpers: { id: string; fullName: string | null }[];
  updates: {
    id: string;
    reportedOn: string;
    percent: number;
    note: string | null;
    memberName: string | null;
    evidenceName: string | null;
  }[];
  mayReport: boolean;
}

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
      <Anchor component={Link} to="/">
        ← {t("ui.plans.myTasks")}
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Title order={1}>{x.title}</Title>
        <TaskStatusBadge status={x.status} />
      </Group>
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
    </Stack>
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
        <Button type="submit" size="lg" loading={form.busy}>
          {t("ui.plans.task.send")}
        </Button>
      </Stack>
    </Paper>
  );
}

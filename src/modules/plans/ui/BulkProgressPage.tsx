/**
 * Bulk progress by spreadsheet: the secretary downloads the cell's open tasks as XLSX, fills in "Tiến độ mới (%)",
 * uploads it, sees every row checked, and confirms. One wrong row and nothing is written; the preview names the row.
 */
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../web/api";
import { useT, useTranslateAny } from "../../../web/i18n";
import { NotFoundPage } from "../../../web/pages/NotFoundPage";
import { PageError, PageLoader, usePageTitle } from "../../../web/ui";
import { FilePicker, useCheckedUpload } from "../../../web/upload";
import { useOrganization } from "../../organizations/ui/queries";
import { useTasks } from "./shared";

interface PreviewRow {
  row: number;
  taskId: string;
  ok: boolean;
  percent?: number;
  note?: string | null;
  title?: string;
  error?: string;
  params?: Record<string, string | number>;
  currentProgress: number | null;
}
interface Preview {
  rows: PreviewRow[];
  errors: number;
  ready: boolean;
}

export function BulkProgressPage() {
  const { id } = useParams();
  const t = useT();
  const tr = useTranslateAny();
  const qc = useQueryClient();
  const org = useOrganization(id);
  const tasks = useTasks(id ?? "");
  const upload = useCheckedUpload<Preview>(
    (importing) => `/api/organizations/${org.data!.id}/tasks/progress-${importing ? "import" : "preview"}`,
    () => {
      void qc.invalidateQueries({ queryKey: ["plans", org.data!.id] });
      void qc.invalidateQueries({ queryKey: ["plans", "me"] });
    },
  );
  const { file, phase, error, busy, result: preview } = upload;
  usePageTitle(t("ui.plans.bulk.title"));
  if (org.isPending) return <PageLoader />;
  if (org.isError)
    return org.error instanceof ApiError && org.error.status === 404 ? (
      <NotFoundPage />
    ) : (
      <PageError error={org.error} />
    );
  const o = org.data;
  const back = `/to-chuc/${o.id}?tab=ke-hoach`;
  const titles = new Map((tasks.data?.items ?? []).map((x) => [x.id, x.title]));

  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={back}>
          ← {o.name}
        </Anchor>
        <Title order={1} mt={4}>
          {t("ui.plans.bulk.title")}
        </Title>
      </div>

      {phase.step === "done" ? (
        <Alert color="teal" variant="light" role="status" title={t("ui.plans.bulk.doneTitle")}>
          <Text>{t("ui.plans.bulk.doneText", { count: phase.result.rows.length })}</Text>
          <Group gap="sm" mt="md">
            <Button component={Link} to={back} size="md">
              {t("ui.plans.bulk.back")}
            </Button>
            <Button variant="default" size="md" onClick={upload.reset}>
              {t("ui.plans.bulk.another")}
            </Button>
          </Group>
        </Alert>
      ) : (
        <>
          <Paper withBorder p="md" radius="md">
            <Title order={2} size="h3" mb="xs">
              {t("ui.plans.bulk.step1")}
            </Title>
            <Text size="sm" mb="sm">
              {t("ui.plans.bulk.step1Help")}
            </Text>
            <Button component="a" href={`/api/organizations/${o.id}/tasks.xlsx`} download variant="outline" size="md">
              {t("ui.plans.bulk.download")}
            </Button>
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Title order={2} size="h3" mb="xs">
              {t("ui.plans.bulk.step2")}
            </Title>
            <FilePicker
              id="progress-file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              label={t("ui.plans.bulk.choose")}
              fileName={file?.name ?? null}
              disabled={busy}
              onFile={upload.choose}
              variant={preview?.ready ? "outline" : "filled"}
            />
            {(phase.step === "sending" || phase.step === "processing") && (
              <Group gap="sm" mt="md" role="status">
                <Loader size="sm" />
                <Text>{t(phase.importing ? "ui.plans.bulk.importing" : "ui.plans.bulk.checking")}</Text>
              </Group>
            )}
            {error && (
              <Alert color="red" variant="light" mt="md" role="alert" title={t("ui.errors.title")}>
                {error}
              </Alert>
            )}
          </Paper>
        </>
      )}

      {preview && (
        <Paper withBorder p="md" radius="md" component="section" aria-label={t("ui.plans.bulk.previewTitle")}>
          <Title order={2} size="h3" mb="xs">
            {t(phase.step === "done" ? "ui.plans.bulk.resultTitle" : "ui.plans.bulk.previewTitle")}
          </Title>
          {phase.step === "preview" && (
            <Alert
              color={preview.ready ? "teal" : "red"}
              variant="light"
              mb="sm"
              role={preview.ready ? "status" : "alert"}
            >
              {preview.rows.length === 0
                ? t("ui.plans.bulk.empty")
                : preview.ready
                  ? t("ui.plans.bulk.ready", { count: preview.rows.length })
                  : t("ui.plans.bulk.hasErrors", { count: preview.errors, total: preview.rows.length })}
            </Alert>
          )}
          <Stack gap="xs" component="ol" style={{ listStyle: "none", margin: 0, padding: 0 }}>
            {preview.rows.map((r) => (
              <Paper
                key={`${r.row}-${r.taskId}`}
                component="li"
                withBorder
                p="sm"
                radius="md"
                data-testid="bulk-row"
                style={{ borderLeft: `5px solid var(--mantine-color-${r.ok ? "teal-8" : "red-8"})` }}
              >
                <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                  <Text fw={600} style={{ minWidth: 0 }}>
                    {t("ui.plans.bulk.row", { row: r.row })} ·{" "}
                    {r.title ?? titles.get(r.taskId) ?? t("ui.plans.bulk.unknownTask")}
                  </Text>
                  <Badge
                    color={r.ok ? "teal.9" : "red.9"}
                    variant={r.ok ? "outline" : "filled"}
                    bg={r.ok ? "white" : undefined}
                    style={{ flexShrink: 0 }}
                  >
                    {t(r.ok ? "ui.plans.bulk.ok" : "ui.plans.bulk.problem")}
                  </Badge>
                </Group>
                {r.ok ? (
                  <Text size="sm">
                    {t("ui.plans.bulk.change", { from: r.currentProgress ?? "—", to: r.percent ?? "" })}
                    {r.note ? ` — ${r.note}` : ""}
                  </Text>
                ) : (
                  <Text size="sm" c="red.9" fw={600}>
                    {tr(r.error ?? "errors.internal", r.params)}
                  </Text>
                )}
              </Paper>
            ))}
          </Stack>
          {phase.step === "preview" && (
            <Group gap="sm" mt="md">
              <Button size="md" disabled={!preview.ready} onClick={upload.confirm}>
                {t("ui.plans.bulk.confirm")}
              </Button>
              <Button size="md" variant="default" component={Link} to={back}>
                {t("ui.cancel")}
              </Button>
            </Group>
          )}
        </Paper>
      )}
    </Stack>
  );
}

import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Loader,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../web/api";
import { useI18n, useT, type MessageKey } from "../../../web/i18n";
import { NotFoundPage } from "../../../web/pages/NotFoundPage";
import { PageError, PageLoader, usePageTitle } from "../../../web/ui";
import { FilePicker, useCheckedUpload, type CheckedUploadPhase } from "../../../web/upload";
import type { PlannedAction, RosterPlan } from "../../../web/types";
import { orgKeys, useOrganization } from "../../organizations/ui/queries";
import { memberKeys } from "./queries";

const COLUMNS: MessageKey[] = [
  "ui.roster.col.fullName",
  "ui.roster.col.cardNumber",
  "ui.roster.col.status",
  "ui.roster.col.cellCode",
  "ui.roster.col.dateOfBirth",
  "ui.roster.col.gender",
  "ui.roster.col.ethnicity",
  "ui.roster.col.education",
  "ui.roster.col.admissionDate",
  "ui.roster.col.ceremonyDate",
  "ui.roster.col.officialDate",
  "ui.roster.col.phone",
  "ui.roster.col.email",
  "ui.roster.col.unit",
];

const ACTION_COLOR: Record<PlannedAction, string> = {
  create: "teal.9",
  update: "blue.9",
  unchanged: "gray.7",
  error: "red.9",
};
const MAX_ROWS_SHOWN = 300;

type Phase = CheckedUploadPhase<RosterPlan>;

export function RosterImportPage() {
  const { id } = useParams();
  const t = useT();
  const { locale } = useI18n();
  const queryClient = useQueryClient();
  const org = useOrganization(id);
  const upload = useCheckedUpload<RosterPlan>(
    (importing, chosen) =>
      `/api/organizations/${org.data!.id}/roster/${importing ? "import" : "preview"}?fileName=${encodeURIComponent(chosen.name)}`,
    () =>
      void Promise.all([
        queryClient.invalidateQueries({ queryKey: memberKeys.lists }),
        queryClient.invalidateQueries({ queryKey: orgKeys.detail(org.data!.id) }),
      ]),
  );
  const { file, phase, error, busy } = upload;
  usePageTitle(t("ui.roster.title"));

  if (org.isPending) return <PageLoader />;
  if (org.isError)
    return org.error instanceof ApiError && org.error.status === 404 ? (
      <NotFoundPage />
    ) : (
      <PageError error={org.error} />
    );
  const o = org.data;

  const backLink = `/to-chuc/${o.id}?tab=dang-vien`;

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{t("ui.roster.title")}</Title>
        <Anchor component={Link} to={backLink}>
          {o.name}
        </Anchor>
      </div>

      {phase.step !== "done" && (
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h3" mb="sm">
            {t("ui.roster.chooseTitle")}
          </Title>
          <FilePicker
            id="roster-file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            label={t("ui.roster.choose")}
            fileName={file?.name ?? null}
            disabled={busy}
            onFile={upload.choose}
            size="lg"
            variant={phase.step === "preview" && phase.result.ready ? "outline" : "filled"}
          />
          {busy && <UploadState phase={phase} />}
          {error && (
            <Alert color="red" variant="light" mt="md" role="alert" title={t("ui.errors.title")}>
              {error}
            </Alert>
          )}
        </Paper>
      )}

      {phase.step === "preview" && (
        <PlanView plan={phase.result} locale={locale} title={t("ui.roster.previewTitle")}>
          <Stack gap="xs">
            {!phase.result.ready && (
              <Alert color="red" variant="light" role="alert">
                {t("ui.roster.fixHint")}
              </Alert>
            )}
            <Group gap="sm">
              <Button size="lg" disabled={!phase.result.ready} onClick={upload.confirm}>
                {t("ui.roster.confirm")}
              </Button>
              <Button size="lg" variant="default" component={Link} to={backLink}>
                {t("ui.cancel")}
              </Button>
            </Group>
            {phase.result.ready && <Text size="sm">{t("ui.roster.confirmHelp")}</Text>}
          </Stack>
        </PlanView>
      )}

      {phase.step === "done" && (
        <>
          <Alert color="teal" variant="light" title={t("ui.roster.doneTitle")} role="status">
            <Text>
              {t("ui.roster.doneText", {
                create: phase.result.counts.create,
                update: phase.result.counts.update,
                unchanged: phase.result.counts.unchanged,
              })}
            </Text>
            <Group gap="sm" mt="md">
              <Button component={Link} to={backLink} size="lg">
                {t("ui.roster.backToList")}
              </Button>
              <Button variant="default" size="lg" onClick={upload.reset}>
                {t("ui.roster.another")}
              </Button>
            </Group>
          </Alert>
          <PlanView plan={phase.result} locale={locale} title={t("ui.roster.resultTitle")} />
        </>
      )}

      {phase.step !== "done" && (
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h3" mb="xs">
            {t("ui.roster.howTitle")}
          </Title>
          <Text mb="xs">{t("ui.roster.howText")}</Text>
          <List spacing={4} size="md">
            {COLUMNS.map((key) => (
              <List.Item key={key}>{t(key)}</List.Item>
            ))}
          </List>
          <Text size="sm" c="dimmed" mt="xs">
            {t("ui.roster.howNote")}
          </Text>
          {o.permissions["roster.export"] && o.permissions["member.view"] && (
            <Button component="a" href={`/api/organizations/${o.id}/roster.xlsx`} download variant="default" mt="sm">
              {t("ui.roster.template")}
            </Button>
          )}
        </Paper>
      )}
    </Stack>
  );
}

function UploadState({ phase }: { phase: Phase }) {
  const t = useT();
  if (phase.step === "sending") {
    return (
      <Stack gap={4} mt="md" role="status">
        <Text>
          {t(phase.importing ? "ui.roster.sendingImport" : "ui.roster.sending", {
            percent: Math.round(phase.sent * 100),
          })}
        </Text>
        <Progress value={phase.sent * 100} size="xl" radius="md" animated aria-label={t("ui.roster.progress")} />
      </Stack>
    );
  }
  if (phase.step === "processing") {
    return (
      <Group gap="sm" mt="md" role="status">
        <Loader size="md" />
        <Text>{t(phase.importing ? "ui.roster.importing" : "ui.roster.processing")}</Text>
      </Group>
    );
  }
  return null;
}

function Count({ label, value, color }: { label: string; value: number; color: string }) {
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      style={{ borderLeft: `6px solid var(--mantine-color-${color.replace(".", "-")})` }}
    >
      <Text size="xl" fw={800}>
        {value}
      </Text>
      <Text size="sm">{label}</Text>
    </Paper>
  );
}

function PlanView({
  plan,
  locale,
  title,
  children,
}: {
  plan: RosterPlan;
  locale: "vi" | "en";
  title: string;
  children?: React.ReactNode;
}) {
  const t = useT();
  const errors = plan.problems.filter((p) => p.severity === "error");
  const warnings = plan.problems.filter((p) => p.severity === "warning");
  const errorRows = new Set(errors.map((p) => p.rowNumber));
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h3" mb="sm">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" mb="md">
        <Count label={t("ui.roster.count.create")} value={plan.counts.create} color={ACTION_COLOR.create} />
        <Count label={t("ui.roster.count.update")} value={plan.counts.update} color={ACTION_COLOR.update} />
        <Count label={t("ui.roster.count.unchanged")} value={plan.counts.unchanged} color={ACTION_COLOR.unchanged} />
        <Count label={t("ui.roster.count.error")} value={plan.counts.error} color={ACTION_COLOR.error} />
      </SimpleGrid>

      {errors.length > 0 && (
        <Alert color="red" variant="light" mb="md" title={t("ui.roster.errorsTitle", { count: errors.length })}>
          <List spacing={4}>
            {errors.map((p, i) => (
              <List.Item key={i}>
                <Text>{p.message[locale]}</Text>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert color="yellow" variant="light" mb="md" title={t("ui.roster.warningsTitle", { count: warnings.length })}>
          <List spacing={4}>
            {warnings.map((p, i) => (
              <List.Item key={i}>{p.message[locale]}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      {children && <div style={{ marginBottom: "var(--mantine-spacing-md)" }}>{children}</div>}

      {plan.rows.length > 0 && (
        <>
          <Title order={3} size="h4" mb="xs">
            {t("ui.roster.rowsTitle")}
          </Title>
          <Table.ScrollContainer minWidth={320}>
            <Table verticalSpacing="xs" fz="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("ui.roster.row")}</Table.Th>
                  <Table.Th>{t("fields.fullName")}</Table.Th>
                  <Table.Th>{t("ui.roster.result")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.rows.slice(0, MAX_ROWS_SHOWN).map((row) => (
                  <Table.Tr
                    key={row.rowNumber}
                    className={row.action === "error" || errorRows.has(row.rowNumber) ? "chibo-row-error" : undefined}
                  >
                    <Table.Td>{row.rowNumber}</Table.Td>
                    <Table.Td>
                      <Text fw={600}>{row.fullName ?? "—"}</Text>
                      {row.organizationName && (
                        <Text size="sm" c="dimmed">
                          {row.organizationName}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={ACTION_COLOR[row.action]} variant={row.action === "error" ? "filled" : "outline"}>
                        {t(`ui.roster.action.${row.action}`)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {plan.rows.length > MAX_ROWS_SHOWN && (
            <Text size="sm" c="dimmed" mt="xs">
              {t("ui.roster.moreRows", { count: plan.rows.length - MAX_ROWS_SHOWN })}
            </Text>
          )}
        </>
      )}
    </Paper>
  );
}

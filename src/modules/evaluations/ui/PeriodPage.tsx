import { useState } from "react";
import { Tag } from "./Tag";
import {
  Anchor,
  Button,
  Group,
  Modal,
  Pagination,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { formatDate, formatDateTime, type MessageKey, todayIso, useT } from "../../../web/i18n";
import { FormError, notifySuccess, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import { Downloads } from "./Downloads";
import { type DecemberView, evaluationKeys } from "./queries";

type Row = DecemberView["items"][number];

/** The stages a cell's members pass through, in order; one colour each, the same in every bar. */
const STAGES = [
  { key: "decided", color: "teal.8" },
  { key: "proposed", color: "blue.6" },
  { key: "selfAssessed", color: "yellow.5" },
  { key: "notStarted", color: "gray.3" },
] as const;

function stageCounts(r: {
  members: number;
  excluded: number;
  selfAssessed: number;
  proposed: number;
  decided: number;
}) {
  const evaluated = Math.max(0, r.members - r.excluded);
  const decided = Math.min(r.decided, evaluated);
  const proposed = Math.max(0, Math.min(r.proposed, evaluated) - decided);
  const selfAssessed = Math.max(0, Math.min(r.selfAssessed, evaluated) - decided - proposed);
  const notStarted = Math.max(0, evaluated - decided - proposed - selfAssessed);
  return { evaluated, decided, proposed, selfAssessed, notStarted };
}

/** One bar: how far a cell (or the whole đảng bộ) has come, by stage. */
function StageBar({ counts, label }: { counts: ReturnType<typeof stageCounts>; label: string }) {
  const t = useT();
  const total = counts.evaluated || 1;
  return (
    <Progress.Root size={22} aria-label={label}>
      {STAGES.map((s) =>
        counts[s.key] > 0 ? (
          <Progress.Section
            key={s.key}
            value={(counts[s.key] / total) * 100}
            color={s.color}
            title={`${t(`ui.evaluations.stage.${s.key}` as MessageKey)}: ${counts[s.key]}`}
          >
            <Progress.Label c={s.key === "notStarted" || s.key === "selfAssessed" ? "dark" : "white"}>
              {counts[s.key]}
            </Progress.Label>
          </Progress.Section>
        ) : null,
      )}
    </Progress.Root>
  );
}

/**
 * The đảng ủy's December view: each cell's progress through the review as a bar, the cells late for 31/12, the
 * quota of Hoàn thành xuất sắc per comparable group, and publishing the results once every case is decided.
 */
export function PeriodPage() {
  const { id = "" } = useParams();
  const t = useT();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [confirm, setConfirm] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const view = useQuery({
    queryKey: evaluationKeys.december(id, page),
    queryFn: () => api.get<DecemberView>(`/api/evaluation-periods/${id}/cells?page=${page}`),
    placeholderData: (prev) => prev,
  });
  // The modals show a refusal (a case still open, a stale copy) beside their button, in the server's words.
  const issueForm = useApiForm(
    () =>
      api.post<{ documents: { numberText: string }[] }>(`/api/evaluation-periods/${id}/issue-decision`, {
        issuedOn: todayIso(),
        version: view.data?.period.version,
      }),
    (r) => {
      notifySuccess(
        t("ui.evaluations.period.issuedNotice", { numbers: r.documents.map((d) => d.numberText).join(", ") }),
      );
      setIssuing(false);
      void qc.invalidateQueries({ queryKey: ["evaluations"] });
    },
  );
  const publishForm = useApiForm(
    () => api.post(`/api/evaluation-periods/${id}/publish`, { version: view.data?.period.version }),
    () => {
      notifySuccess(t("ui.evaluations.period.publishedNotice"));
      setConfirm(false);
      void qc.invalidateQueries({ queryKey: ["evaluations"] });
    },
  );
  usePageTitle(view.data ? t("ui.evaluations.period.title", { year: view.data.period.year }) : null);
  if (view.isPending) return <PageLoader />;
  if (view.isError) return <PageError error={view.error} onRetry={() => void view.refetch()} />;
  const v = view.data;
  const totals = stageCounts({ ...v.totals, excluded: 0 });
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/">
        ← {t("ui.nav.home")}
      </Anchor>
      <div>
        <Title order={1}>{t("ui.evaluations.period.title", { year: v.period.year })}</Title>
        <Group gap="xs" mt={4}>
          {v.period.deadlines.map((d) => (
            <Tag key={d.key} color={d.due < v.today ? "gray.7" : "brand.8"}>
              {t(`ui.evaluations.deadline.${d.key}` as MessageKey)}: {formatDate(d.due)}
            </Tag>
          ))}
        </Group>
      </div>

      <Paper withBorder p="md" radius="md" data-testid="december-totals">
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" mb="sm">
          <Figure label={t("ui.evaluations.period.cellsMet")} value={`${v.totals.cellsMet}/${v.totals.cells}`} />
          <Figure
            label={t("ui.evaluations.period.cellsLate")}
            value={String(v.totals.cellsLate)}
            alert={v.totals.cellsLate > 0}
          />
          <Figure
            label={t("ui.evaluations.stage.selfAssessed")}
            value={`${v.totals.selfAssessed}/${v.totals.members}`}
          />
          <Figure label={t("ui.evaluations.stage.decided")} value={`${v.totals.decided}/${v.totals.members}`} />
        </SimpleGrid>
        <StageBar counts={totals} label={t("ui.evaluations.period.whole")} />
        <Group gap="md" mt="xs">
          {STAGES.map((s) => (
            <Group key={s.key} gap={4}>
              <span
                style={{
                  display: "inline-block",
                  width: 12,
                  height: 12,
                  borderRadius: 2,
                  background: `var(--mantine-color-${s.color.replace(".", "-")})`,
                }}
              />
              <Text size="sm">{t(`ui.evaluations.stage.${s.key}` as MessageKey)}</Text>
            </Group>
          ))}
        </Group>
      </Paper>

      {v.quota.length > 0 && (
        <Paper withBorder p="md" radius="md" data-testid="quota">
          <Title order={2} mb="xs">
            {t("ui.evaluations.period.quota")}
          </Title>
          <Stack gap="xs">
            {v.quota.map((q) => (
              <Group key={q.group} justify="space-between" gap="xs" wrap="nowrap">
                <div>
                  <Text fw={600}>{groupLabel(q.group, t)}</Text>
                  <Text size="sm" c="dimmed">
                    {t("ui.evaluations.period.quotaLine", {
                      excellent: q.excellent,
                      allowed: q.allowed,
                      share: q.sharePercent,
                      base: q.base,
                    })}
                  </Text>
                </div>
                <Tag color={q.ok ? "teal.8" : "red.8"} filled={!q.ok} nowrap>
                  {q.ok ? t("ui.evaluations.period.quotaOk") : t("ui.evaluations.period.quotaOver")}
                </Tag>
              </Group>
            ))}
          </Stack>
        </Paper>
      )}

      <Paper withBorder p="md" radius="md">
        <Title order={2} mb="xs">
          {t("ui.evaluations.period.cells")}
        </Title>
        <Stack gap="sm">
          {v.items.map((r) => (
            <CellLine key={r.cellId} r={r} periodId={id} />
          ))}
        </Stack>
        {v.totalCells > v.pageSize && (
          <Pagination
            mt="md"
            total={Math.ceil(v.totalCells / v.pageSize)}
            value={page}
            onChange={setPage}
            getControlProps={(c) => ({ "aria-label": t(`ui.pager.${c}` as MessageKey) })}
          />
        )}
      </Paper>

      <Downloads
        title={t("ui.evaluations.files")}
        items={[
          { label: t("ui.evaluationDocuments.decision"), href: `/api/evaluation-periods/${id}/decision/file` },
          { label: t("ui.evaluationDocuments.decisionList"), href: `/api/evaluation-periods/${id}/decision-list/file` },
          { label: t("ui.evaluationDocuments.notice"), href: `/api/evaluation-periods/${id}/notice/file` },
          { label: t("ui.evaluationDocuments.summary"), href: `/api/evaluation-periods/${id}/summary/file` },
          {
            label: t("ui.evaluationDocuments.workbook"),
            href: `/api/evaluation-periods/${id}/summary.xlsx`,
            xlsx: true,
          },
        ]}
      />
      <Button size="lg" variant="outline" onClick={() => setIssuing(true)}>
        {t("ui.evaluations.period.issue")}
      </Button>
      <Modal opened={issuing} onClose={() => setIssuing(false)} title={t("ui.evaluations.period.issue")}>
        <Stack gap="md">
          <Text>{t("ui.evaluations.period.issueConfirm", { date: formatDate(todayIso()) })}</Text>
          <FormError form={issueForm} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setIssuing(false)} disabled={issueForm.busy}>
              {t("ui.cancel")}
            </Button>
            <Button loading={issueForm.busy} onClick={() => void issueForm.run()}>
              {t("ui.evaluations.period.issue")}
            </Button>
          </Group>
        </Stack>
      </Modal>

      {v.period.publishedAt ? (
        <Text c="teal.9" fw={600}>
          {t("ui.evaluations.period.publishedAt", { at: formatDateTime(v.period.publishedAt) })}
        </Text>
      ) : (
        <Button size="lg" onClick={() => setConfirm(true)}>
          {t("ui.evaluations.period.publish")}
        </Button>
      )}
      <Modal opened={confirm} onClose={() => setConfirm(false)} title={t("ui.evaluations.period.publish")}>
        <Stack gap="md">
          <Text>{t("ui.evaluations.period.publishConfirm", { year: v.period.year })}</Text>
          <FormError form={publishForm} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)} disabled={publishForm.busy}>
              {t("ui.cancel")}
            </Button>
            <Button loading={publishForm.busy} onClick={() => void publishForm.run()}>
              {t("ui.evaluations.period.publish")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** A quota group is "member" or "cell", or "member:2B" when the rulebook compares by form. */
function groupLabel(group: string, t: ReturnType<typeof useT>): string {
  const [kind, form] = group.split(":");
  const name = t(`ui.evaluations.group.${kind}` as MessageKey);
  return form ? `${name} (${t("ui.evaluations.form", { form })})` : name;
}

function Figure({ label, value, alert }: { label: string; value: string; alert?: boolean }) {
  return (
    <div>
      <Text size="xl" fw={700} c={alert ? "red.9" : undefined}>
        {value}
      </Text>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
    </div>
  );
}

function CellLine({ r, periodId }: { r: Row; periodId: string }) {
  const t = useT();
  return (
    <div data-testid="december-cell">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Anchor component={Link} to={`/danh-gia/ky/${periodId}/chi-bo/${r.cellId}`} fw={600}>
          {r.cellName}
        </Anchor>
        <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
          {r.meetingHeld && <Tag color="teal.8">{t("ui.evaluations.period.met")}</Tag>}
          {r.late && (
            <Tag color="red.8" filled nowrap>
              {t("ui.evaluations.period.late")}
            </Tag>
          )}
        </Group>
      </Group>
      <StageBar counts={stageCounts(r)} label={r.cellName} />
    </div>
  );
}

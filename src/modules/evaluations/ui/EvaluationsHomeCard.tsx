import { Tag } from "./Tag";
import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../../web/api";
import { formatDate, type MessageKey, todayIso, useT } from "../../../web/i18n";
import { useNotifyError } from "../../../web/ui";
import { evaluationKeys, LEVEL_COLOR, type MyEvaluations, type Period } from "./queries";

/** The reader's own reviews, and a đảng bộ's review periods: the home asks for them before its cards render. */
export const myEvaluationsQuery = queryOptions({
  queryKey: evaluationKeys.mine,
  queryFn: () => api.get<MyEvaluations>("/api/me/evaluations"),
});
export const evaluationPeriodsQuery = (orgId: string) =>
  queryOptions({
    queryKey: evaluationKeys.periods(orgId),
    queryFn: () => api.get<{ items: Period[] }>(`/api/organizations/${orgId}/evaluation-periods`),
  });

/**
 * The year-end review on the home page. A member sees their own bản tự kiểm điểm (to write, or written) and, once
 * published, their level; a cell's committee reaches its cell's review; the đảng ủy's office its December view,
 * or opens the year's review when there is none.
 */
export function EvaluationsHomeCard({
  cellIds,
  partyIds,
}: {
  /** Cells whose review the user runs. */
  cellIds: string[];
  /** Đảng bộ whose reviews the user decides. */
  partyIds: string[];
}) {
  const t = useT();
  const mine = useQuery(myEvaluationsQuery);
  const items = (mine.data?.items ?? []).filter((i) => i.period.state === "open" || i.level);
  const openPeriods = [
    ...new Map(items.filter((i) => i.period.state === "open").map((i) => [i.period.id, i.period])).values(),
  ];
  if (items.length === 0 && cellIds.length === 0 && partyIds.length === 0) return null;
  return (
    <Paper withBorder p="md" radius="md" data-testid="evaluations-card">
      <Title order={2} mb="xs">
        {t("ui.evaluations.home.title")}
      </Title>
      <Stack gap="sm">
        {items.map((i) => {
          const due = i.period.deadlines.find((d) => d.key === "self_assessment");
          return (
            <Group
              key={i.subjectId}
              justify="space-between"
              gap="xs"
              data-testid="my-evaluation"
              data-year={i.period.year}
            >
              <div>
                <Text fw={600}>{t("ui.evaluations.home.mine", { year: i.period.year, form: i.form })}</Text>
                {i.level ? (
                  <Tag color={LEVEL_COLOR[i.level]}>{t(`evaluations.level.${i.level}` as MessageKey)}</Tag>
                ) : i.excluded ? (
                  <Text size="sm" c="dimmed">
                    {t("ui.evaluations.home.excluded", {
                      reason: t(`evaluations.exclusion.${i.exclusionReason ?? "exempt"}` as MessageKey),
                    })}
                  </Text>
                ) : (
                  <Text size="sm" c={i.submittedAt ? "teal.9" : "orange.9"}>
                    {i.submittedAt
                      ? t("ui.evaluations.home.submitted")
                      : due
                        ? t("ui.evaluations.home.due", { date: formatDate(due.due) })
                        : t("ui.evaluations.cell.notSubmitted")}
                  </Text>
                )}
              </div>
              {!i.excluded && (
                <Button component={Link} to={`/danh-gia/${i.subjectId}`} variant={i.submittedAt ? "outline" : "filled"}>
                  {i.submittedAt || i.level ? t("ui.evaluations.home.view") : t("ui.evaluations.home.write")}
                </Button>
              )}
            </Group>
          );
        })}
        {cellIds.flatMap((cellId) =>
          openPeriods.map((p) => (
            <Button
              key={`${cellId}-${p.id}`}
              component={Link}
              to={`/danh-gia/ky/${p.id}/chi-bo/${cellId}`}
              variant="outline"
              size="md"
              justify="flex-start"
            >
              {t("ui.evaluations.home.runCell", { year: p.year })}
            </Button>
          )),
        )}
        {partyIds.map((orgId) => (
          <PartyPeriods key={orgId} orgId={orgId} />
        ))}
      </Stack>
    </Paper>
  );
}

function PartyPeriods({ orgId }: { orgId: string }) {
  const t = useT();
  const qc = useQueryClient();
  const notifyError = useNotifyError();
  const periods = useQuery(evaluationPeriodsQuery(orgId));
  const year = Number(todayIso().slice(0, 4));
  const list = periods.data?.items ?? [];
  const openYear = async () => {
    try {
      await api.post(`/api/organizations/${orgId}/evaluation-periods`, {
        kind: "year",
        year,
        startsOn: `${year}-01-01`,
        endsOn: `${year}-12-31`,
      });
      await qc.invalidateQueries({ queryKey: evaluationKeys.periods(orgId) });
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack gap="xs">
      {list.slice(0, 3).map((p) => (
        <Button key={p.id} component={Link} to={`/danh-gia/ky/${p.id}`} variant="outline" justify="flex-start">
          {t(`ui.evaluations.home.period.${p.kind}` as MessageKey, { year: p.year, quarter: p.quarter ?? "" })}
          {p.state === "closed" ? ` — ${t("ui.evaluations.home.closed")}` : ""}
        </Button>
      ))}
      {periods.isSuccess && !list.some((p) => p.kind === "year" && p.year === year) && (
        <Button onClick={() => void openYear()}>{t("ui.evaluations.home.openYear", { year })}</Button>
      )}
    </Stack>
  );
}

import { Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../web/api";
import { formatDate, type MessageKey, useT } from "../../../web/i18n";
import { evaluationKeys, LEVEL_COLOR, type MemberHistory } from "./queries";
import { Tag } from "./Tag";

/**
 * A member's levels year by year and the awards the rulebook proposes, on the member's page. Shown only to those
 * who may read it (the member, once published; the cell's committee, the đảng ủy, the UBKT: ADR 0101); anyone else
 * is refused by the server and sees nothing here.
 */
export function MemberHistoryCard({ memberId }: { memberId: string }) {
  const t = useT();
  const history = useQuery({
    queryKey: evaluationKeys.history(memberId),
    queryFn: () => api.get<MemberHistory>(`/api/members/${memberId}/evaluations`),
    retry: false,
  });
  if (!history.data) return null;
  const { years, awards } = history.data;
  return (
    <Paper withBorder p="md" radius="md" data-testid="member-evaluation-history">
      <Title order={2} size="h3" mb="xs">
        {t("ui.evaluations.history.title")}
      </Title>
      {years.length === 0 ? (
        <Text c="dimmed">{t("ui.evaluations.history.empty")}</Text>
      ) : (
        <Stack gap={6}>
          {[...years].reverse().map((y) => (
            <Group key={y.periodId} justify="space-between" gap="xs" data-year={y.year}>
              <div>
                <Text fw={600}>{t("ui.evaluations.history.year", { year: y.year })}</Text>
                <Text size="sm" c="dimmed">
                  {t("ui.evaluations.history.decidedOn", { date: formatDate(y.decidedOn) })}
                </Text>
              </div>
              <Tag color={LEVEL_COLOR[y.level]}>{t(`evaluations.level.${y.level}` as MessageKey)}</Tag>
            </Group>
          ))}
        </Stack>
      )}
      {awards.length > 0 && (
        <>
          <Title order={3} size="h4" mt="md" mb={6}>
            {t("ui.evaluations.history.awards")}
          </Title>
          <Stack gap={4} data-testid="member-award-proposals">
            {[...awards].reverse().map((a) => (
              <Text key={`${a.kind}-${a.year}`} size="sm">
                {a.kind === "certificate"
                  ? t("ui.evaluations.history.certificate", { year: a.year })
                  : t("ui.evaluations.history.consecutive", {
                      count: a.year - a.fromYear + 1,
                      from: a.fromYear,
                      to: a.year,
                    })}
              </Text>
            ))}
          </Stack>
        </>
      )}
    </Paper>
  );
}

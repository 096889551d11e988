import { useState } from "react";
import { Alert, Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { PageError, PageLoader, usePageTitle } from "../../../web/ui";
import { useFormat } from "../../../web/format";
import "./meetings.css";
import type { MeetingOverview, MeetingOverviewCell } from "../present";

const RATING_COLOR: Record<string, string> = { good: "teal.9", fair: "blue.8", average: "orange.9", poor: "red.9" };

/** The đảng ủy's view across its cells: held or not, attendance, rating; a chart of the year; cells needing help. */
export function OverviewPage() {
  const { id } = useParams();
  const t = useT();
  const today = todayIso();
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const [month, setMonth] = useState<number | null>(null);
  usePageTitle(t("ui.overview.title"));
  const overview = useInfiniteQuery({
    queryKey: ["meeting-overview", id, year, month],
    queryFn: ({ pageParam }) =>
      api.get<MeetingOverview>(
        `/api/organizations/${id}/meeting-overview?year=${year}${month ? `&month=${month}` : ""}&offset=${pageParam}`,
      ),
    initialPageParam: 0,
    getNextPageParam: (last) =>
      last.offset + last.cells.length < last.total ? last.offset + last.cells.length : undefined,
  });
  const years = Array.from({ length: 5 }, (_, i) => Number(today.slice(0, 4)) - i);
  return (
    <Stack gap="md">
      <Title order={1}>{t("ui.overview.title")}</Title>
      <Group grow>
        <NativeSelect
          label={t("ui.overview.year")}
          value={String(year)}
          onChange={(e) => setYear(Number(e.currentTarget.value))}
          data={years.map(String)}
          size="md"
        />
        <NativeSelect
          label={t("ui.overview.month")}
          value={month ? String(month) : ""}
          onChange={(e) => setMonth(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
          data={[
            { value: "", label: t("ui.overview.wholeYear") },
            ...Array.from({ length: 12 }, (_, i) => ({
              value: String(i + 1),
              label: t("ui.overview.monthN", { n: i + 1 }),
            })),
          ]}
          size="md"
        />
      </Group>
      {overview.isPending ? (
        <PageLoader />
      ) : overview.isError ? (
        <PageError error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <OverviewBody
          o={overview.data.pages[0]!}
          cells={overview.data.pages.flatMap((p) => p.cells)}
          more={
            overview.hasNextPage
              ? { loading: overview.isFetchingNextPage, load: () => void overview.fetchNextPage() }
              : null
          }
        />
      )}
    </Stack>
  );
}

function OverviewBody({
  o,
  cells,
  more,
}: {
  o: MeetingOverview;
  cells: MeetingOverviewCell[];
  more: { loading: boolean; load: () => void } | null;
}) {
  const t = useT();
  const format = useFormat();
  const help = o.needsHelp.items;
  const held = o.heldByMonth;
  const max = Math.max(1, o.total);
  return (
    <Stack gap="lg">
      {help.length > 0 && (
        <Alert color="orange" variant="light" title={t("ui.overview.needHelp", { count: o.needsHelp.total })}>
          <Stack gap={4}>
            {help.map((c) => (
              <Text key={c.organizationId} size="sm">
                <Anchor component={Link} to={`/to-chuc/${c.organizationId}?tab=sinh-hoat`} fw={600}>
                  {c.organizationName}
                </Anchor>
                :{" "}
                {c.needsHelp
                  .map((r) =>
                    t(`ui.overview.reason.${r}` as "ui.overview.reason.not_held", {
                      months: c.notHeld.join(", "),
                      min: o.attendanceMinPercent,
                    }),
                  )
                  .join("; ")}
              </Text>
            ))}
            {o.needsHelp.total > help.length && (
              <Text size="sm">{t("ui.overview.needHelpMore", { count: o.needsHelp.total - help.length })}</Text>
            )}
          </Stack>
        </Alert>
      )}
      {!o.month && (
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="xs">
            {t("ui.overview.chart")}
          </Title>
          <div
            className="chibo-bar"
            role="img"
            aria-label={t("ui.overview.chartLabel", { values: held.map((n, i) => `T${i + 1}: ${n}`).join(", ") })}
          >
            {held.map((n, i) => (
              <div key={i}>
                <span>{n}</span>
                <div className="chibo-bar-fill" style={{ height: `${(n / max) * 100}%` }} />
              </div>
            ))}
          </div>
          <div className="chibo-bar" style={{ height: "auto", border: 0 }}>
            {held.map((_, i) => (
              <div key={i}>{i + 1}</div>
            ))}
          </div>
          <Text size="xs" c="dimmed" mt={4}>
            {t("ui.overview.chartHelp", { count: o.total })}
          </Text>
        </Paper>
      )}
      <Stack gap="xs" component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {cells.map((c) => (
          <li key={c.organizationId}>
            <Paper withBorder p="md" radius="md" data-cell={c.organizationName}>
              <Anchor component={Link} to={`/to-chuc/${c.organizationId}?tab=sinh-hoat`} fw={700}>
                {c.organizationName}
              </Anchor>
              <Group gap="xs" mt={6}>
                <Badge color={c.held >= c.expected ? "teal" : "red"} variant="light" size="lg">
                  {t("ui.overview.held", { held: c.held, expected: c.expected })}
                </Badge>
                <Badge
                  color={c.ratePercent !== null && c.ratePercent < o.attendanceMinPercent ? "red" : "gray"}
                  variant="light"
                  size="lg"
                >
                  {t("ui.overview.rate", { rate: c.ratePercent ?? "—" })}
                </Badge>
                {(["good", "fair", "average", "poor"] as const).map((r) =>
                  c.ratings[r] > 0 ? (
                    <Badge key={r} color={RATING_COLOR[r]} variant="outline">
                      {t(`ui.meetings.rating.${r}`)}: {c.ratings[r]}
                    </Badge>
                  ) : null,
                )}
              </Group>
              {o.month && c.months[String(o.month)] && (
                <Anchor component={Link} to={`/cuoc-hop/${c.months[String(o.month)]!.meetingId}`} size="sm">
                  {t("ui.meetings.schedule.heldOn", { date: formatDate(c.months[String(o.month)]!.heldOn) })}
                </Anchor>
              )}
              {!o.month && (
                <Table mt="xs" withRowBorders={false} verticalSpacing={2} horizontalSpacing={2} fz="xs">
                  <Table.Tbody>
                    <Table.Tr>
                      {Array.from({ length: 12 }, (_, i) => {
                        const x = c.months[String(i + 1)];
                        return (
                          <Table.Td
                            key={i}
                            ta="center"
                            title={x ? format.percent(x.ratePercent) : ""}
                            style={{
                              background: x
                                ? "var(--mantine-color-teal-1)"
                                : c.notHeld.includes(i + 1)
                                  ? "var(--mantine-color-red-1)"
                                  : undefined,
                            }}
                          >
                            {x ? <Link to={`/cuoc-hop/${x.meetingId}`}>{i + 1}</Link> : i + 1}
                          </Table.Td>
                        );
                      })}
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
              )}
            </Paper>
          </li>
        ))}
      </Stack>
      {more && (
        <Button variant="light" loading={more.loading} onClick={more.load}>
          {t("ui.plans.home.moreCells", { count: o.total - cells.length })}
        </Button>
      )}
    </Stack>
  );
}

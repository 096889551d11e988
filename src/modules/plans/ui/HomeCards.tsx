/** The plans part of the three home pages: a member's tasks, a secretary's month, the đảng ủy across its cells. */
import { Suspense } from "react";
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useOptionalUser } from "../../../web/auth";
import { formatDate, useT } from "../../../web/i18n";
import { PageError } from "../../../web/ui";
import { partyCellsQuery, ProgressLine, TaskStatusBadge, useDashboard, useMyTasks } from "./shared";
import type { Dashboard, ListedTask } from "../../tasks/present";
import { lazyStyled } from "../../../web/styles";

// The month's comments come after the first screen: their form needs the validation library (ADR 0164).
const CommentsPanel = lazyStyled(() => import("./Comments").then((m) => ({ default: m.CommentsPanel })));

function TaskRow({ task, showOwner }: { task: ListedTask; showOwner?: boolean }) {
  const t = useT();
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component={Link}
      to={`/nhiem-vu/${task.id}`}
      className="chibo-card-link"
      data-testid="task-row"
    >
      {/* The title gets the card's full width (a badge beside it squeezed it to a few words a line on a phone). */}
      <Text fw={600}>{task.title}</Text>
      <Group gap="xs" mt={4} wrap="wrap">
        <TaskStatusBadge status={task.status} />
        <Text size="sm" c="dimmed">
          {showOwner
            ? t("ui.plans.task.line", {
                name: task.responsibleName ?? "",
                date: formatDate(task.dueOn),
                percent: task.progress,
              })
            : t("ui.plans.task.lineMine", { date: formatDate(task.dueOn), percent: task.progress })}
        </Text>
      </Group>
    </Paper>
  );
}

export function MyTasksCard() {
  const t = useT();
  const tasks = useMyTasks();
  const me = useOptionalUser();
  if (tasks.isError) return <PageError error={tasks.error} />;
  const items = tasks.data?.items ?? [];
  const open = items.filter((x) => x.status !== "done");
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="my-tasks">
      <Title order={2} id="my-tasks" mb="xs">
        {t("ui.plans.myTasks")}
      </Title>
      {tasks.isSuccess && open.length === 0 && <Text c="dimmed">{t("ui.plans.task.noneMine")}</Text>}
      <Stack gap="xs">
        {open.map((task) => (
          <TaskRow key={task.id} task={task} />
        ))}
      </Stack>
      {me?.member && (
        <Anchor
          component={Link}
          to={`/to-chuc/${me.member.organizationId}/ke-hoach-ca-nhan`}
          fw={600}
          mt="sm"
          display="inline-block"
          py={4}
        >
          {t("ui.plans.personal.homeLink")}
        </Anchor>
      )}
    </Paper>
  );
}

/** "12/2026" for the month of an ISO day. */
const monthLabel = (iso: string) => `${Number(iso.slice(5, 7))}/${iso.slice(0, 4)}`;

const RATING_COLOR: Record<string, string> = { good: "teal.9", fair: "blue.9", average: "orange.9", poor: "red.9" };

/** This month's meeting of the cell: held or not, attendance rate, rating — the line a đảng ủy member's portfolio reads. */
function MonthMeetingLine({ orgId, meeting }: { orgId: string; meeting: NonNullable<Dashboard["meeting"]> }) {
  const t = useT();
  return (
    <Group gap="xs" data-testid="month-meeting">
      <Text fw={600}>{t("ui.plans.home.monthMeeting")}</Text>
      {meeting.held ? (
        <Anchor component={Link} to={`/cuoc-hop/${meeting.meetingId}`}>
          {t("ui.plans.home.meetingHeld", { date: formatDate(meeting.date ?? "") })}
        </Anchor>
      ) : meeting.meetingId ? (
        <Anchor component={Link} to={`/cuoc-hop/${meeting.meetingId}`}>
          {t("ui.plans.home.meetingPlanned", { date: formatDate(meeting.date ?? "") })}
        </Anchor>
      ) : (
        <Anchor component={Link} to={`/to-chuc/${orgId}?tab=sinh-hoat`} c="red.9">
          {t("ui.plans.home.meetingNotHeld")}
        </Anchor>
      )}
      {meeting.ratePercent !== null && (
        <Badge variant="outline" bg="white" color="gray.9" size="lg">
          {t("ui.plans.home.meetingRate", { rate: String(meeting.ratePercent).replace(".", ",") })}
        </Badge>
      )}
      {meeting.rating && (
        <Badge color={RATING_COLOR[meeting.rating] ?? "gray.9"} size="lg">
          {t(`ui.meetings.rating.${meeting.rating}` as "ui.meetings.rating.good")}
        </Badge>
      )}
    </Group>
  );
}

/** The secretary's month: late and at-risk tasks with owners, targets at risk, checklist items due, programme progress. */
export function CellDashboardCard({ orgId, title }: { orgId: string; title?: string }) {
  const t = useT();
  const dash = useDashboard(orgId);
  if (dash.isPending) return null;
  if (dash.isError) return <PageError error={dash.error} />;
  const d = dash.data;
  // Overdue first: a 2025 deadline still open is the first thing the secretary and the overseer must see.
  const dueChecklist = (d.checklist?.items ?? [])
    .filter((i) => !i.done)
    .sort((a, b) => Number(b.stage === "overdue") - Number(a.stage === "overdue") || a.dueOn.localeCompare(b.dueOn));
  const overdueChecklist = dueChecklist.filter((i) => i.stage === "overdue").length;
  const atRisk = d.targets.filter((x) => x.atRisk);
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      data-testid="cell-dashboard"
      style={{ borderTop: "4px solid var(--mantine-color-brand-7)" }}
    >
      <Title order={2} mb="xs">
        {title ?? t("ui.plans.home.thisMonth", { name: d.organization.name })}
      </Title>
      <Stack gap="sm">
        {d.programmes.map((p) => (
          <Anchor key={p.id} component={Link} to={`/ke-hoach/${p.id}`} underline="never" c="inherit">
            <ProgressLine value={p.progress} label={p.title} />
          </Anchor>
        ))}
        {d.meeting && <MonthMeetingLine orgId={orgId} meeting={d.meeting} />}
        <Group gap="xs">
          <Badge
            color="red.9"
            variant={d.tasks.late ? "filled" : "outline"}
            bg={d.tasks.late ? undefined : "white"}
            size="lg"
          >
            {t("ui.plans.home.late", { count: d.tasks.late })}
          </Badge>
          <Badge color="orange.9" variant="outline" bg="white" size="lg">
            {t("ui.plans.home.atRisk", { count: d.tasks.atRisk })}
          </Badge>
          <Badge color="teal.9" variant="outline" bg="white" size="lg">
            {t("ui.plans.home.done", { count: d.tasks.done, total: d.tasks.total })}
          </Badge>
        </Group>
        {d.tasks.lateList.length > 0 && (
          <>
            <Title order={3}>{t("ui.plans.home.lateTitle")}</Title>
            {d.tasks.lateList.slice(0, 5).map((task) => (
              <TaskRow key={task.id} task={task} showOwner />
            ))}
          </>
        )}
        {atRisk.length > 0 && (
          <>
            <Title order={3}>{t("ui.plans.home.targetsAtRisk")}</Title>
            {atRisk.slice(0, 5).map((x) => (
              <ProgressLine key={x.id} value={x.attainment ?? x.workProgress} label={x.name} color="orange.8" />
            ))}
          </>
        )}
        {dueChecklist.length > 0 && (
          <>
            <Title order={3}>{t("ui.plans.home.checklistDue")}</Title>
            {overdueChecklist > 0 && (
              <Badge color="red.9" size="lg" data-testid="checklist-overdue" style={{ alignSelf: "flex-start" }}>
                {t("ui.tasks.checklistOverdue", { count: overdueChecklist })}
              </Badge>
            )}
            {dueChecklist.map((i) => (
              <Group key={i.id} gap={6} wrap="nowrap" align="flex-start" data-testid="home-checklist-item">
                <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
                  • {i.title} — {t("ui.plans.checklist.due", { date: formatDate(i.dueOn) })}
                </Text>
                {i.stage === "overdue" && (
                  <Badge color="red.9" style={{ flexShrink: 0 }}>
                    {t("ui.plans.checklist.stage.overdue")}
                  </Badge>
                )}
              </Group>
            ))}
          </>
        )}
        <Suspense fallback={null}>
          <CommentsPanel
            title={t("ui.tasks.monthComments", { month: monthLabel(d.today) })}
            listUrl={`/api/organizations/${orgId}/month-comments?month=${d.today.slice(0, 7)}`}
            postUrl={`/api/organizations/${orgId}/month-comments`}
            extra={{ month: d.today.slice(0, 7) }}
            headingOrder={3}
          />
        </Suspense>
        <Anchor component={Link} to={`/to-chuc/${orgId}?tab=ke-hoach`} fw={600}>
          {t("ui.plans.home.open")}
        </Anchor>
      </Stack>
    </Paper>
  );
}

/** A đảng bộ's cells on its home, 50 at a time (the home asks for the first page before its cards render). */
/** The đảng ủy across its cells: checklist completion ("5/5 chi bộ"), progress bars, late tasks by cell, a page at a time. */
export function PartyDashboardCard({ orgId }: { orgId: string }) {
  const t = useT();
  const dash = useDashboard(orgId);
  const pages = useInfiniteQuery(partyCellsQuery(orgId));
  if (dash.isPending || pages.isPending) return null;
  if (dash.isError) return <PageError error={dash.error} />;
  if (pages.isError) return <PageError error={pages.error} />;
  const summary = dash.data.cellSummary;
  const cells = pages.data.pages.flatMap((p) => p.items);
  const left = pages.data.pages[0]!.total - cells.length;
  const maxLate = Math.max(1, ...cells.map((c) => c.late));
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      data-testid="party-dashboard"
      style={{ borderTop: "4px solid var(--mantine-color-brand-7)" }}
    >
      <Title order={2} mb="xs">
        {t("ui.plans.home.partyTitle")}
      </Title>
      <Group gap="lg" mb="sm">
        <div>
          <Text size="xl" fw={800}>
            {summary.congressesHeld}/{summary.total}
          </Text>
          <Text size="sm">{t("ui.plans.home.congressesHeld")}</Text>
        </div>
        <div>
          <Text size="xl" fw={800}>
            {summary.checklistsComplete}/{summary.total}
          </Text>
          <Text size="sm">{t("ui.plans.home.checklistsComplete")}</Text>
        </div>
      </Group>
      <Stack gap="md">
        {cells.map((c) => (
          <div key={c.id} data-testid="cell-row">
            <Anchor component={Link} to={`/to-chuc/${c.id}?tab=ke-hoach`} fw={600}>
              {c.name}
            </Anchor>
            <ProgressLine value={c.progress} label={t("ui.plans.home.programme")} />
            <Group gap="xs" mt={4}>
              <Text size="sm">
                {c.checklist
                  ? t("ui.plans.checklist.count", { done: c.checklist.done, total: c.checklist.total })
                  : t("ui.plans.home.noCongress")}
              </Text>
              {!!c.checklist?.overdue && (
                <Badge color="red.9" style={{ flexShrink: 0 }} data-testid="cell-checklist-overdue">
                  {t("ui.tasks.checklistOverdueShort", { count: c.checklist.overdue })}
                </Badge>
              )}
            </Group>
            <Group gap={6} mt={4} wrap="nowrap" aria-label={t("ui.plans.home.late", { count: c.late })}>
              <div
                style={{
                  height: 12,
                  width: `${(c.late / maxLate) * 60}%`,
                  minWidth: c.late ? 8 : 0,
                  background: "var(--mantine-color-red-8)",
                  borderRadius: 6,
                }}
              />
              <Text size="sm" c={c.late ? "red.9" : "dimmed"}>
                {t("ui.plans.home.late", { count: c.late })}
              </Text>
            </Group>
          </div>
        ))}
        {pages.hasNextPage && (
          <Button variant="light" loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {t("ui.plans.home.moreCells", { count: left })}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

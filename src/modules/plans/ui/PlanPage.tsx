import { Suspense, useState } from "react";
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { formatDate, formatDateTime, todayIso, useT, type MessageKey } from "../../../web/i18n";
import { InfoList, notifySuccess, PageError, PageLoader, useNotifyError, usePageTitle } from "../../../web/ui";
import type { IssuedPlan, PlanDetail, PlanItemView } from "../present";
import { planKeys, ProgressLine, TaskStatusBadge } from "./shared";
import { ItemActions } from "./ItemActions";
import { lazyStyled } from "../../../web/styles";

const ItemForm = lazyStyled(() => import("./forms").then((m) => ({ default: m.ItemForm })));
const TaskForm = lazyStyled(() => import("./forms").then((m) => ({ default: m.TaskForm })));
const PlanForm = lazyStyled(() => import("./forms").then((m) => ({ default: m.PlanForm })));

export function PlanPage() {
  const { id = "" } = useParams();
  const t = useT();
  const qc = useQueryClient();
  const notifyError = useNotifyError();
  const plan = useQuery({ queryKey: planKeys.plan(id), queryFn: () => api.get<PlanDetail>(`/api/plans/${id}`) });
  const org = useQuery({
    queryKey: ["organization", plan.data?.organizationId ?? ""],
    queryFn: () =>
      api.get<{ name: string; permissions: Record<string, boolean> }>(
        `/api/organizations/${plan.data!.organizationId}`,
      ),
    enabled: !!plan.data,
  });
  const [modal, setModal] = useState<
    { kind: "item" } | { kind: "task"; item: PlanItemView } | { kind: "child" } | null
  >(null);
  usePageTitle(plan.data?.title);
  if (plan.isPending) return <PageLoader />;
  if (plan.isError) return <PageError error={plan.error} onRetry={() => void plan.refetch()} />;
  const p = plan.data;
  const manage = !!org.data?.permissions["plan.manage"];
  const issue = async () => {
    try {
      const row = await api.post<IssuedPlan>(`/api/plans/${p.id}/issue`, {
        issuedOn: todayIso(),
        version: p.version,
      });
      notifySuccess(t("ui.plans.issuedAs", { number: row.document.numberText ?? "" }));
      void qc.invalidateQueries({ queryKey: planKeys.plan(p.id) });
      void qc.invalidateQueries({ queryKey: ["plans", p.organizationId] });
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={`/to-chuc/${p.organizationId}?tab=ke-hoach`}>
          ← {org.data?.name ?? t("ui.plans.tab")}
        </Anchor>
        <Title order={1} mt={4}>
          {p.title}
        </Title>
        <Group gap="xs" mt={6}>
          <Badge variant="light">{t(`ui.plan.kind.${p.kind}` as MessageKey)}</Badge>
          <Badge variant="outline" color={p.state === "issued" ? "teal.9" : "gray.7"}>
            {t(p.state === "issued" ? "ui.plans.plan.issued" : "ui.plans.plan.draft")}
          </Badge>
          <Text size="sm">
            {formatDate(p.startsOn)} – {formatDate(p.endsOn)}
          </Text>
        </Group>
      </div>
      {p.documentId && (
        <Anchor component={Link} to={`/van-ban/${p.documentId}`} fw={600}>
          {t("ui.plans.openDocument")}
        </Anchor>
      )}
      <ProgressLine value={p.progress} label={t("ui.plans.plan.progress")} />
      {manage && (
        <Group gap="sm">
          <Button onClick={() => setModal({ kind: "item" })}>{t("ui.plans.item.new")}</Button>
          <Button variant="outline" onClick={() => setModal({ kind: "child" })}>
            {t("ui.plans.plan.newChild")}
          </Button>
          {p.state === "draft" && (
            <Button variant="outline" color="teal.9" onClick={() => void issue()}>
              {t("ui.plans.plan.issue")}
            </Button>
          )}
        </Group>
      )}
      <Title order={2}>{t("ui.plans.items")}</Title>
      {p.items.length === 0 && <Text c="dimmed">{t("ui.plans.item.none")}</Text>}
      {p.items.map((item, n) => (
        <Paper key={item.id} withBorder p="md" radius="md" data-testid="plan-item" opacity={item.closedOn ? 0.7 : 1}>
          <Text fw={700}>
            {n + 1}. {item.what}
          </Text>
          <InfoList
            items={[
              { label: t("fields.how"), value: item.how },
              { label: t("fields.dueOn"), value: formatDate(item.dueOn) },
              {
                label: t("fields.responsibleMemberId"),
                value: [item.responsibleName, item.responsibleUnit].filter(Boolean).join(", "),
              },
              { label: t("fields.coordinating"), value: item.coordinating },
              { label: t("fields.checking"), value: item.checking },
              { label: t("fields.weight"), value: String(item.weight) },
            ]}
          />
          {item.closedOn ? (
            <Text size="sm" c="dimmed">
              {t("ui.plans.item.closed", { date: formatDate(item.closedOn), reason: item.closedReason ?? "" })}
            </Text>
          ) : (
            <ProgressLine value={item.progress} />
          )}
          <ItemTasks item={item} />
          {manage && !item.closedOn && (
            <Group gap="xs" mt="sm">
              <Button size="sm" variant="light" onClick={() => setModal({ kind: "task", item })}>
                {t("ui.plans.task.assign")}
              </Button>
              <ItemActions orgId={p.organizationId} plan={p} item={item} />
            </Group>
          )}
        </Paper>
      ))}
      {p.children.length > 0 && (
        <>
          <Title order={2}>{t("ui.plans.plan.children")}</Title>
          {p.children.map((c) => (
            <Paper key={c.id} withBorder p="sm" radius="md">
              <Anchor component={Link} to={`/ke-hoach/${c.id}`} fw={600}>
                {c.title}
              </Anchor>
              <ProgressLine value={c.progress} />
            </Paper>
          ))}
        </>
      )}
      {p.adjustments.length > 0 && (
        <>
          <Title order={2}>{t("ui.plans.adjustments")}</Title>
          {p.adjustments.map((a) => (
            <Text key={a.id} size="sm">
              {formatDateTime(a.at)}: {a.reason}
            </Text>
          ))}
        </>
      )}
      <Suspense fallback={null}>
        {modal?.kind === "item" && <ItemForm orgId={p.organizationId} plan={p} onClose={() => setModal(null)} />}
        {modal?.kind === "task" && (
          <TaskForm orgId={p.organizationId} planItem={modal.item} onClose={() => setModal(null)} />
        )}
        {modal?.kind === "child" && (
          <PlanForm orgId={p.organizationId} plans={[p]} resolutions={[]} parent={p} onClose={() => setModal(null)} />
        )}
      </Suspense>
    </Stack>
  );
}

/** The tasks assigned from a plan item: who carries each, by when, how far, and how it stands today. */
function ItemTasks({ item }: { item: PlanItemView }) {
  const t = useT();
  if (item.tasks.length === 0)
    return item.closedOn ? null : (
      <Text size="sm" c="dimmed" mt="xs">
        {t("ui.tasks.planNoTasks")}
      </Text>
    );
  return (
    <Stack gap={6} mt="sm" data-testid="item-tasks">
      <Text size="sm" fw={700}>
        {t("ui.tasks.planTasks")}
      </Text>
      {item.tasks.map((task) => (
        <Paper
          key={task.id}
          withBorder
          p="xs"
          radius="md"
          component={Link}
          to={`/nhiem-vu/${task.id}`}
          className="chibo-card-link"
          data-testid="item-task"
        >
          <Text fw={600} style={{ overflowWrap: "anywhere" }}>
            {task.title}
          </Text>
          <Group gap="xs" mt={4}>
            <TaskStatusBadge status={task.status} />
            <Text size="sm" c="dimmed">
              {t("ui.plans.task.line", {
                name: task.responsibleName,
                date: formatDate(task.dueOn),
                percent: task.progress,
              })}
            </Text>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

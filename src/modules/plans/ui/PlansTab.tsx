import { Suspense, useState } from "react";
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../../web/api";
import { formatDate, todayIso, useI18n, useT, type MessageKey } from "../../../web/i18n";
import { LinkCard, PageError, PageLoader, useNotifyError } from "../../../web/ui";
import type { OrganizationDetail } from "../../../web/types";
import { ReviewsCard } from "./ReviewsCard";
import { RatificationPanel } from "./Ratification";
import { PreparationCard } from "../../congresses/ui/PreparationCard";
import {
  ProgressLine,
  TaskStatusBadge,
  useCongresses,
  usePlans,
  useResolutions,
  useTasks,
  type ChecklistItemView,
} from "./shared";
import { lazyStyled } from "../../../web/styles";

const CongressForm = lazyStyled(() => import("./forms").then((m) => ({ default: m.CongressForm })));
const ResolutionForm = lazyStyled(() => import("./forms").then((m) => ({ default: m.ResolutionForm })));
const PlanForm = lazyStyled(() => import("./forms").then((m) => ({ default: m.PlanForm })));
const TaskForm = lazyStyled(() => import("./forms").then((m) => ({ default: m.TaskForm })));

type Modal = "congress" | "resolution" | "plan" | "task" | null;

/** The cell's "Nghị quyết & kế hoạch" area: congress and checklist, resolutions, programmes and plans, tasks. */
export function PlansTab({ org }: { org: OrganizationDetail }) {
  const t = useT();
  const congresses = useCongresses(org.id);
  const resolutions = useResolutions(org.id);
  const plans = usePlans(org.id);
  const tasks = useTasks(org.id);
  const [modal, setModal] = useState<Modal>(null);
  const manage = !!(org.permissions as Record<string, boolean>)["plan.manage"];
  if (congresses.isPending || plans.isPending) return <PageLoader />;
  if (congresses.isError) return <PageError error={congresses.error} onRetry={() => void congresses.refetch()} />;
  const latest = congresses.data.items[0] ?? null;
  const planList = plans.data?.items ?? [];
  const roots = planList.filter((p) => !p.parentId);

  return (
    <Stack gap="lg">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="xs">
          <Title order={2}>{t("ui.plans.congress.title")}</Title>
          {manage && (
            <Button variant="outline" onClick={() => setModal("congress")}>
              {t("ui.plans.congress.record")}
            </Button>
          )}
        </Group>
        {!latest && <Text c="dimmed">{t("ui.plans.congress.none")}</Text>}
        {latest && (
          <Stack gap="sm">
            <Text>
              {t("ui.plans.congress.line", {
                date: formatDate(latest.heldOn),
                term: latest.termLabel,
                present: latest.delegatesPresent,
                total: latest.delegatesTotal,
              })}
            </Text>
            <RatificationPanel orgId={org.id} parentId={org.parentId} congress={latest} manage={manage} />
            <Checklist items={latest.checklist} orgId={org.id} manage={manage} />
          </Stack>
        )}
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="xs">
          <Title order={2}>{t("ui.plans.resolutions")}</Title>
          {manage && (
            <Button variant="outline" onClick={() => setModal("resolution")}>
              {t("ui.plans.resolution.new")}
            </Button>
          )}
        </Group>
        {(resolutions.data?.items ?? []).length === 0 && <Text c="dimmed">{t("ui.plans.resolution.none")}</Text>}
        <Stack gap="sm">
          {(resolutions.data?.items ?? []).map((r) => (
            <Paper
              key={r.id}
              withBorder
              p="sm"
              radius="md"
              component={Link}
              to={`/nghi-quyet/${r.id}`}
              className="chibo-card-link"
            >
              <Text fw={700} c="brand.8">
                {r.number ? `${r.number} — ` : ""}
                {r.title}
              </Text>
              <Group gap="xs" mt={4}>
                <Badge variant="light">{t(`ui.resolution.state.${r.state}` as MessageKey)}</Badge>
              </Group>
              <ProgressLine value={r.progress} />
            </Paper>
          ))}
        </Stack>
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="xs">
          <Title order={2}>{t("ui.plans.plans")}</Title>
          {manage && (
            <Button variant="outline" onClick={() => setModal("plan")}>
              {t("ui.plans.plan.new")}
            </Button>
          )}
        </Group>
        {roots.length === 0 && <Text c="dimmed">{t("ui.plans.plan.none")}</Text>}
        <Stack gap="sm">
          {roots.map((p) => (
            <Paper key={p.id} withBorder p="sm" radius="md">
              <Anchor component={Link} to={`/ke-hoach/${p.id}`} fw={700}>
                {p.title}
              </Anchor>
              <Text size="sm" c="dimmed">
                {t(`ui.plan.kind.${p.kind}` as MessageKey)} · {formatDate(p.startsOn)} – {formatDate(p.endsOn)} ·{" "}
                {t(p.state === "issued" ? "ui.plans.plan.issued" : "ui.plans.plan.draft")}
              </Text>
              <ProgressLine value={p.progress} />
              {planList
                .filter((c) => c.parentId === p.id)
                .map((c) => (
                  <Group key={c.id} pl="md" mt={6} gap="xs" wrap="nowrap" justify="space-between">
                    <Anchor component={Link} to={`/ke-hoach/${c.id}`} size="sm">
                      {c.title}
                    </Anchor>
                    <Text size="sm" fw={600}>
                      {c.progress === null ? "—" : `${Math.round(c.progress)}%`}
                    </Text>
                  </Group>
                ))}
            </Paper>
          ))}
        </Stack>
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="xs">
          <Title order={2}>{t("ui.plans.tasks")}</Title>
          {manage && (
            <Group gap="xs">
              <Button variant="outline" onClick={() => setModal("task")}>
                {t("ui.plans.task.assign")}
              </Button>
              <Button variant="default" component={Link} to={`/to-chuc/${org.id}/tien-do-hang-loat`}>
                {t("ui.plans.bulk.open")}
              </Button>
            </Group>
          )}
        </Group>
        {(tasks.data?.items ?? []).length === 0 && <Text c="dimmed">{t("ui.plans.task.none")}</Text>}
        <Stack gap="xs">
          {(tasks.data?.items ?? []).map((task) => (
            <Paper
              key={task.id}
              withBorder
              p="sm"
              radius="md"
              component={Link}
              to={`/nhiem-vu/${task.id}`}
              className="chibo-card-link"
            >
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={600} style={{ minWidth: 0 }}>
                  {task.title}
                </Text>
                <TaskStatusBadge status={task.status} />
              </Group>
              <Text size="sm" c="dimmed">
                {t("ui.plans.task.line", {
                  name: task.responsibleName ?? "",
                  date: formatDate(task.dueOn),
                  percent: task.progress,
                })}
              </Text>
            </Paper>
          ))}
        </Stack>
      </Paper>

      <PreparationCard orgId={org.id} manage={manage} />
      <ReviewsCard orgId={org.id} manage={manage} />
      <LinkCard
        to={`/to-chuc/${org.id}/ke-hoach-ca-nhan`}
        title={t("ui.plans.personal.title")}
        description={t("ui.plans.personal.cardHelp")}
      />

      <Suspense fallback={null}>
        {modal === "congress" && <CongressForm orgId={org.id} onClose={() => setModal(null)} />}
        {modal === "resolution" && (
          <ResolutionForm orgId={org.id} congressId={latest?.id ?? null} onClose={() => setModal(null)} />
        )}
        {modal === "plan" && (
          <PlanForm
            orgId={org.id}
            plans={planList}
            resolutions={resolutions.data?.items ?? []}
            onClose={() => setModal(null)}
          />
        )}
        {modal === "task" && <TaskForm orgId={org.id} onClose={() => setModal(null)} />}
      </Suspense>
    </Stack>
  );
}

const STAGE_COLOR = { done: "teal.9", overdue: "red.9", due_soon: "orange.9", open: "gray.7" } as const;

export function Checklist({ items, orgId, manage }: { items: ChecklistItemView[]; orgId: string; manage: boolean }) {
  const t = useT();
  const { locale } = useI18n();
  const qc = useQueryClient();
  const notifyError = useNotifyError();
  const complete = async (item: ChecklistItemView) => {
    try {
      await api.post(`/api/checklist-items/${item.id}/complete`, {
        doneOn: todayIso(),
        note: null,
        version: item.version,
      });
      void qc.invalidateQueries({ queryKey: ["plans", orgId] });
    } catch (error) {
      notifyError(error);
    }
  };
  const done = items.filter((i) => i.done).length;
  return (
    <Stack gap="xs" component="section" aria-label={t("ui.plans.checklist.title")}>
      <Text fw={700}>{t("ui.plans.checklist.count", { done, total: items.length })}</Text>
      <Stack component="ol" gap="xs" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {items.map((item, i) => (
          <Paper
            key={item.id}
            component="li"
            withBorder
            p="sm"
            radius="md"
            data-testid="checklist-item"
            style={{ borderLeft: `5px solid var(--mantine-color-${STAGE_COLOR[item.stage].replace(".", "-")})` }}
          >
            <Text fw={600}>
              {i + 1}. {locale === "en" ? item.titleEn : item.title}
            </Text>
            <Group gap="xs" mt={4} justify="space-between">
              <Text size="sm">
                {item.done
                  ? t("ui.plans.checklist.doneOn", { date: formatDate(item.doneOn) })
                  : t("ui.plans.checklist.due", { date: formatDate(item.dueOn) })}
                {item.ownerName ? ` · ${item.ownerName}` : ""}
              </Text>
              <Badge
                color={STAGE_COLOR[item.stage]}
                variant={item.stage === "overdue" ? "filled" : "outline"}
                bg={item.stage === "overdue" ? undefined : "white"}
              >
                {t(`ui.plans.checklist.stage.${item.stage}` as MessageKey)}
              </Badge>
            </Group>
            {manage && !item.done && (
              <Button size="sm" variant="light" mt="xs" onClick={() => void complete(item)}>
                {t("ui.plans.checklist.markDone")}
              </Button>
            )}
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

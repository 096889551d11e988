/** Queries, shapes and small pieces shared by the pages of congresses, resolutions, plans and tasks. */
import { Alert, Badge, Group, Progress, Text } from "@mantine/core";
import { infiniteQueryOptions, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../web/api";
import { useT, type MessageKey } from "../../../web/i18n";
import type { FieldErrors } from "../../../web/ui";
import type { CongressListItem } from "../../congresses/present";
import type { ResolutionListItem } from "../../resolutions/present";
import type { TaskStatus } from "../../tasks/model";
import type { Dashboard, DashboardCells, MyTask, ListedTask } from "../../tasks/present";
import type { PlanView } from "../present";

// The congresses module's answers, as its pages here read them.
export type { ChecklistItemView } from "../../congresses/present";
export type CongressView = CongressListItem;
export const planKeys = {
  congresses: (org: string) => ["plans", org, "congresses"] as const,
  resolutions: (org: string) => ["plans", org, "resolutions"] as const,
  plans: (org: string) => ["plans", org, "plans"] as const,
  tasks: (org: string) => ["plans", org, "tasks"] as const,
  dashboard: (org: string) => ["plans", org, "dashboard"] as const,
  dashboardCells: (org: string) => ["plans", org, "dashboard", "cells"] as const,
  myTasks: ["plans", "me", "tasks"] as const,
  plan: (id: string) => ["plan", id] as const,
  resolution: (id: string) => ["resolution", id] as const,
  task: (id: string) => ["task", id] as const,
};

export const useCongresses = (org: string) =>
  useQuery({
    queryKey: planKeys.congresses(org),
    queryFn: () => api.get<{ items: CongressView[] }>(`/api/organizations/${org}/congresses`),
  });
export const useResolutions = (org: string) =>
  useQuery({
    queryKey: planKeys.resolutions(org),
    queryFn: () => api.get<{ items: ResolutionListItem[] }>(`/api/organizations/${org}/resolutions`),
  });
export const usePlans = (org: string) =>
  useQuery({
    queryKey: planKeys.plans(org),
    queryFn: () => api.get<{ items: PlanView[] }>(`/api/organizations/${org}/plans`),
  });
export const useTasks = (org: string) =>
  useQuery({
    queryKey: planKeys.tasks(org),
    queryFn: () => api.get<{ items: ListedTask[] }>(`/api/organizations/${org}/tasks`),
  });
/** An organisation's dashboard (a đảng bộ's is a call of its own: the home asks for it as its data arrives). */
export const dashboardQuery = (org: string) =>
  queryOptions({
    queryKey: planKeys.dashboard(org),
    queryFn: () => api.get<Dashboard>(`/api/organizations/${org}/dashboard`),
  });
export const useDashboard = (org: string) => useQuery(dashboardQuery(org));
/** How many of a đảng bộ's cells its home card shows at a time: a phone's screen or two of them. */
const HOME_CELLS_PAGE = 10;
/** A đảng bộ's cells on its dashboard card, a page at a time ("Xem thêm"). */
export const partyCellsQuery = (orgId: string) =>
  infiniteQueryOptions({
    queryKey: planKeys.dashboardCells(orgId),
    queryFn: ({ pageParam }) =>
      api.get<DashboardCells>(
        `/api/organizations/${orgId}/dashboard/cells?offset=${pageParam}&limit=${HOME_CELLS_PAGE}`,
      ),
    initialPageParam: 0,
    getNextPageParam: (last: DashboardCells) =>
      last.offset + last.items.length < last.total ? last.offset + last.items.length : undefined,
  });
export const useMyTasks = () =>
  useQuery({
    queryKey: planKeys.myTasks,
    queryFn: () => api.get<{ items: MyTask[] }>("/api/me/tasks"),
  });

const STATUS_COLOR: Record<TaskStatus, string> = {
  late: "red.9",
  at_risk: "orange.9",
  on_track: "teal.9",
  done: "gray.7",
};

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const t = useT();
  return (
    <Badge
      color={STATUS_COLOR[status]}
      variant={status === "late" ? "filled" : "outline"}
      bg={status === "late" ? undefined : "white"}
      style={{ flexShrink: 0 }}
    >
      {t(`ui.task.status.${status}` as MessageKey)}
    </Badge>
  );
}

/** A labelled progress bar with the percent written out (colour is never the only signal). */
export function ProgressLine({ value, label, color }: { value: number | null; label?: string; color?: string }) {
  const t = useT();
  const pct = value === null ? null : Math.round(value);
  return (
    <div>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        {label && (
          <Text size="sm" style={{ minWidth: 0 }}>
            {label}
          </Text>
        )}
        <Text size="sm" fw={700} style={{ flexShrink: 0 }}>
          {pct === null ? t("ui.plans.noProgress") : `${pct}%`}
        </Text>
      </Group>
      <Progress
        value={pct ?? 0}
        color={color ?? (pct !== null && pct >= 100 ? "teal.8" : "brand.7")}
        size="lg"
        radius="xl"
        aria-label={label ?? t("fields.percent")}
        mt={4}
      />
    </div>
  );
}

/**
 * The server's messages for fields the form has no input for (a plan item, a version, a file's parts): a refused
 * save always says why on the form itself, never only in the browser's network log.
 */
export function OtherFieldErrors({ errors, placed }: { errors: FieldErrors; placed: string[] }) {
  const t = useT();
  const rest = Object.entries(errors).filter(([field]) => !placed.includes(field));
  if (rest.length === 0) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={t("ui.tasks.otherErrors")}>
      {rest.map(([field, message]) => (
        <Text key={field} size="sm">
          {message}
        </Text>
      ))}
    </Alert>
  );
}

/** The fields the item forms have inputs for; the server's word on any other is shown above the buttons. */
export const ITEM_FIELDS = [
  "what",
  "how",
  "dueOn",
  "responsibleMemberId",
  "responsibleUnit",
  "coordinating",
  "checking",
  "weight",
  "reason",
];

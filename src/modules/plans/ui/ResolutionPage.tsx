import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { formatDateTime, todayIso, useT, type MessageKey } from "../../../web/i18n";
import { PageError, PageLoader, useNotifyError, usePageTitle } from "../../../web/ui";
import type { ResolutionState } from "../../resolutions/model";
import type { ResolutionDetail } from "../../resolutions/present";
import { planKeys, ProgressLine } from "./shared";
import { TargetCard } from "./TargetCard";

export function ResolutionPage() {
  const { id = "" } = useParams();
  const t = useT();
  const qc = useQueryClient();
  const notifyError = useNotifyError();
  const res = useQuery({
    queryKey: planKeys.resolution(id),
    queryFn: () => api.get<ResolutionDetail>(`/api/resolutions/${id}`),
  });
  const org = useQuery({
    queryKey: ["organization", res.data?.organizationId ?? ""],
    queryFn: () =>
      api.get<{ name: string; permissions: Record<string, boolean> }>(`/api/organizations/${res.data!.organizationId}`),
    enabled: !!res.data,
  });
  usePageTitle(res.data?.title);
  if (res.isPending) return <PageLoader />;
  if (res.isError) return <PageError error={res.error} onRetry={() => void res.refetch()} />;
  const r = res.data;
  const manage = !!org.data?.permissions["plan.manage"];
  const move = async (to: ResolutionState) => {
    try {
      // Issuing goes through the documents register: the NQ is numbered, rendered and frozen.
      if (to === "issued")
        await api.post(`/api/resolutions/${r.id}/issue`, { issuedOn: todayIso(), version: r.version });
      else await api.post(`/api/resolutions/${r.id}/transition`, { to, on: todayIso(), version: r.version });
      void qc.invalidateQueries({ queryKey: planKeys.resolution(r.id) });
      void qc.invalidateQueries({ queryKey: planKeys.resolutions(r.organizationId) });
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/to-chuc/${r.organizationId}?tab=ke-hoach`}>
        ← {org.data?.name ?? t("ui.plans.tab")}
      </Anchor>
      <Title order={1}>
        {r.number ? `${r.number} — ` : ""}
        {r.title}
      </Title>
      <Group gap="xs">
        <Badge variant="light">{t(`ui.resolution.kind.${r.kind}` as MessageKey)}</Badge>
        <Badge variant="filled" color="brand.8">
          {t(`ui.resolution.state.${r.state}` as MessageKey)}
        </Badge>
      </Group>
      {manage && r.nextStates.length > 0 && (
        <Group gap="sm">
          {r.nextStates.map((s) => (
            <Button key={s} variant="outline" onClick={() => void move(s)}>
              {t("ui.plans.resolution.moveTo", { state: t(`ui.resolution.state.${s}` as MessageKey) })}
            </Button>
          ))}
        </Group>
      )}
      {r.documentId && (
        <Anchor component={Link} to={`/van-ban/${r.documentId}`} fw={600}>
          {t("ui.plans.openDocument")}
        </Anchor>
      )}
      <ProgressLine value={r.progress} label={t("ui.plans.resolution.progress")} />
      <Title order={2}>{t("fields.targets")}</Title>
      {r.targets.length === 0 && <Text c="dimmed">{t("ui.plans.target.none")}</Text>}
      {r.targets.map((x) => (
        <TargetCard key={x.id} target={x} orgId={r.organizationId} resolutionId={r.id} manage={manage} />
      ))}
      {r.tasks.length > 0 && (
        <>
          <Title order={2}>{t("ui.plans.resolution.tasks")}</Title>
          {r.tasks.map((task) => (
            <Group key={task.id} gap="xs">
              <Text>{task.title}</Text>
              {task.focal && <Badge variant="outline">{t("fields.focal")}</Badge>}
              {task.breakthrough && (
                <Badge variant="outline" color="red.9">
                  {t("fields.breakthrough")}
                </Badge>
              )}
            </Group>
          ))}
        </>
      )}
      {r.plans.length > 0 && (
        <>
          <Title order={2}>{t("ui.plans.plans")}</Title>
          {r.plans.map((p) => (
            <Paper key={p.id} withBorder p="sm" radius="md">
              <Anchor component={Link} to={`/ke-hoach/${p.id}`} fw={600}>
                {p.title}
              </Anchor>
              <ProgressLine value={p.progress} />
            </Paper>
          ))}
        </>
      )}
      <Title order={2}>{t("ui.plans.history")}</Title>
      {r.history.map((h) => (
        <Text key={h.id} size="sm">
          {formatDateTime(h.at)} · {h.actorName ?? ""} ·{" "}
          {h.action.startsWith("transition:")
            ? t(`ui.resolution.state.${h.action.split("->")[1]}` as MessageKey)
            : h.action}
        </Text>
      ))}
    </Stack>
  );
}

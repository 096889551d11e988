import { useState } from "react";
import {
  Anchor,
  Badge,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { formatDate, todayIso, useT, type MessageKey } from "../../../web/i18n";
import { FormError, notifySuccess, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import type { PreparationStepView, PreparationView } from "../preparation-present";
import { ElectionsCard } from "./ElectionSetup";

// /dai-hoi/:id — one congress being prepared: the plan, the drafts, the delegates and the day, usable at 360 px.

const STAGE_COLOR = { done: "green", overdue: "red", due_soon: "orange", open: "gray" } as const;
const DRAFTS = ["politicalReport", "selfReview", "draftResolution"] as const;

function useRefresh(id: string) {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: ["congress-preparation", id] });
}

function StepLine({ step, manage, refresh }: { step: PreparationStepView; manage: boolean; refresh: () => void }) {
  const t = useT();
  const form = useApiForm(
    () => api.post(`/api/preparation-steps/${step.id}/complete`, { doneOn: todayIso(), version: step.version }),
    () => {
      notifySuccess(t("ui.congress.prep.completed"));
      refresh();
    },
  );
  return (
    <Paper withBorder p="sm" radius="md">
      <Text fw={600}>{step.title}</Text>
      <Group gap="xs" mt={4}>
        <Badge color={STAGE_COLOR[step.stage]} variant="light">
          {t(`ui.congress.prep.stage.${step.stage}`)}
        </Badge>
        <Text size="sm">
          {step.done && step.doneOn
            ? t("ui.congress.prep.doneOn", { date: formatDate(step.doneOn) })
            : t("ui.congress.prep.due", { date: formatDate(step.dueOn) })}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {step.ownerName ?? t("ui.congress.prep.owner.office")} · {step.source}
      </Text>
      {manage && !step.done && (
        <Button variant="outline" size="sm" mt={6} onClick={() => void form.run()} loading={form.busy}>
          {t("ui.congress.prep.complete")}
        </Button>
      )}
    </Paper>
  );
}

/** One of the congress's documents in the register: a link once made, its state, and its number once issued. */
function DocumentLine({ label, doc }: { label: string; doc: PreparationView["drafts"]["minutes"] }) {
  const t = useT();
  return (
    <Group gap="xs">
      {doc ? (
        <Anchor component={Link} to={`/van-ban/${doc.id}`}>
          {label}
        </Anchor>
      ) : (
        <Text>{label}</Text>
      )}
      {doc && <Badge variant="light">{t(`ui.congress.prep.draftStatus.${doc.status}` as MessageKey)}</Badge>}
      {doc?.numberText && (
        <Text size="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
          {doc.numberText}
        </Text>
      )}
    </Group>
  );
}

function Drafts({ prep, manage, refresh }: { prep: PreparationView; manage: boolean; refresh: () => void }) {
  const t = useT();
  const form = useApiForm(
    () => api.post(`/api/congress-preparations/${prep.id}/drafts`, {}),
    () => {
      notifySuccess(t("ui.congress.prep.generated"));
      refresh();
    },
  );
  const any = DRAFTS.some((k) => prep.drafts[k]);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2}>{t("ui.congress.prep.documents")}</Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t("ui.congress.prep.documentsHelp")}
      </Text>
      <Stack gap="xs">
        {DRAFTS.map((k) => (
          <DocumentLine key={k} label={t(`ui.congress.prep.draft.${k}`)} doc={prep.drafts[k]} />
        ))}
        <Minutes prep={prep} manage={manage} refresh={refresh} />
        {manage && !any && (
          <>
            <FormError form={form} />
            <Button onClick={() => void form.run()} loading={form.busy}>
              {t("ui.congress.prep.generate")}
            </Button>
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** The congress's minutes, written from the day's record into the register from the day on (ADR 0171). */
function Minutes({ prep, manage, refresh }: { prep: PreparationView; manage: boolean; refresh: () => void }) {
  const t = useT();
  const form = useApiForm(
    () => api.post(`/api/congress-preparations/${prep.id}/minutes`, {}),
    () => {
      notifySuccess(t("ui.congress.prep.minutesComposed"));
      refresh();
    },
  );
  if (prep.drafts.minutes)
    return <DocumentLine label={t("ui.congress.prep.draft.minutes")} doc={prep.drafts.minutes} />;
  return (
    <Stack gap={4} data-testid="congress-minutes">
      <Text>{t("ui.congress.prep.draft.minutes")}</Text>
      <Text size="sm" c="dimmed">
        {t("ui.congress.prep.minutesOnDay", { date: formatDate(prep.congressOn) })}{" "}
        {t("ui.congress.prep.congressSequence")}
      </Text>
      {manage && prep.minutesDue && (
        <>
          <FormError form={form} />
          <Button variant="outline" onClick={() => void form.run()} loading={form.busy}>
            {t("ui.congress.prep.composeMinutes")}
          </Button>
        </>
      )}
    </Stack>
  );
}

function Quotas({ prep, manage, refresh }: { prep: PreparationView; manage: boolean; refresh: () => void }) {
  const t = useT();
  const [quotas, setQuotas] = useState<Record<string, number | string>>(() =>
    Object.fromEntries(prep.quotas.map((q) => [q.cellId, q.quota ?? ""])),
  );
  const form = useApiForm(
    () =>
      api.put(`/api/congress-preparations/${prep.id}/quotas`, {
        quotas: Object.entries(quotas)
          .filter(([, v]) => v !== "")
          .map(([cellId, quota]) => ({ cellId, quota: Number(quota) })),
      }),
    () => {
      notifySuccess(t("ui.congress.prep.quotasSaved"));
      refresh();
    },
  );
  return (
    <Stack gap="xs" component="form" onSubmit={form.run}>
      {prep.quotas.map((q, i) => (
        <Group key={q.cellId} justify="space-between" wrap="nowrap" align="flex-end">
          <Text size="sm" style={{ minWidth: 0 }}>
            {t("ui.congress.prep.quotaLine", {
              cell: q.cellName,
              officials: q.officials,
              quota: q.quota ?? t("ui.congress.prep.noQuota"),
              alternates: q.alternates,
            })}
          </Text>
          {manage && (
            <NumberInput
              w={64}
              min={0}
              hideControls
              aria-label={q.cellName}
              value={quotas[q.cellId] ?? ""}
              onChange={(v) => setQuotas({ ...quotas, [q.cellId]: v })}
              error={form.errors[`quotas.${i}.quota`] ?? form.errors[`quotas.${i}.cellId`]}
            />
          )}
        </Group>
      ))}
      {manage && prep.quotas.length > 0 && (
        <>
          <FormError form={form} />
          <Button type="submit" variant="outline" loading={form.busy}>
            {t("ui.congress.prep.saveQuotas")}
          </Button>
        </>
      )}
    </Stack>
  );
}

function DelegateLine({
  d,
  manage,
  onDay,
  refresh,
}: {
  d: PreparationView["delegates"][number];
  manage: boolean;
  onDay: boolean;
  refresh: () => void;
}) {
  const t = useT();
  const credential = useApiForm(
    () => api.post(`/api/congress-delegates/${d.id}/credential`, { credential: "accepted", version: d.version }),
    refresh,
  );
  const attendance = useApiForm(
    () => api.post(`/api/congress-delegates/${d.id}/attendance`, { present: !d.present, version: d.version }),
    refresh,
  );
  return (
    <Paper withBorder p="xs" radius="md">
      <Text fw={600}>{d.fullName}</Text>
      <Group gap={6}>
        <Text size="sm" c="dimmed">
          {d.cellName} · {t(`ui.congress.prep.kind.${d.kind}`)}
        </Text>
        <Badge variant="light" color={d.credential === "rejected" ? "red" : undefined}>
          {t(`ui.congress.prep.credential.${d.credential}`)}
        </Badge>
        {onDay && (
          <Badge variant="outline">{t(d.present ? "ui.congress.prep.present" : "ui.congress.prep.absent")}</Badge>
        )}
      </Group>
      {manage && (
        <Group gap="xs" mt={4}>
          {d.credential === "pending" && (
            <Button size="xs" variant="outline" onClick={() => void credential.run()} loading={credential.busy}>
              {t("ui.congress.prep.credential.accepted")}
            </Button>
          )}
          {onDay && d.credential !== "rejected" && (
            <Button size="xs" variant="outline" onClick={() => void attendance.run()} loading={attendance.busy}>
              {t(d.present ? "ui.congress.prep.absent" : "ui.congress.prep.present")}
            </Button>
          )}
        </Group>
      )}
    </Paper>
  );
}

function CongressDay({ prep, manage, refresh }: { prep: PreparationView; manage: boolean; refresh: () => void }) {
  const t = useT();
  const options = prep.delegates
    .filter((d) => d.credential !== "rejected")
    .map((d) => ({ value: d.memberId, label: d.fullName }));
  const [presidium, setPresidium] = useState(prep.presidium);
  const [secretariat, setSecretariat] = useState(prep.secretariat);
  const [countingBoard, setCountingBoard] = useState(prep.countingBoard);
  const [agenda, setAgenda] = useState(prep.agenda.join("\n"));
  const lines = agenda
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const form = useApiForm(
    () =>
      api.put(`/api/congress-preparations/${prep.id}/day`, {
        presidium,
        secretariat,
        countingBoard,
        agenda: lines,
        version: prep.version,
      }),
    () => {
      notifySuccess(t("ui.congress.prep.daySaved"));
      refresh();
    },
  );
  const select = (
    label: MessageKey,
    value: string[],
    set: (v: string[]) => void,
    field: "presidium" | "secretariat" | "countingBoard",
  ) => (
    <MultiSelect
      label={t(label)}
      data={options}
      value={value}
      onChange={set}
      disabled={!manage}
      searchable
      error={form.errors[field] ?? Object.entries(form.errors).find(([k]) => k.startsWith(`${field}.`))?.[1]}
    />
  );
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="xs">
        <Title order={2}>{t("ui.congress.prep.day")}</Title>
        <Button component={Link} to={`/hoi-truong/${prep.id}`} variant="default" size="sm">
          {t("ui.congress.prep.hall")}
        </Button>
      </Group>
      <Stack gap="xs" component="form" onSubmit={form.run}>
        {select("ui.congress.prep.presidium", presidium, setPresidium, "presidium")}
        {select("ui.congress.prep.secretariat", secretariat, setSecretariat, "secretariat")}
        {select("ui.congress.prep.countingBoard", countingBoard, setCountingBoard, "countingBoard")}
        <Textarea
          label={t("ui.congress.prep.agenda")}
          value={agenda}
          onChange={(e) => setAgenda(e.currentTarget.value)}
          autosize
          minRows={4}
          disabled={!manage}
          error={form.errors.agenda}
        />
        {manage && (
          <>
            <FormError form={form} />
            <Button type="submit" loading={form.busy}>
              {t("ui.congress.prep.saveDay")}
            </Button>
          </>
        )}
      </Stack>
      {manage && prep.agenda.length > 0 && (
        <Stack gap={4} mt="md">
          {prep.agenda.map((item, index) => (
            <ShowItem key={index} prep={prep} index={index} item={item} refresh={refresh} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function ShowItem({
  prep,
  index,
  item,
  refresh,
}: {
  prep: PreparationView;
  index: number;
  item: string;
  refresh: () => void;
}) {
  const t = useT();
  const form = useApiForm(
    () => api.post(`/api/congress-preparations/${prep.id}/current-item`, { index, version: prep.version }),
    refresh,
  );
  const current = prep.currentItem === index;
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text size="sm" fw={current ? 700 : 400}>
        {index + 1}. {item}
      </Text>
      {!current && (
        <Button size="xs" variant="light" onClick={() => void form.run()} loading={form.busy} style={{ flexShrink: 0 }}>
          {t("ui.congress.prep.show")}
        </Button>
      )}
    </Group>
  );
}

export function PreparationPage() {
  const { id = "" } = useParams();
  const t = useT();
  const refresh = useRefresh(id);
  const prep = useQuery({
    queryKey: ["congress-preparation", id],
    queryFn: () => api.get<PreparationView>(`/api/congress-preparations/${id}`),
  });
  const org = useQuery({
    queryKey: ["organization", prep.data?.organizationId],
    enabled: !!prep.data,
    queryFn: () => api.get<{ permissions: Record<string, boolean> }>(`/api/organizations/${prep.data!.organizationId}`),
  });
  usePageTitle(t("ui.congress.prep.title"));
  if (prep.isPending) return <PageLoader />;
  if (prep.isError) return <PageError error={prep.error} onRetry={() => void prep.refetch()} />;
  const p = prep.data;
  const manage = !!org.data?.permissions["plan.manage"];
  const onDay = p.congressOn === todayIso();
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t("ui.congress.prep.title")}
        </Title>
        <Text>{p.organizationName}</Text>
        <Text fw={600}>{t("ui.congress.prep.line", { date: formatDate(p.congressOn), term: p.nextTermLabel })}</Text>
      </div>
      <Paper withBorder p="md" radius="md">
        <Title order={2} mb="xs">
          {t("ui.congress.prep.plan")}
        </Title>
        <Stack gap="xs">
          {p.steps.map((s) => (
            <StepLine key={s.id} step={s} manage={manage} refresh={refresh} />
          ))}
        </Stack>
      </Paper>
      <Drafts prep={p} manage={manage} refresh={refresh} />
      <Paper withBorder p="md" radius="md">
        <Title order={2} mb="xs">
          {t("ui.congress.prep.delegates")}
        </Title>
        <Text size="sm" mb="xs">
          {t("ui.congress.prep.attendance", { present: p.attendance.present, expected: p.attendance.expected })}
        </Text>
        {p.organizationKind === "party_committee" && <Quotas prep={p} manage={manage} refresh={refresh} />}
        <Stack gap={6} mt="sm">
          {p.delegates.map((d) => (
            <DelegateLine key={d.id} d={d} manage={manage} onDay={onDay} refresh={refresh} />
          ))}
        </Stack>
      </Paper>
      <CongressDay key={p.version} prep={p} manage={manage} refresh={refresh} />
      <ElectionsCard
        key={p.countingBoard.join()}
        orgId={p.organizationId}
        heldOn={p.congressOn}
        termLabel={p.nextTermLabel}
        board={p.countingBoard}
        attendance={p.attendance}
        manage={manage}
      />
    </Stack>
  );
}

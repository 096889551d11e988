/**
 * Personal yearly work plans ([001], [004]): each member registers the year's work items, linked where possible
 * to the cell's plan; the secretary sees who has registered and reviews the items at year end.
 */
import { useState } from "react";
import { Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router";
import { api, ApiError } from "../../../web/api";
import { useCurrentUser } from "../../../web/auth";
import { DateField } from "../../../web/dates";
import { FormModal } from "../../../web/FormModal";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { NotFoundPage } from "../../../web/pages/NotFoundPage";
import { notifySuccess, orNull, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import { useMemberChoices } from "../../members/ui/queries";
import { useOrganization } from "../../organizations/ui/queries";
import { usePlans } from "./shared";

interface PersonalItem {
  what: string;
  dueOn: string | null;
  planItemId: string | null;
  result: string | null;
}
interface PersonalPlan {
  id: string;
  memberId: string;
  fullName: string;
  year: number;
  items: PersonalItem[];
  registeredOn: string;
  reviewedOn: string | null;
  reviewNote: string | null;
  version: number;
}
interface PlanItemChoice {
  value: string;
  label: string;
}

const personalKey = (org: string, year: number) => ["plans", org, "personal", year] as const;

/** The open items of the cell's plans that run in the year, to link a personal item to. */
function usePlanItemChoices(orgId: string, year: number): PlanItemChoice[] {
  const plans = usePlans(orgId);
  const inYear = (plans.data?.items ?? []).filter((p) => p.startsOn <= `${year}-12-31` && p.endsOn >= `${year}-01-01`);
  const details = useQueries({
    queries: inYear.map((p) => ({
      queryKey: ["plan", p.id],
      queryFn: () =>
        api.get<{ id: string; title: string; items: { id: string; what: string; closedOn: string | null }[] }>(
          `/api/plans/${p.id}`,
        ),
    })),
  });
  return details.flatMap((d) =>
    d.data
      ? d.data.items.filter((i) => !i.closedOn).map((i) => ({ value: i.id, label: `${i.what} (${d.data.title})` }))
      : [],
  );
}

export function PersonalPlansPage() {
  const { id = "" } = useParams();
  const t = useT();
  const me = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const thisYear = Number(todayIso().slice(0, 4));
  const year = Number(search.get("nam")) || thisYear;
  const org = useOrganization(id);
  const list = useQuery({
    queryKey: personalKey(id, year),
    queryFn: () =>
      api.get<{ year: number; items: PersonalPlan[] }>(`/api/organizations/${id}/personal-plans?year=${year}`),
  });
  const members = useMemberChoices(id);
  const choices = usePlanItemChoices(id, year);
  const [open, setOpen] = useState<{ kind: "register" } | { kind: "review"; plan: PersonalPlan } | null>(null);
  usePageTitle(t("ui.plans.personal.title"));
  if (org.isPending || list.isPending) return <PageLoader />;
  if (org.isError)
    return org.error instanceof ApiError && org.error.status === 404 ? (
      <NotFoundPage />
    ) : (
      <PageError error={org.error} />
    );
  if (list.isError) return <PageError error={list.error} onRetry={() => void list.refetch()} />;
  const o = org.data;
  const manage = !!(o.permissions as Record<string, boolean>)["plan.manage"];
  const registered = new Map(list.data.items.map((p) => [p.memberId, p]));
  const mine = me.member && me.member.organizationId === o.id ? (registered.get(me.member.id) ?? null) : undefined;
  const roster = members.data?.items ?? [];
  const labelOf = new Map(choices.map((c) => [c.value, c.label]));

  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={`/to-chuc/${o.id}?tab=ke-hoach`}>
          ← {o.name}
        </Anchor>
        <Title order={1} mt={4}>
          {t("ui.plans.personal.title")}
        </Title>
      </div>
      <Select
        label={t("fields.year")}
        data={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: String(y), label: String(y) }))}
        value={String(year)}
        onChange={(v) => v && setSearch({ nam: v }, { replace: true })}
        allowDeselect={false}
        w={160}
      />

      {mine !== undefined && (
        <Paper withBorder p="md" radius="md" component="section" aria-label={t("ui.plans.personal.mine")}>
          <Title order={2} size="h3" mb="xs">
            {t("ui.plans.personal.mine")}
          </Title>
          {mine ? (
            <PersonalItems plan={mine} labelOf={labelOf} />
          ) : (
            <Text c="dimmed">{t("ui.plans.personal.notYet", { year })}</Text>
          )}
          {!mine?.reviewedOn && (
            <Button mt="sm" onClick={() => setOpen({ kind: "register" })}>
              {t(mine ? "ui.plans.personal.edit" : "ui.plans.personal.register")}
            </Button>
          )}
        </Paper>
      )}

      <Paper withBorder p="md" radius="md" component="section" aria-label={t("ui.plans.personal.who")}>
        <Title order={2} size="h3" mb="xs">
          {t("ui.plans.personal.who")}
        </Title>
        <Text fw={700} mb="sm">
          {t("ui.plans.personal.count", {
            done: roster.filter((m) => registered.has(m.id)).length,
            total: roster.length,
          })}
        </Text>
        <Stack gap="xs" component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {roster.map((m) => {
            const plan = registered.get(m.id);
            return (
              <Paper key={m.id} component="li" withBorder p="sm" radius="md" data-testid="personal-row">
                <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                  <Text fw={600} style={{ minWidth: 0 }}>
                    {m.fullName}
                  </Text>
                  <Badge
                    color={plan?.reviewedOn ? "teal.9" : plan ? "brand.8" : "gray.7"}
                    variant={plan ? "filled" : "outline"}
                    bg={plan ? undefined : "white"}
                    style={{ flexShrink: 0 }}
                  >
                    {t(
                      plan?.reviewedOn
                        ? "ui.plans.personal.reviewed"
                        : plan
                          ? "ui.plans.personal.registered"
                          : "ui.plans.personal.missing",
                    )}
                  </Badge>
                </Group>
                {plan && (
                  <Text size="sm" c="dimmed">
                    {t("ui.plans.personal.registeredOn", { date: formatDate(plan.registeredOn) })}
                    {plan.reviewedOn
                      ? ` · ${t("ui.plans.personal.reviewedOn", { date: formatDate(plan.reviewedOn) })}`
                      : ""}
                  </Text>
                )}
                {plan && plan.items.length > 0 && plan.memberId !== me.member?.id && (
                  <PersonalItems plan={plan} labelOf={labelOf} />
                )}
                {plan && manage && !plan.reviewedOn && (
                  <Button size="sm" variant="light" mt="xs" onClick={() => setOpen({ kind: "review", plan })}>
                    {t("ui.plans.personal.review")}
                  </Button>
                )}
              </Paper>
            );
          })}
        </Stack>
      </Paper>

      {open?.kind === "register" && (
        <RegisterForm orgId={o.id} year={year} current={mine ?? null} choices={choices} onClose={() => setOpen(null)} />
      )}
      {open?.kind === "review" && (
        <ReviewForm orgId={o.id} plan={open.plan} labelOf={labelOf} onClose={() => setOpen(null)} />
      )}
    </Stack>
  );
}

function PersonalItems({ plan, labelOf }: { plan: PersonalPlan; labelOf: Map<string, string> }) {
  const t = useT();
  return (
    <Stack gap={6} mt="xs" component="ol" style={{ margin: 0, paddingLeft: "1.2rem" }}>
      {plan.items.map((item, i) => (
        <li key={i}>
          <Text size="sm" fw={600}>
            {item.what}
          </Text>
          <Text size="sm" c="dimmed">
            {[
              item.dueOn ? t("ui.plans.checklist.due", { date: formatDate(item.dueOn) }) : null,
              item.planItemId ? t("ui.plans.personal.linked", { item: labelOf.get(item.planItemId) ?? "…" }) : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </Text>
          {item.result && <Text size="sm">{t("ui.plans.personal.result", { result: item.result })}</Text>}
        </li>
      ))}
      {plan.reviewNote && (
        <Text size="sm" fw={600} mt={4}>
          {t("ui.plans.personal.note", { note: plan.reviewNote })}
        </Text>
      )}
    </Stack>
  );
}

interface ItemDraft {
  what: string;
  dueOn: string | null;
  planItemId: string | null;
}

function RegisterForm({
  orgId,
  year,
  current,
  choices,
  onClose,
}: {
  orgId: string;
  year: number;
  current: PersonalPlan | null;
  choices: PlanItemChoice[];
  onClose: () => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const [items, setItems] = useState<ItemDraft[]>(
    current?.items.map((i) => ({ what: i.what, dueOn: i.dueOn, planItemId: i.planItemId })) ?? [
      { what: "", dueOn: null, planItemId: null },
    ],
  );
  const form = useApiForm(
    () =>
      api.post(`/api/organizations/${orgId}/personal-plans`, {
        year,
        items: items
          .filter((i) => i.what.trim() || i.planItemId || i.dueOn)
          .map((i) => ({ what: i.what, dueOn: i.dueOn, planItemId: i.planItemId })),
      }),
    () => {
      void qc.invalidateQueries({ queryKey: personalKey(orgId, year) });
      notifySuccess(t("ui.plans.personal.saved"));
      onClose();
    },
  );
  const e = form.errors;
  const set = (i: number, patch: Partial<ItemDraft>) =>
    setItems(items.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.plans.personal.formTitle", { year })}
      submitLabel={t("ui.plans.personal.send")}
      busy={form.busy}
      onSubmit={form.run}
    >
      <Text size="sm" c="dimmed">
        {t("ui.plans.personal.help")}
      </Text>
      {e.items && (
        <Alert color="red" variant="light" role="alert">
          {e.items}
        </Alert>
      )}
      {items.map((x, i) => (
        <Paper key={i} withBorder p="sm" radius="md">
          <Stack gap="xs">
            <Textarea
              label={t("ui.plans.personal.itemLabel", { n: i + 1 })}
              value={x.what}
              onChange={(ev) => set(i, { what: ev.currentTarget.value })}
              required
              autosize
              minRows={2}
              error={e[`items.${i}.what`]}
            />
            <Select
              label={t("fields.planItemId")}
              description={t("ui.plans.personal.linkHelp")}
              data={choices}
              value={x.planItemId}
              onChange={(v) =>
                set(i, {
                  planItemId: v,
                  what: x.what || (v ? (choices.find((c) => c.value === v)?.label.replace(/ \(.*\)$/, "") ?? "") : ""),
                })
              }
              clearable
              searchable
              nothingFoundMessage={t("ui.plans.personal.noPlanItems")}
              error={e[`items.${i}.planItemId`]}
              comboboxProps={{ withinPortal: true }}
            />
            <DateField
              label={t("fields.dueOn")}
              value={x.dueOn}
              onChange={(v) => set(i, { dueOn: v })}
              error={e[`items.${i}.dueOn`]}
            />
            {items.length > 1 && (
              <Button
                variant="subtle"
                color="red.9"
                size="sm"
                onClick={() => setItems(items.filter((_, j) => j !== i))}
              >
                {t("ui.plans.personal.removeItem")}
              </Button>
            )}
          </Stack>
        </Paper>
      ))}
      <Button variant="subtle" onClick={() => setItems([...items, { what: "", dueOn: null, planItemId: null }])}>
        {t("ui.plans.personal.addItem")}
      </Button>
    </FormModal>
  );
}

function ReviewForm({
  orgId,
  plan,
  labelOf,
  onClose,
}: {
  orgId: string;
  plan: PersonalPlan;
  labelOf: Map<string, string>;
  onClose: () => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const [on, setOn] = useState<string | null>(todayIso());
  const [results, setResults] = useState<string[]>(plan.items.map((i) => i.result ?? ""));
  const [note, setNote] = useState(plan.reviewNote ?? "");
  const form = useApiForm(
    () =>
      api.post(`/api/personal-plans/${plan.id}/review`, {
        reviewedOn: on,
        reviewNote: orNull(note),
        results: results.map(orNull),
        version: plan.version,
      }),
    () => {
      void qc.invalidateQueries({ queryKey: personalKey(orgId, plan.year) });
      notifySuccess(t("ui.plans.personal.reviewSaved"));
      onClose();
    },
  );
  const e = form.errors;
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.plans.personal.reviewTitle", { name: plan.fullName, year: plan.year })}
      submitLabel={t("ui.save")}
      busy={form.busy}
      onSubmit={form.run}
    >
      {plan.items.map((item, i) => (
        <Paper key={i} withBorder p="sm" radius="md">
          <Text fw={600}>
            {i + 1}. {item.what}
          </Text>
          {item.planItemId && (
            <Text size="sm" c="dimmed">
              {t("ui.plans.personal.linked", { item: labelOf.get(item.planItemId) ?? "…" })}
            </Text>
          )}
          <Textarea
            mt="xs"
            label={t("ui.plans.personal.resultLabel")}
            value={results[i] ?? ""}
            onChange={(ev) => setResults(results.map((r, j) => (j === i ? ev.currentTarget.value : r)))}
            autosize
            error={e[`results.${i}`]}
          />
        </Paper>
      ))}
      <Textarea
        label={t("fields.reviewNote")}
        value={note}
        onChange={(ev) => setNote(ev.currentTarget.value)}
        autosize
        minRows={2}
        error={e.reviewNote}
      />
      <DateField label={t("fields.reviewedOn")} value={on} onChange={setOn} required error={e.reviewedOn} />
    </FormModal>
  );
}

import { useState } from "react";
import { Anchor, Badge, Button, Paper, Radio, Stack, Text, TextInput, Title, Group } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, useT } from "../../../web/i18n";
import { FormError, notifySuccess, orNull, useApiForm } from "../../../web/ui";
import type { CellDelegatesView, PreparationView } from "../preparation-present";

// The organisation page's card: the congresses being prepared, a form to start one, and (for a cell under a đảng bộ)
// the choice of its delegates to the đảng bộ's congress.

export function PreparationCard({ orgId, manage }: { orgId: string; manage: boolean }) {
  const t = useT();
  const client = useQueryClient();
  const key = ["congress-preparations", orgId];
  const list = useQuery({
    queryKey: key,
    queryFn: () => api.get<{ items: PreparationView[] }>(`/api/organizations/${orgId}/congress-preparations`),
  });
  const delegates = useQuery({
    queryKey: ["congress-delegates", orgId],
    queryFn: () => api.get<{ items: CellDelegatesView[] }>(`/api/organizations/${orgId}/congress-delegates`),
  });
  const [congressOn, setCongressOn] = useState<string | null>(null);
  const [nextTermLabel, setNextTermLabel] = useState("");
  const [place, setPlace] = useState("");
  const form = useApiForm(
    () =>
      api.post(`/api/organizations/${orgId}/congress-preparations`, {
        congressOn,
        nextTermLabel,
        place: orNull(place),
      }),
    () => void client.invalidateQueries({ queryKey: key }),
  );
  const items = list.data?.items ?? [];
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} mb="xs">
        {t("ui.congress.prep.title")}
      </Title>
      <Stack gap="sm">
        {items.length === 0 && <Text c="dimmed">{t("ui.congress.prep.none")}</Text>}
        {items.map((p) => (
          <Paper key={p.id} withBorder p="sm" radius="md">
            <Anchor component={Link} to={`/dai-hoi/${p.id}`} fw={700}>
              {t("ui.congress.prep.line", { date: formatDate(p.congressOn), term: p.nextTermLabel })}
            </Anchor>
            <Text size="sm" c="dimmed">
              {p.steps.filter((s) => s.done).length}/{p.steps.length} · {t("ui.congress.prep.stage.overdue")}:{" "}
              {p.steps.filter((s) => s.stage === "overdue").length}
            </Text>
          </Paper>
        ))}
        {(delegates.data?.items ?? []).map((d) => (
          <DelegateChoice key={d.preparationId} view={d} manage={manage} />
        ))}
        {manage && (
          <Stack gap="xs" component="form" onSubmit={form.run}>
            <Title order={3}>{t("ui.congress.prep.start")}</Title>
            <DateField
              label={t("ui.congress.prep.congressOn")}
              value={congressOn}
              onChange={setCongressOn}
              error={form.errors.congressOn}
              required
            />
            <TextInput
              label={t("ui.congress.prep.nextTerm")}
              value={nextTermLabel}
              onChange={(e) => setNextTermLabel(e.currentTarget.value)}
              error={form.errors.nextTermLabel}
              required
            />
            <TextInput
              label={t("ui.congress.prep.place")}
              value={place}
              onChange={(e) => setPlace(e.currentTarget.value)}
              error={form.errors.place}
            />
            <FormError form={form} />
            <Button type="submit" loading={form.busy}>
              {t("ui.congress.prep.start")}
            </Button>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

type Choice = "official" | "alternate" | "none";

/** A cell's choice of delegates to its đảng bộ's congress: one line per full member. */
function DelegateChoice({ view, manage }: { view: CellDelegatesView; manage: boolean }) {
  const t = useT();
  const client = useQueryClient();
  const [choice, setChoice] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(view.delegates.map((d) => [d.memberId, d.kind])),
  );
  const form = useApiForm(
    () =>
      api.put(`/api/congress-preparations/${view.preparationId}/cells/${view.cellId}/delegates`, {
        delegates: Object.entries(choice)
          .filter(([, kind]) => kind !== "none")
          .map(([memberId, kind]) => ({ memberId, kind })),
      }),
    () => {
      notifySuccess(t("ui.congress.prep.delegatesSaved"));
      void client.invalidateQueries({ queryKey: ["congress-delegates", view.cellId] });
    },
  );
  return (
    <Paper withBorder p="sm" radius="md" component="form" onSubmit={form.run}>
      <Text fw={700}>{t("ui.congress.prep.chooseTitle", { date: formatDate(view.congressOn) })}</Text>
      <Text size="sm" mb="xs">
        {view.quota === null
          ? t("errors.congress_no_quota")
          : t("ui.congress.prep.quota", { quota: view.quota, alternates: view.maxAlternates })}
      </Text>
      <Stack gap={6}>
        {view.members.map((m, i) => (
          <Radio.Group
            key={m.id}
            label={m.fullName}
            value={choice[m.id] ?? "none"}
            onChange={(v) => setChoice({ ...choice, [m.id]: v as Choice })}
            error={form.errors[`delegates.${i}.memberId`]}
          >
            <Group gap="md" mt={4}>
              <Radio value="official" label={t("ui.congress.prep.kind.official")} disabled={!manage} />
              <Radio value="alternate" label={t("ui.congress.prep.kind.alternate")} disabled={!manage} />
              <Radio value="none" label={t("ui.congress.prep.notChosen")} disabled={!manage} />
            </Group>
          </Radio.Group>
        ))}
      </Stack>
      {view.delegates.length > 0 && (
        <Group gap={4} mt="xs">
          {view.delegates.map((d) => (
            <Badge key={d.memberId} variant="light">
              {d.fullName} · {t(`ui.congress.prep.kind.${d.kind}`)}
            </Badge>
          ))}
        </Group>
      )}
      {form.errors.delegates && (
        <Text c="red.8" size="sm">
          {form.errors.delegates}
        </Text>
      )}
      {manage && (
        <>
          <FormError form={form} />
          <Button type="submit" mt="xs" loading={form.busy}>
            {t("ui.congress.prep.saveDelegates")}
          </Button>
        </>
      )}
    </Paper>
  );
}

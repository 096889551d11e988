import { useState } from "react";
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../../web/api";
import { formatDate, todayIso, useT, type MessageKey } from "../../../web/i18n";
import { notifySuccess, useNotifyError } from "../../../web/ui";
import type { ReviewListItem } from "../../reviews/present";

type ReviewRow = ReviewListItem;

/** Review reports (sơ kết): draft this month's from the facts, then "Ban hành" as a BC document. */
export function ReviewsCard({ orgId, manage }: { orgId: string; manage: boolean }) {
  const t = useT();
  const qc = useQueryClient();
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState<string | null>(null);
  const key = ["reviews", orgId];
  const list = useQuery({
    queryKey: key,
    queryFn: () => api.get<{ items: ReviewRow[] }>(`/api/organizations/${orgId}/reviews`),
  });
  const run = async (id: string, action: () => Promise<unknown>) => {
    setBusy(id);
    try {
      await action();
      await qc.invalidateQueries({ queryKey: key });
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };
  const draftMonth = () => {
    const today = todayIso();
    return run("new", () =>
      api.post(`/api/organizations/${orgId}/reviews`, {
        kind: "monthly",
        periodStart: `${today.slice(0, 7)}-01`,
        periodEnd: today,
      }),
    );
  };
  const issue = (r: ReviewRow) =>
    run(r.id, async () => {
      const row = await api.post<{ document: { numberText: string } }>(`/api/reviews/${r.id}/issue`, {
        issuedOn: todayIso(),
        version: r.version,
      });
      notifySuccess(t("ui.plans.issuedAs", { number: row.document.numberText }));
    });
  const items = list.data?.items ?? [];
  return (
    <Paper withBorder p="md" radius="md" data-testid="reviews">
      <Group justify="space-between" mb="xs">
        <Title order={2}>{t("ui.plans.reviews.title")}</Title>
        {manage && (
          <Button variant="outline" loading={busy === "new"} onClick={() => void draftMonth()}>
            {t("ui.plans.reviews.draftMonth")}
          </Button>
        )}
      </Group>
      {items.length === 0 && <Text c="dimmed">{t("ui.plans.reviews.none")}</Text>}
      <Stack gap="xs">
        {items.map((r) => (
          <Paper key={r.id} withBorder p="sm" radius="md">
            <Group justify="space-between" align="flex-start">
              <Text fw={600}>
                {t(`ui.plans.reviews.kind.${r.kind}` as MessageKey)} {formatDate(r.periodStart)} –{" "}
                {formatDate(r.periodEnd)}
              </Text>
              <Badge variant="outline" color={r.state === "issued" ? "teal.9" : "gray.7"} bg="white">
                {t(r.state === "issued" ? "ui.plans.plan.issued" : "ui.plans.plan.draft")}
              </Badge>
            </Group>
            {r.documentId && (
              <Anchor component={Link} to={`/van-ban/${r.documentId}`}>
                {t("ui.plans.openDocument")}
              </Anchor>
            )}
            {manage && r.state === "draft" && (
              <Button mt="xs" size="md" color="teal.9" loading={busy === r.id} onClick={() => void issue(r)}>
                {t("ui.plans.reviews.issue")}
              </Button>
            )}
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}

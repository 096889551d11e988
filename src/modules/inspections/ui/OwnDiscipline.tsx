import { useState } from "react";
import { Anchor, Badge, Box, Button, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../web/api";
import { formatDate, useT } from "../../../web/i18n";
import { FormError, InfoList, notifySuccess, useApiForm } from "../../../web/ui";
import type { OwnDisciplineWire } from "../present";
import { inspectionKeys, Opener, Prose } from "./shared";

// On the member's own record page: the discipline decided about them, its appeal deadline, and the form to appeal.
// Shown only to the member themself (the API answers each person with their own decisions alone).

const ownKey = [...inspectionKeys.all, "own-discipline"] as const;

function AppealForm({ d, onClose }: { d: OwnDisciplineWire; onClose: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const [text, setText] = useState("");
  const form = useApiForm(
    () => api.post(`/api/discipline/${d.id}/own-appeal`, { text, version: d.version }),
    () => {
      notifySuccess(t("ui.inspAppeals.sent"));
      void client.invalidateQueries({ queryKey: ownKey });
      onClose();
    },
  );
  return (
    <Box component="form" onSubmit={form.run} noValidate data-testid="appeal-form">
      <Stack gap="xs">
        <Text size="sm">{t("ui.inspAppeals.lodgeHelp")}</Text>
        <Textarea
          label={t("ui.inspAppeals.reason")}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={form.errors.text}
          autosize
          minRows={4}
          required
        />
        <FormError form={form} />
        <Group gap="sm">
          <Button type="submit" loading={form.busy}>
            {t("ui.inspAppeals.send")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}

/** The outcome of an appeal, or that it waits, with its resolution deadline: the same lines for the member and UBKT. */
type AppealView = Pick<
  OwnDisciplineWire,
  "appealedOn" | "appealResolveBy" | "appealOutcome" | "appealForm" | "appealResolvedOn" | "appealResolutionText"
>;

export function appealLines(t: ReturnType<typeof useT>, d: AppealView) {
  if (!d.appealedOn) return [];
  return [
    { label: t("ui.insp.appealedOn"), value: formatDate(d.appealedOn) },
    { label: t("ui.inspAppeals.resolveBy"), value: formatDate(d.appealResolveBy) },
    {
      label: t("ui.inspAppeals.outcomeLabel"),
      value: d.appealOutcome
        ? `${t(`ui.inspAppeals.outcome.${d.appealOutcome}`)}${d.appealForm ? ` — ${t(`ui.insp.form.${d.appealForm}`)}` : ""}`
        : t("ui.inspAppeals.pending"),
    },
    ...(d.appealResolvedOn ? [{ label: t("ui.inspAppeals.resolvedOn"), value: formatDate(d.appealResolvedOn) }] : []),
    ...(d.appealResolutionText
      ? [{ label: t("ui.inspAppeals.resolutionText"), value: <Prose>{d.appealResolutionText}</Prose> }]
      : []),
  ];
}

/** The UBKT's notice of the appeal's resolution, once it is numbered (ADR 0165). */
export function ResolutionNoticeLink({ d }: { d: Pick<OwnDisciplineWire, "id" | "appealNumberText"> }) {
  const t = useT();
  if (!d.appealNumberText) return null;
  return (
    <Anchor href={`/api/discipline/${d.id}/appeal-resolution/file/pdf`} size="sm" py={6}>
      {t("ui.inspSup.resolutionNotice", { number: d.appealNumberText })}
    </Anchor>
  );
}

function Decision({ d }: { d: OwnDisciplineWire }) {
  const t = useT();
  return (
    <Stack gap={6} data-testid="own-discipline">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Text fw={700} style={{ minWidth: 0 }}>
          {d.numberText ?? t("ui.insp.discipline")}
        </Text>
        {d.form && (
          <Badge color="red.9" variant="filled" style={{ flexShrink: 0 }}>
            {t(`ui.insp.form.${d.form}`)}
          </Badge>
        )}
      </Group>
      <InfoList
        items={[
          { label: t("ui.insp.decidingBody"), value: d.body ? t(`ui.insp.dbody.${d.body}`) : "" },
          { label: t("ui.insp.decidedOn"), value: formatDate(d.decidedOn) },
          { label: t("ui.insp.reason"), value: <Prose>{d.reason}</Prose> },
          ...appealLines(t, d),
        ]}
      />
      {d.appealBy && !d.appealedOn && (
        <Text fw={700} c={d.mayAppeal ? "red.9" : "dimmed"}>
          {d.mayAppeal
            ? t("ui.inspAppeals.deadline", { date: formatDate(d.appealBy) })
            : `${t("ui.inspAppeals.deadline", { date: formatDate(d.appealBy) })} — ${t("ui.inspAppeals.windowClosed")}`}
        </Text>
      )}
      <Anchor href={`/api/discipline/${d.id}/file/pdf`} size="sm" py={6}>
        {t("ui.inspAppeals.download")}
      </Anchor>
      <ResolutionNoticeLink d={d} />
      {d.mayAppeal && (
        <Opener label={t("ui.inspAppeals.lodge")}>{(close) => <AppealForm d={d} onClose={close} />}</Opener>
      )}
    </Stack>
  );
}

/** Nothing at all when the member has no decision: the page says nothing of discipline to those without any. */
export function OwnDisciplineCard() {
  const t = useT();
  const list = useQuery({
    queryKey: ownKey,
    queryFn: () => api.get<{ items: OwnDisciplineWire[] }>("/api/me/discipline"),
  });
  if (!list.data || list.data.items.length === 0) return null;
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h3" mb="xs">
        {t("ui.inspAppeals.mine")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("ui.inspAppeals.mineHelp")}
      </Text>
      <Stack gap="lg">
        {list.data.items.map((d) => (
          <Decision key={d.id} d={d} />
        ))}
      </Stack>
    </Paper>
  );
}

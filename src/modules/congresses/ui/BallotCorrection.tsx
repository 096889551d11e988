import { useState } from "react";
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../web/api";
import { type MessageKey, useT } from "../../../web/i18n";
import { FormError, notifySuccess, useApiForm } from "../../../web/ui";
import { INVALID_REASONS, invalidByRule, type InvalidReason } from "../elections-model";
import type { BallotView, RoundView, RunningCount as Count } from "../elections-present";

// The counting board's view of a round still being counted: the count so far, read again every few seconds so each
// counter's device follows the others, and the correction of a ballot entered wrongly.

const countKey = (roundId: string) => ["elections", "count", roundId] as const;

/** The count so far, on every counter's device; corrections show at once on the others. */
export function RunningCount({
  round,
  names,
  order,
}: {
  round: RoundView;
  names: Map<string, string>;
  order: string[];
}) {
  const t = useT();
  const count = useQuery({
    queryKey: countKey(round.id),
    queryFn: () => api.get<Count>(`/api/election-rounds/${round.id}/count`),
    refetchInterval: 5000,
  });
  const c = count.data;
  if (!c) return null;
  return (
    <Paper withBorder p="sm" data-testid="running-count">
      <Stack gap={4}>
        <Title order={3} size="h4">
          {t("ui.elcorrect.count", { n: round.number })}
        </Title>
        <Text>{t("ui.elcorrect.countLine", { entered: c.entered, valid: c.valid, invalid: c.invalid })}</Text>
        {order
          .filter((id) => round.candidateIds.includes(id))
          .map((id) => (
            <Group key={id} justify="space-between" wrap="nowrap">
              <Text>{names.get(id)}</Text>
              <Text fw={600}>{c.votes[id] ?? 0}</Text>
            </Group>
          ))}
        {c.corrected.length > 0 && (
          <Text size="sm">{t("ui.elcorrect.corrected", { serials: c.corrected.join(", ") })}</Text>
        )}
        <Text size="xs" c="dimmed">
          {t("ui.elcorrect.boardOnly")}
        </Text>
      </Stack>
    </Paper>
  );
}

/**
 * A ballot entered wrongly: find it by its serial, set what the paper really says, and give the reason. The serial
 * stays; the server refuses if another counter corrected the same ballot meanwhile, or once the round is released.
 */
export function BallotCorrection({
  round,
  names,
  order,
}: {
  round: RoundView;
  names: Map<string, string>;
  order: string[];
}) {
  const t = useT();
  const client = useQueryClient();
  const candidates = order.filter((id) => round.candidateIds.includes(id));
  const [open, setOpen] = useState(false);
  const [serial, setSerial] = useState<number | string>("");
  const [ballot, setBallot] = useState<BallotView | null>(null);
  const [kept, setKept] = useState<Set<string>>(new Set());
  const [invalid, setInvalid] = useState<InvalidReason | null>(null);
  const [reason, setReason] = useState("");
  const byRule = invalidByRule(round.seats, [...kept]);
  const find = useApiForm(
    () => api.get<BallotView>(`/api/election-rounds/${round.id}/ballots/${Number(serial) || 0}`),
    (found) => {
      setBallot(found);
      setKept(new Set(found.kept));
      setInvalid(found.invalid === "too_many_names" ? null : found.invalid);
      setReason("");
    },
  );
  const save = useApiForm(
    () =>
      api.put<BallotView>(`/api/election-rounds/${round.id}/ballots/${ballot!.serial}`, {
        kept: candidates.filter((id) => kept.has(id)),
        invalid: invalid ?? byRule,
        reason,
        version: ballot!.version,
      }),
    (done) => {
      notifySuccess(t("ui.elcorrect.saved", { serial: done.serial }));
      setBallot(null);
      setSerial("");
      setOpen(false);
      void client.invalidateQueries({ queryKey: ["elections"] });
    },
  );
  if (!open)
    return (
      <Button variant="light" color="orange" onClick={() => setOpen(true)} data-testid="correct-ballot-open">
        {t("ui.elcorrect.open")}
      </Button>
    );
  const content = (b: BallotView) =>
    b.invalid
      ? t("ui.elcorrect.invalidAs", { reason: t(`ui.elections.invalid.${b.invalid}` as MessageKey) })
      : b.kept.length === 0
        ? t("ui.elcorrect.noneKept")
        : t("ui.elcorrect.validKept", { names: b.kept.map((id) => names.get(id)).join(", ") });
  const toggle = (id: string) =>
    setKept((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <Paper withBorder p="sm" data-testid="correct-ballot">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t("ui.elcorrect.title", { n: round.number })}
        </Title>
        <Text size="sm" c="dimmed">
          {t("ui.elcorrect.help")}
        </Text>
        <Stack gap="xs" component="form" onSubmit={find.run}>
          <NumberInput
            label={t("ui.elections.serial")}
            value={serial}
            onChange={(v) => {
              setSerial(v);
              setBallot(null);
            }}
            min={1}
            max={round.ballotsIssued}
            size="lg"
            error={find.errors.serial}
            inputMode="numeric"
          />
          <Button type="submit" variant="default" loading={find.busy} fullWidth>
            {t("ui.elcorrect.find")}
          </Button>
        </Stack>
        <FormError form={find} />
        {ballot && (
          <Stack gap="sm" component="form" onSubmit={save.run}>
            <Alert color="gray">
              {t("ui.elcorrect.asEntered", { content: content(ballot) })}
              {ballot.version > 1 && <Text size="sm">{t("ui.elcorrect.times", { times: ballot.version - 1 })}</Text>}
            </Alert>
            <Text size="sm" c="dimmed">
              {t("ui.elections.strikeHelp", { seats: round.seats })}
            </Text>
            <Stack gap={6}>
              {candidates.map((id) => (
                <Checkbox
                  key={id}
                  size="lg"
                  checked={kept.has(id)}
                  onChange={() => toggle(id)}
                  label={
                    <Text
                      size="lg"
                      td={kept.has(id) ? undefined : "line-through"}
                      c={kept.has(id) ? undefined : "dimmed"}
                    >
                      {names.get(id)}
                    </Text>
                  }
                />
              ))}
            </Stack>
            {save.errors.kept && <Text c="red.8">{save.errors.kept}</Text>}
            {byRule && <Alert color="orange">{t("ui.elections.invalidByRule", { seats: round.seats })}</Alert>}
            <Select
              label={t("ui.elections.invalid")}
              placeholder={t("ui.elections.valid")}
              clearable
              value={invalid}
              onChange={(v) => setInvalid(v as InvalidReason | null)}
              data={INVALID_REASONS.map((r) => ({ value: r, label: t(`ui.elections.invalid.${r}` as MessageKey) }))}
            />
            <Textarea
              label={t("ui.elcorrect.reason")}
              placeholder={t("ui.elcorrect.reasonPlaceholder")}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={save.errors.reason}
              autosize
              minRows={2}
              withAsterisk
            />
            <FormError form={save} />
            <Button type="submit" size="lg" color="orange" loading={save.busy} fullWidth>
              {t("ui.elcorrect.save")}
            </Button>
          </Stack>
        )}
        <Button variant="subtle" onClick={() => setOpen(false)}>
          {t("ui.elcorrect.cancel")}
        </Button>
      </Stack>
    </Paper>
  );
}

import { useState } from "react";
import { Alert, Button, Group, NumberInput, Paper, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../web/api";
import { useT } from "../../../web/i18n";
import { FormError, notifySuccess, useApiForm } from "../../../web/ui";
import type { CountingMode } from "../elections-model";
import type { ElectionDetail, MissingSerials as Missing, RoundView } from "../elections-present";

// The forms that run an election's rounds: open the next round, the board's tally, the serials still missing and the
// release of the result. The server decides each round's seats and candidates by the rulebook; the page says which.

/**
 * Sends a change, then reads the election back before the form is done: the next action (a release after a tally)
 * carries the round's new version.
 */
function useSendAndRead() {
  const client = useQueryClient();
  return async <T,>(send: () => Promise<T>) => {
    const result = await send();
    await client.invalidateQueries({ queryKey: ["elections"] });
    return result;
  };
}

/** Who stands in the round about to open: everyone at first, then the tied, or those not yet elected. */
function nextCandidates(election: ElectionDetail, last: RoundView | null): { seats: number; ids: string[] } {
  if (!last?.result) return { seats: election.seats, ids: election.candidates.map((c) => c.memberId) };
  if (last.result.outcome === "tie") return { seats: last.result.seatsLeft, ids: last.result.tied };
  const elected = new Set(last.result.elected.map((e) => e.memberId));
  return { seats: last.result.seatsLeft, ids: last.candidateIds.filter((id) => !elected.has(id)) };
}

export function OpenRoundForm({
  election,
  last,
  names,
}: {
  election: ElectionDetail;
  last: RoundView | null;
  names: Map<string, string>;
}) {
  const t = useT();
  const sendAndRead = useSendAndRead();
  const [mode, setMode] = useState<CountingMode>("ballots");
  const [issued, setIssued] = useState<number | string>("");
  const next = nextCandidates(election, last);
  const number = (last?.number ?? 0) + 1;
  const form = useApiForm(
    () =>
      sendAndRead(() =>
        api.post(`/api/elections/${election.id}/rounds`, {
          mode,
          ballotsIssued: Number(issued),
          version: election.version,
        }),
      ),
    () => notifySuccess(t("ui.elpages.roundOpened", { n: number })),
  );
  const list = next.ids.map((id) => names.get(id)).join(", ");
  return (
    <Paper withBorder p="sm" component="form" onSubmit={form.run} data-testid="open-round">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t("ui.elpages.openRound", { n: number })}
        </Title>
        <Text size="sm">{t("ui.elpages.roundWho", { seats: next.seats, names: list })}</Text>
        <SegmentedControl
          fullWidth
          value={mode}
          onChange={(v) => setMode(v as CountingMode)}
          data={[
            { value: "ballots", label: t("ui.elpages.mode.ballots") },
            { value: "tally", label: t("ui.elpages.mode.tally") },
          ]}
        />
        <NumberInput
          label={t("ui.elpages.ballotsIssued")}
          value={issued}
          onChange={setIssued}
          min={1}
          max={10000}
          error={form.errors.ballotsIssued}
          inputMode="numeric"
        />
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t("ui.elpages.openRound", { n: number })}
        </Button>
      </Stack>
    </Paper>
  );
}

/** The counting board's tally on paper: valid and invalid ballots, then each candidate's votes. */
export function TallyForm({ round, names, order }: { round: RoundView; names: Map<string, string>; order: string[] }) {
  const t = useT();
  const sendAndRead = useSendAndRead();
  const candidates = order.filter((id) => round.candidateIds.includes(id));
  const [valid, setValid] = useState<number | string>("");
  const [invalid, setInvalid] = useState<number | string>(0);
  const [votes, setVotes] = useState<Record<string, number | string>>({});
  const form = useApiForm(
    () =>
      sendAndRead(() =>
        api.post(`/api/election-rounds/${round.id}/tally`, {
          valid: Number(valid),
          invalid: Number(invalid),
          votes: Object.fromEntries(candidates.map((id) => [id, Number(votes[id] ?? 0)])),
          version: round.version,
        }),
      ),
    () => notifySuccess(t("ui.elpages.tallySaved")),
  );
  return (
    <Paper withBorder p="sm" component="form" onSubmit={form.run} data-testid="tally-form">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t("ui.elpages.tally", { n: round.number })}
        </Title>
        {round.version > 1 && <Alert color="teal">{t("ui.elpages.tallyEntered")}</Alert>}
        <Group grow>
          <NumberInput
            label={t("ui.elpages.valid")}
            value={valid}
            onChange={setValid}
            min={0}
            error={form.errors.valid}
            inputMode="numeric"
          />
          <NumberInput
            label={t("ui.elpages.invalid")}
            value={invalid}
            onChange={setInvalid}
            min={0}
            error={form.errors.invalid}
            inputMode="numeric"
          />
        </Group>
        {candidates.map((id) => (
          <NumberInput
            key={id}
            label={names.get(id)}
            value={votes[id] ?? ""}
            onChange={(v) => setVotes({ ...votes, [id]: v })}
            min={0}
            error={form.errors[`votes.${id}`]}
            inputMode="numeric"
          />
        ))}
        {form.errors.votes && <Text c="red.8">{form.errors.votes}</Text>}
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t("ui.elpages.saveTally")}
        </Button>
      </Stack>
    </Paper>
  );
}

/** The serials not yet entered, so the board finds the ballots still on the table. */
export function MissingSerials({ round }: { round: RoundView }) {
  const t = useT();
  const missing = useQuery({
    queryKey: ["elections", "missing", round.id, round.entered],
    queryFn: () => api.get<Missing>(`/api/election-rounds/${round.id}/missing`),
  });
  const list = missing.data?.missing ?? [];
  if (!missing.data) return null;
  return (
    <Text size="sm" data-testid="missing-serials">
      {list.length === 0
        ? t("ui.elpages.noneMissing")
        : t("ui.elpages.missing", { serials: list.join(", "), count: round.ballotsIssued - missing.data.entered })}
    </Text>
  );
}

/** The release: the ballots taken from the box; the server refuses until every one of them is counted. */
export function ReleaseForm({ round }: { round: RoundView }) {
  const t = useT();
  const sendAndRead = useSendAndRead();
  const [returned, setReturned] = useState<number | string>(round.ballotsIssued);
  const form = useApiForm(
    () =>
      sendAndRead(() =>
        api.post(`/api/election-rounds/${round.id}/release`, {
          ballotsReturned: Number(returned),
          version: round.version,
        }),
      ),
    () => notifySuccess(t("ui.elpages.releasedDone", { n: round.number })),
  );
  return (
    <Paper withBorder p="sm" component="form" onSubmit={form.run} data-testid="release-form">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t("ui.elpages.release", { n: round.number })}
        </Title>
        <NumberInput
          label={t("ui.elpages.ballotsReturned")}
          value={returned}
          onChange={setReturned}
          min={0}
          max={round.ballotsIssued}
          error={form.errors.ballotsReturned}
          inputMode="numeric"
        />
        <FormError form={form} />
        <Button type="submit" color="teal" loading={form.busy}>
          {t("ui.elpages.release", { n: round.number })}
        </Button>
      </Stack>
    </Paper>
  );
}

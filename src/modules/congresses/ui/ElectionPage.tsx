import { useState } from "react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { useCurrentUser } from "../../../web/auth";
import { formatDate, type MessageKey, useT } from "../../../web/i18n";
import { FormError, notifySuccess, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import { INVALID_REASONS, invalidByRule, type InvalidReason } from "../elections-model";
import type { BallotEntered, ElectionDetail, RoundView } from "../elections-present";
import { BallotCorrection, RunningCount } from "./BallotCorrection";
import { MissingSerials, OpenRoundForm, ReleaseForm, TallyForm } from "./RoundForms";

const electionKey = (id: string) => ["elections", id] as const;

/**
 * An election on the congress day: its rounds, the counting board's entry form (one ballot at a time, large enough
 * for a phone), and each released round's result with its counting minutes.
 */
export function ElectionPage() {
  const { id = "" } = useParams();
  const t = useT();
  const query = useQuery({
    queryKey: electionKey(id),
    queryFn: () => api.get<ElectionDetail>(`/api/elections/${id}`),
    // Other counters enter ballots on their own devices: the progress follows them.
    refetchInterval: 5000,
  });
  const me = useCurrentUser();
  const orgId = query.data?.organizationId;
  const org = useQuery({
    queryKey: ["organization", orgId],
    enabled: !!orgId,
    queryFn: () => api.get<{ permissions: Record<string, boolean> }>(`/api/organizations/${orgId}`),
  });
  usePageTitle(query.data?.title);
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <PageError error={query.error} onRetry={() => query.refetch()} />;
  const election = query.data;
  const names = new Map(election.candidates.map((c) => [c.memberId, c.fullName]));
  const counting = election.rounds.find((r) => r.status === "counting");
  const last = election.rounds.at(-1);
  // Whoever runs the congress opens and releases rounds; the counting board (and they) count.
  const manage = !!org.data?.permissions["plan.manage"];
  const count = manage || election.board.some((b) => b.memberId === me.member?.id);
  const order = election.candidates.map((c) => c.memberId);
  return (
    <Stack gap="md" maw={720}>
      <div>
        <Title order={2}>{election.title}</Title>
        <Text c="dimmed">{t("ui.elections.meta", { date: formatDate(election.heldOn), seats: election.seats })}</Text>
        <Badge color={election.status === "done" ? "teal" : "blue"} mt={4}>
          {t(election.status === "done" ? "ui.elections.done" : "ui.elections.open")}
        </Badge>
        {election.elected.length > 0 && (
          <Text mt={4} fw={600} data-testid="elected">
            {t("ui.elpages.electedList", {
              names: election.elected.map((e) => names.get(e.memberId)).join(", "),
            })}
          </Text>
        )}
        <Anchor component={Link} to={`/to-chuc/${election.organizationId}?tab=ke-hoach`} size="sm">
          {t("ui.elpages.back")}
        </Anchor>
      </div>
      {manage && election.status === "open" && !counting && (
        <OpenRoundForm election={election} last={last ?? null} names={names} />
      )}
      {count && counting && counting.mode === "ballots" && (
        <>
          <BallotForm round={counting} names={names} order={order} />
          <MissingSerials round={counting} />
          <RunningCount round={counting} names={names} order={order} />
          <BallotCorrection round={counting} names={names} order={order} />
        </>
      )}
      {count && counting && counting.mode === "tally" && <TallyForm round={counting} names={names} order={order} />}
      {manage && counting && <ReleaseForm round={counting} />}
      {[...election.rounds].reverse().map((r) => (
        <RoundCard key={r.id} round={r} names={names} />
      ))}
    </Stack>
  );
}

function RoundCard({ round, names }: { round: RoundView; names: Map<string, string> }) {
  const t = useT();
  const percent = Math.round((round.entered / round.ballotsIssued) * 100);
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={3} size="h4">
          {t("ui.elections.round", { n: round.number, seats: round.seats })}
        </Title>
        <Badge color={round.status === "released" ? "teal" : "yellow"}>
          {t(round.status === "released" ? "ui.elections.released" : "ui.elections.counting")}
        </Badge>
      </Group>
      {round.status === "counting" && round.mode === "ballots" && (
        <Stack gap={4} mt="xs">
          <Text size="lg" fw={600}>
            {t("ui.elections.entered", { entered: round.entered, issued: round.ballotsIssued })}
          </Text>
          <Progress value={percent} size="xl" aria-label={t("ui.elections.progress")} />
        </Stack>
      )}
      {round.status === "counting" && (
        <Anchor href={`/api/election-rounds/${round.id}/ballots/file`} size="sm">
          {t("ui.elections.ballotsPdf")}
        </Anchor>
      )}
      {round.result && (
        <Stack gap="xs" mt="xs">
          <Text>
            {t("ui.elections.figures", {
              returned: round.ballotsReturned ?? 0,
              valid: round.result.valid,
              invalid: round.result.invalid,
            })}
          </Text>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("ui.elections.candidate")}</Table.Th>
                <Table.Th ta="right">{t("ui.elections.votes")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {round.result.standings.map((s) => {
                const elected = round.result!.elected.some((e) => e.memberId === s.memberId);
                return (
                  <Table.Tr key={s.memberId}>
                    <Table.Td fw={elected ? 700 : undefined}>
                      {names.get(s.memberId)} {elected && <Badge color="teal">{t("ui.elections.elected")}</Badge>}
                    </Table.Td>
                    <Table.Td ta="right">{s.votes}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {round.result.outcome !== "complete" && (
            <Alert color="yellow">{t(`ui.elections.outcome.${round.result.outcome}` as MessageKey)}</Alert>
          )}
          <Anchor href={`/api/election-rounds/${round.id}/minutes/file`}>{t("ui.elections.minutesPdf")}</Anchor>
        </Stack>
      )}
    </Paper>
  );
}

/** One ballot: its serial, the names left on it (tap a name to strike it), and why it is invalid, if it is. */
function BallotForm({ round, names, order }: { round: RoundView; names: Map<string, string>; order: string[] }) {
  const t = useT();
  const client = useQueryClient();
  const candidates = order.filter((id) => round.candidateIds.includes(id));
  const [serial, setSerial] = useState<number | string>(round.entered + 1);
  const [struck, setStruck] = useState<Set<string>>(new Set());
  const [invalid, setInvalid] = useState<InvalidReason | null>(null);
  const kept = candidates.filter((id) => !struck.has(id));
  const byRule = invalidByRule(round.seats, kept);
  const form = useApiForm(
    () =>
      api.post<BallotEntered>(`/api/election-rounds/${round.id}/ballots`, {
        serial: Number(serial),
        kept,
        invalid: invalid ?? byRule,
      }),
    (done) => {
      notifySuccess(t("ui.elections.ballotSaved", { serial: done.serial }));
      setSerial(done.serial + 1);
      setStruck(new Set());
      setInvalid(null);
      void client.invalidateQueries({ queryKey: ["elections"] });
    },
  );
  const toggle = (id: string) =>
    setStruck((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <Paper withBorder p="sm" component="form" onSubmit={form.run} data-testid="ballot-form">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t("ui.elections.enterBallot", { n: round.number })}
        </Title>
        <NumberInput
          label={t("ui.elections.serial")}
          value={serial}
          onChange={setSerial}
          min={1}
          max={round.ballotsIssued}
          size="lg"
          error={form.errors.serial}
          inputMode="numeric"
        />
        <Text size="sm" c="dimmed">
          {t("ui.elections.strikeHelp", { seats: round.seats })}
        </Text>
        <Stack gap={6}>
          {candidates.map((id) => (
            <Checkbox
              key={id}
              size="lg"
              checked={!struck.has(id)}
              onChange={() => toggle(id)}
              label={
                <Text
                  size="lg"
                  td={struck.has(id) ? "line-through" : undefined}
                  c={struck.has(id) ? "dimmed" : undefined}
                >
                  {names.get(id)}
                </Text>
              }
            />
          ))}
        </Stack>
        {form.errors.kept && <Text c="red">{form.errors.kept}</Text>}
        {byRule && <Alert color="orange">{t("ui.elections.invalidByRule", { seats: round.seats })}</Alert>}
        <Select
          label={t("ui.elections.invalid")}
          placeholder={t("ui.elections.valid")}
          clearable
          value={invalid}
          onChange={(v) => setInvalid(v as InvalidReason | null)}
          data={INVALID_REASONS.map((r) => ({ value: r, label: t(`ui.elections.invalid.${r}` as MessageKey) }))}
        />
        <FormError form={form} />
        <Button type="submit" size="lg" loading={form.busy} fullWidth>
          {t("ui.elections.save")}
        </Button>
      </Stack>
    </Paper>
  );
}

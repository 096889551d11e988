import { useState } from "react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { addDays } from "../../../core/time";
import { formatDate, type MessageKey, useT } from "../../../web/i18n";
import { FormError, notifySuccess, useApiForm } from "../../../web/ui";
import { compareVietnameseNames } from "../../members/names";
import { ELECTION_BODIES, type ElectionBody } from "../elections-model";
import type { ElectionDetail } from "../elections-present";

// The congress's elections on its preparation page: each election of the day with its state, a form to set one up
// (seats, candidates from the members in Vietnamese name order, the counting board), and, once every election of
// the day is finished, the congress recorded from their results.

interface MemberOption {
  id: string;
  fullName: string;
  status: string;
}

export const electionsKey = (orgId: string) => ["elections", "org", orgId] as const;

export function ElectionsCard({
  orgId,
  heldOn,
  termLabel,
  board,
  attendance,
  manage,
}: {
  orgId: string;
  heldOn: string;
  termLabel: string;
  board: string[];
  attendance: { expected: number; present: number };
  manage: boolean;
}) {
  const t = useT();
  const list = useQuery({
    queryKey: electionsKey(orgId),
    queryFn: () => api.get<{ items: ElectionDetail[] }>(`/api/organizations/${orgId}/elections`),
  });
  const day = (list.data?.items ?? []).filter((e) => e.heldOn === heldOn);
  const recorded = day.some((e) => e.congressId);
  const finished = day.length > 0 && day.every((e) => e.status === "done");
  return (
    <Paper withBorder p="md" radius="md" data-testid="congress-elections">
      <Title order={2} mb="xs">
        {t("ui.elpages.title")}
      </Title>
      <Stack gap="xs">
        {day.length === 0 && <Text c="dimmed">{t("ui.elpages.none")}</Text>}
        {day.map((e) => (
          <ElectionLine key={e.id} election={e} />
        ))}
        {recorded && (
          <Alert color="teal">
            {t("ui.elpages.recorded")}{" "}
            <Anchor component={Link} to={`/to-chuc/${orgId}?tab=cap-uy`}>
              {t("ui.elpages.seeCommittee")}
            </Anchor>
          </Alert>
        )}
        {manage && finished && !recorded && (
          <RecordCongress orgId={orgId} heldOn={heldOn} termLabel={termLabel} elections={day} attendance={attendance} />
        )}
        {manage && !recorded && <NewElection orgId={orgId} heldOn={heldOn} board={board} />}
      </Stack>
    </Paper>
  );
}

const namesOf = (e: ElectionDetail, ids: { memberId: string }[]) =>
  ids.map((x) => e.candidates.find((c) => c.memberId === x.memberId)?.fullName ?? "").join(", ");

function ElectionLine({ election: e }: { election: ElectionDetail }) {
  const t = useT();
  return (
    <Paper withBorder p="sm" radius="md">
      <Anchor component={Link} to={`/bau-cu/${e.id}`} fw={700}>
        {e.title}
      </Anchor>
      <Group gap={6} mt={4}>
        <Badge variant="light">{t(`ui.elpages.body.${e.body}` as MessageKey)}</Badge>
        <Badge color={e.status === "done" ? "teal" : "blue"} variant="light">
          {t(e.status === "done" ? "ui.elections.done" : "ui.elections.open")}
        </Badge>
        <Text size="sm" c="dimmed">
          {t("ui.elpages.line", { seats: e.seats, candidates: e.candidates.length, rounds: e.rounds.length })}
        </Text>
      </Group>
      {e.elected.length > 0 && <Text size="sm">{t("ui.elpages.electedList", { names: namesOf(e, e.elected) })}</Text>}
    </Paper>
  );
}

function NewElection({ orgId, heldOn, board: initialBoard }: { orgId: string; heldOn: string; board: string[] }) {
  const t = useT();
  const client = useQueryClient();
  const members = useQuery({
    queryKey: ["elections", "members", orgId],
    queryFn: () => api.get<{ items: MemberOption[] }>(`/api/organizations/${orgId}/members?limit=500`),
  });
  const sorted = [...(members.data?.items ?? [])].sort((a, b) => compareVietnameseNames(a.fullName, b.fullName));
  const [body, setBody] = useState<ElectionBody>("committee");
  const [title, setTitle] = useState("");
  const [seats, setSeats] = useState<number | string>(3);
  const [candidateIds, setCandidateIds] = useState<string[]>([]);
  const [boardMemberIds, setBoard] = useState<string[]>(initialBoard);
  const form = useApiForm(
    () =>
      api.post<ElectionDetail>(`/api/organizations/${orgId}/elections`, {
        heldOn,
        title,
        body,
        seats: Number(seats),
        candidateIds,
        boardMemberIds,
      }),
    (created) => {
      notifySuccess(t("ui.elpages.created", { title: created.title }));
      setTitle("");
      setCandidateIds([]);
      void client.invalidateQueries({ queryKey: electionsKey(orgId) });
    },
  );
  const fieldError = (field: string) =>
    form.errors[field] ?? Object.entries(form.errors).find(([k]) => k.startsWith(`${field}.`))?.[1];
  return (
    <Stack gap="xs" component="form" onSubmit={form.run} data-testid="new-election">
      <Title order={3}>{t("ui.elpages.new")}</Title>
      <Select
        label={t("ui.elpages.body")}
        data={ELECTION_BODIES.map((b) => ({ value: b, label: t(`ui.elpages.body.${b}` as MessageKey) }))}
        value={body}
        onChange={(v) => {
          const next = (v ?? "committee") as ElectionBody;
          setBody(next);
          if (next !== "committee") setSeats(1);
        }}
        allowDeselect={false}
        error={form.errors.body}
      />
      <TextInput
        label={t("ui.elpages.electionTitle")}
        placeholder={t(`ui.elpages.titleHint.${body}` as MessageKey)}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={form.errors.title}
        required
      />
      <NumberInput
        label={t("ui.elpages.seats")}
        value={seats}
        onChange={setSeats}
        min={1}
        max={60}
        error={form.errors.seats}
        inputMode="numeric"
      />
      <MultiSelect
        label={t("ui.elpages.candidates")}
        description={t("ui.elpages.candidatesHelp")}
        data={sorted.filter((m) => m.status === "full").map((m) => ({ value: m.id, label: m.fullName }))}
        value={candidateIds}
        onChange={(ids) => setCandidateIds(sorted.filter((m) => ids.includes(m.id)).map((m) => m.id))}
        searchable
        error={fieldError("candidateIds")}
      />
      <MultiSelect
        label={t("ui.elpages.board")}
        description={t("ui.elpages.boardHelp")}
        data={sorted.map((m) => ({ value: m.id, label: m.fullName }))}
        value={boardMemberIds}
        onChange={setBoard}
        searchable
        error={fieldError("boardMemberIds")}
      />
      <FormError form={form} />
      <Button type="submit" loading={form.busy}>
        {t("ui.elpages.create")}
      </Button>
    </Stack>
  );
}

/** Who takes which seat: the committee first, then the secretary and deputy elected from it (as the server does). */
function electedRoles(elections: ElectionDetail[]) {
  const roles = new Map<string, { name: string; body: ElectionBody }>();
  for (const body of ELECTION_BODIES)
    for (const e of elections.filter((x) => x.body === body))
      for (const p of e.elected)
        roles.set(p.memberId, { name: e.candidates.find((c) => c.memberId === p.memberId)?.fullName ?? "", body });
  const of = (body: ElectionBody) => [...roles.values()].filter((r) => r.body === body).map((r) => r.name);
  return { committee: of("committee"), secretary: of("secretary"), deputy: of("deputy_secretary") };
}

function RecordCongress({
  orgId,
  heldOn,
  termLabel: initialLabel,
  elections,
  attendance,
}: {
  orgId: string;
  heldOn: string;
  termLabel: string;
  elections: ElectionDetail[];
  attendance: { expected: number; present: number };
}) {
  const t = useT();
  const client = useQueryClient();
  const [termLabel, setTermLabel] = useState(initialLabel);
  const [termEndsOn, setTermEndsOn] = useState<string | null>(null);
  const [total, setTotal] = useState<number | string>(attendance.expected || "");
  const [present, setPresent] = useState<number | string>(attendance.present || "");
  const [confirming, setConfirming] = useState(false);
  const roles = electedRoles(elections);
  const form = useApiForm(
    () =>
      api.post(`/api/organizations/${orgId}/elections/congress`, {
        heldOn,
        termLabel,
        termEndsOn,
        delegatesTotal: Number(total),
        delegatesPresent: Number(present),
      }),
    () => {
      setConfirming(false);
      notifySuccess(t("ui.elpages.recorded"));
      void client.invalidateQueries({ queryKey: ["elections"] });
      void client.invalidateQueries({ queryKey: ["organization"] });
    },
  );
  const dash = t("ui.elpages.nobody");
  return (
    <Paper withBorder p="sm" radius="md" bg="teal.0" data-testid="record-congress">
      <Stack gap="xs">
        <Title order={3}>{t("ui.elpages.record")}</Title>
        <Text size="sm">{t("ui.elpages.recordHelp")}</Text>
        <TextInput
          label={t("ui.elpages.termLabel")}
          value={termLabel}
          onChange={(e) => setTermLabel(e.currentTarget.value)}
          error={form.errors.termLabel}
          required
        />
        <DateField
          label={t("ui.elpages.termEndsOn")}
          value={termEndsOn}
          onChange={setTermEndsOn}
          error={form.errors.termEndsOn}
          required
        />
        <Group grow>
          <NumberInput
            label={t("ui.elpages.delegatesTotal")}
            value={total}
            onChange={setTotal}
            min={1}
            error={form.errors.delegatesTotal}
          />
          <NumberInput
            label={t("ui.elpages.delegatesPresent")}
            value={present}
            onChange={setPresent}
            min={0}
            error={form.errors.delegatesPresent}
          />
        </Group>
        {!confirming && <FormError form={form} />}
        <Button onClick={() => setConfirming(true)}>{t("ui.elpages.record")}</Button>
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t("ui.elpages.confirmTitle")}>
        <Stack gap="xs">
          <List size="sm" spacing={4}>
            <List.Item>
              {t("ui.elpages.confirmTerm", {
                term: termLabel,
                from: formatDate(heldOn),
                to: termEndsOn ? formatDate(termEndsOn) : "…",
              })}
            </List.Item>
            <List.Item>{t("ui.elpages.confirmEnd", { date: formatDate(addDays(heldOn, -1)) })}</List.Item>
            <List.Item>{t("ui.elpages.confirmCommittee", { names: roles.committee.join(", ") || dash })}</List.Item>
            <List.Item>{t("ui.elpages.confirmSecretary", { name: roles.secretary.join(", ") || dash })}</List.Item>
            <List.Item>{t("ui.elpages.confirmDeputy", { name: roles.deputy.join(", ") || dash })}</List.Item>
            <List.Item>{t("ui.elpages.confirmChecklist")}</List.Item>
          </List>
          <FormError form={form} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t("ui.cancel")}
            </Button>
            <Button onClick={() => void form.run()} loading={form.busy}>
              {t("ui.elpages.confirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

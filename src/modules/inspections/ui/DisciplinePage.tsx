import { useState } from "react";
import { Anchor, Badge, Box, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import {
  FormError,
  InfoList,
  notifySuccess,
  orNull,
  PageError,
  PageLoader,
  useApiForm,
  usePageTitle,
} from "../../../web/ui";
import { MemberPicker } from "../../members/ui/MemberPicker";
import {
  APPEAL_OUTCOMES,
  type AppealOutcome,
  DISCIPLINE_BODIES,
  DISCIPLINE_FORMS,
  type DisciplineBody,
  type DisciplineForm,
  type InspectionRules,
} from "../model";
import type { DashboardWire, DisciplineWire } from "../present";
import { appealLines, ResolutionNoticeLink } from "./OwnDiscipline";
import { Choice, inspectionKeys, Opener, Prose, useInspectionRules } from "./shared";

// /to-chuc/:id/ky-luat — the UBKT's and the deciding committee's discipline file: proposals, decisions by the body
// the rulebook allows (the server's refusal shown at the field), and appeals within the window.

const invalidate = (client: ReturnType<typeof useQueryClient>) =>
  void client.invalidateQueries({ queryKey: inspectionKeys.all });

function ProposalForm({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const [memberId, setMemberId] = useState<string | null>(null);
  const [form, setForm] = useState<DisciplineForm | "">("reprimand");
  const [reason, setReason] = useState("");
  const [proposedOn, setProposedOn] = useState<string | null>(todayIso());
  const api$ = useApiForm(
    () => api.post(`/api/organizations/${orgId}/discipline`, { memberId, form, reason, proposedOn }),
    () => {
      notifySuccess(t("ui.insp.proposed"));
      invalidate(client);
      onClose();
    },
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={api$.run} noValidate>
      <Stack gap="xs">
        <Title order={3}>{t("ui.insp.propose")}</Title>
        <MemberPicker
          organizationId={orgId}
          label={t("ui.insp.member")}
          value={memberId}
          onChange={setMemberId}
          error={api$.errors.memberId}
        />
        <Choice
          label={t("ui.insp.proposedForm")}
          value={form}
          onChange={setForm}
          options={DISCIPLINE_FORMS.map((f) => ({ value: f, label: t(`ui.insp.form.${f}`) }))}
          error={api$.errors.form}
        />
        <Textarea
          label={t("ui.insp.reason")}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={api$.errors.reason}
          autosize
          minRows={3}
          required
        />
        <DateField
          label={t("ui.insp.proposedOn")}
          value={proposedOn}
          onChange={setProposedOn}
          error={api$.errors.proposedOn}
          required
        />
        <FormError form={api$} />
        <Group gap="sm">
          <Button type="submit" loading={api$.busy}>
            {t("ui.insp.propose")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/**
 * The forms offered are those the chosen body may give (the rulebook's authority table). A body without the power
 * (a chi ủy) still lists every form, so the server's refusal names the body rather than leaving an empty list.
 */
function DecisionForm({ d, rules }: { d: DisciplineWire; rules: InspectionRules }) {
  const t = useT();
  const client = useQueryClient();
  const [body, setBody] = useState<DisciplineBody | "">("inspection_committee");
  const allowed = body && rules.bodies[body].forms.length > 0 ? rules.bodies[body].forms : DISCIPLINE_FORMS;
  const [chosen, setForm] = useState<DisciplineForm | "">(d.proposedForm);
  const form = allowed.includes(chosen as DisciplineForm) ? chosen : (allowed[0] ?? "");
  const [decidedOn, setDecidedOn] = useState<string | null>(todayIso());
  const [receivedOn, setReceivedOn] = useState<string | null>(null);
  const [number, setNumber] = useState("");
  const api$ = useApiForm(
    () =>
      api.post(`/api/discipline/${d.id}/decide`, {
        body,
        form,
        decidedOn,
        receivedOn,
        number: orNull(number),
        version: d.version,
      }),
    () => {
      notifySuccess(t("ui.insp.decided"));
      invalidate(client);
    },
  );
  return (
    <Box component="form" onSubmit={api$.run} noValidate>
      <Stack gap="xs">
        <Title order={4}>{t("ui.insp.decide")}</Title>
        <Choice
          label={t("ui.insp.decidingBody")}
          value={body}
          onChange={setBody}
          options={DISCIPLINE_BODIES.map((b) => ({ value: b, label: t(`ui.insp.dbody.${b}`) }))}
          error={api$.errors.body}
        />
        <Choice
          label={t("ui.insp.formLabel")}
          value={form}
          onChange={setForm}
          options={allowed.map((f) => ({ value: f, label: t(`ui.insp.form.${f}`) }))}
          error={api$.errors.form}
        />
        <DateField
          label={t("ui.insp.decidedOn")}
          value={decidedOn}
          onChange={setDecidedOn}
          error={api$.errors.decidedOn}
          required
        />
        <DateField
          label={t("ui.insp.decisionReceivedOn")}
          value={receivedOn}
          onChange={setReceivedOn}
          error={api$.errors.receivedOn}
        />
        <TextInput
          label={t("ui.insp.decisionNumber")}
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
          error={api$.errors.number}
        />
        <FormError form={api$} />
        <Button type="submit" loading={api$.busy}>
          {t("ui.insp.decide")}
        </Button>
      </Stack>
    </Box>
  );
}

function AppealForm({ d }: { d: DisciplineWire }) {
  const t = useT();
  const client = useQueryClient();
  const [appealedOn, setAppealedOn] = useState<string | null>(todayIso());
  const [text, setText] = useState("");
  const form = useApiForm(
    () => api.post(`/api/discipline/${d.id}/appeal`, { appealedOn, text, version: d.version }),
    () => {
      notifySuccess(t("ui.insp.appealed"));
      invalidate(client);
    },
  );
  return (
    <Box component="form" onSubmit={form.run} noValidate>
      <Stack gap="xs">
        <DateField
          label={t("ui.insp.appealedOn")}
          value={appealedOn}
          onChange={setAppealedOn}
          error={form.errors.appealedOn}
          required
        />
        <Textarea
          label={t("ui.insp.appealText")}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={form.errors.text}
          autosize
          minRows={3}
          required
        />
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t("ui.insp.appeal")}
        </Button>
      </Stack>
    </Box>
  );
}

/** The UBKT records how the appeal was resolved: upheld, changed to another form, or annulled. */
function ResolutionForm({ d }: { d: DisciplineWire }) {
  const t = useT();
  const client = useQueryClient();
  const [outcome, setOutcome] = useState<AppealOutcome | "">("upheld");
  const [newForm, setNewForm] = useState<DisciplineForm | "">("");
  const [resolvedOn, setResolvedOn] = useState<string | null>(todayIso());
  const [text, setText] = useState("");
  const form = useApiForm(
    () =>
      api.post(`/api/discipline/${d.id}/appeal-resolution`, {
        outcome,
        resolvedOn,
        form: outcome === "changed" && newForm ? newForm : null,
        text,
        version: d.version,
      }),
    () => {
      notifySuccess(t("ui.inspAppeals.resolved"));
      invalidate(client);
    },
  );
  return (
    <Box component="form" onSubmit={form.run} noValidate>
      <Stack gap="xs">
        <Title order={4}>{t("ui.inspAppeals.resolve")}</Title>
        <Choice
          label={t("ui.inspAppeals.outcomeLabel")}
          value={outcome}
          onChange={setOutcome}
          options={APPEAL_OUTCOMES.map((o) => ({ value: o, label: t(`ui.inspAppeals.outcome.${o}`) }))}
          error={form.errors.outcome}
        />
        {outcome === "changed" && (
          <Choice
            label={t("ui.inspAppeals.newForm")}
            value={newForm}
            onChange={setNewForm}
            options={DISCIPLINE_FORMS.filter((f) => f !== d.form).map((f) => ({
              value: f,
              label: t(`ui.insp.form.${f}`),
            }))}
            error={form.errors.form}
          />
        )}
        <DateField
          label={t("ui.inspAppeals.resolvedOn")}
          value={resolvedOn}
          onChange={setResolvedOn}
          error={form.errors.resolvedOn}
          required
        />
        <Textarea
          label={t("ui.inspAppeals.resolutionText")}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={form.errors.text}
          autosize
          minRows={3}
          required
        />
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t("ui.inspAppeals.resolve")}
        </Button>
      </Stack>
    </Box>
  );
}

function DisciplineCard({ d, rules, inspector }: { d: DisciplineWire; rules?: InspectionRules; inspector: boolean }) {
  const t = useT();
  return (
    <Card withBorder padding="sm" data-testid="discipline">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <Text fw={700} style={{ minWidth: 0 }}>
            {d.memberName}
          </Text>
          <Badge color={d.decidedOn ? "red.9" : "orange.9"} variant="filled" style={{ flexShrink: 0 }}>
            {d.form ? t(`ui.insp.form.${d.form}`) : t("ui.insp.proposedShort")}
          </Badge>
        </Group>
        <InfoList
          items={[
            { label: t("ui.insp.proposedForm"), value: t(`ui.insp.form.${d.proposedForm}`) },
            { label: t("ui.insp.reason"), value: <Prose>{d.reason}</Prose> },
            { label: t("ui.insp.proposedOn"), value: formatDate(d.proposedOn) },
            ...(d.decidedOn
              ? [
                  { label: t("ui.insp.decidingBody"), value: d.body ? t(`ui.insp.dbody.${d.body}`) : "" },
                  { label: t("ui.insp.decidedOn"), value: formatDate(d.decidedOn) },
                  { label: t("ui.insp.decisionNumber"), value: d.numberText ?? "" },
                  { label: t("ui.insp.appealBy"), value: formatDate(d.appealBy) },
                ]
              : []),
            ...(d.appealedOn
              ? [
                  ...(d.appealLodgedBy
                    ? [
                        {
                          label: t("ui.inspAppeals.lodgedByLabel"),
                          value: t(`ui.inspAppeals.lodgedBy.${d.appealLodgedBy}`),
                        },
                      ]
                    : []),
                  ...(d.appealText ? [{ label: t("ui.insp.appealText"), value: <Prose>{d.appealText}</Prose> }] : []),
                  ...appealLines(t, d),
                ]
              : []),
          ]}
        />
        {inspector && !d.decidedOn && rules && <DecisionForm d={d} rules={rules} />}
        {inspector && d.decidedOn && !d.appealedOn && (
          <Opener label={t("ui.insp.appeal")}>{() => <AppealForm d={d} />}</Opener>
        )}
        {inspector && d.appealedOn && !d.appealOutcome && (
          <Opener label={t("ui.inspAppeals.resolve")}>{() => <ResolutionForm d={d} />}</Opener>
        )}
        <ResolutionNoticeLink d={d} />
      </Stack>
    </Card>
  );
}

export function DisciplinePage() {
  const { id = "" } = useParams();
  const t = useT();
  usePageTitle(t("ui.insp.discipline"));
  const rules = useInspectionRules(id);
  const list = useQuery({
    queryKey: [...inspectionKeys.all, "discipline", id],
    queryFn: () => api.get<{ items: DisciplineWire[] }>(`/api/organizations/${id}/discipline`),
  });
  const dashboard = useQuery({
    queryKey: [...inspectionKeys.all, "dashboard", id],
    queryFn: () => api.get<DashboardWire>(`/api/organizations/${id}/inspection-dashboard`),
  });
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  const inspector = !!dashboard.data?.isInspector;
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={`/to-chuc/${id}/kiem-tra`} size="sm">
          {t("ui.inspections.title")}
        </Anchor>
        <Title order={2}>{t("ui.insp.discipline")}</Title>
        <Text size="sm" c="dimmed">
          {t("ui.insp.disciplineHelp")}
        </Text>
      </div>
      {list.data.items.length === 0 && <Text>{t("ui.inspections.none")}</Text>}
      {list.data.items.map((d) => (
        <DisciplineCard key={d.id} d={d} rules={rules.data} inspector={inspector} />
      ))}
      {inspector && (
        <Opener label={t("ui.insp.propose")}>{(close) => <ProposalForm orgId={id} onClose={close} />}</Opener>
      )}
    </Stack>
  );
}

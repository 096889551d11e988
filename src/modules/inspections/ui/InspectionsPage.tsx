import { useState } from "react";
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Progress,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { FormError, orNull, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import { MemberPicker } from "../../members/ui/MemberPicker";
import { ReportsSection } from "./ReportsSection";
import { RoutineSupervisionForm } from "./RoutineSupervisionForm";
import { useOrganization } from "../../organizations/ui/queries";
import { type InspectionType, PROGRAMME_BODIES, type ProgrammeBody } from "../model";
import type { DashboardWire, InspectionWire, ProgrammeWire } from "../present";
import {
  Choice,
  ConfidentialBadge,
  inspectionKeys,
  Opener,
  Section,
  useInspectionRules,
  useSubjectOrganizations,
} from "./shared";

// /to-chuc/:id/kiem-tra — an organisation's inspection and supervision at a glance: the dashboard, the yearly
// programmes, the inspections the reader may see, and the forms to start what the reader may start.

function Dashboard({ d, orgId }: { d: DashboardWire; orgId: string }) {
  const t = useT();
  return (
    <Section title={t("ui.inspections.dashboard")} testId="inspection-dashboard">
      {d.programmes.map((p) => (
        <div key={p.id}>
          <Anchor component={Link} to={`/kiem-tra/chuong-trinh/${p.id}`} size="sm" fw={600}>
            {p.title}
          </Anchor>
          <Progress
            value={p.planned ? (100 * p.done) / p.planned : 0}
            size="lg"
            mt={4}
            aria-label={t("ui.inspections.progress", { done: p.done, planned: p.planned })}
          />
          <Text size="sm">{t("ui.inspections.progress", { done: p.done, planned: p.planned })}</Text>
        </div>
      ))}
      <Text fw={600}>
        {t("ui.inspections.openFindings")}: {d.openFindings}
      </Text>
      {d.overdueRemedies.length > 0 && (
        <div>
          <Text fw={600} c="red.8">
            {t("ui.inspections.overdue")}: {d.overdueRemedies.length}
          </Text>
          {d.overdueRemedies.map((f) => (
            <Anchor key={f.id} component={Link} to={`/kiem-tra/${f.inspectionId}`} size="sm" display="block" py={4}>
              {f.remedy} — {f.ownerName}, {t("ui.insp.due", { date: formatDate(f.dueOn) })}
            </Anchor>
          ))}
        </div>
      )}
      {d.isInspector && (
        <div>
          <Text fw={600} c={d.casesNearDeadline.length ? "orange.9" : undefined}>
            {t("ui.inspections.nearDeadline")}: {d.casesNearDeadline.length}
          </Text>
          {d.casesNearDeadline.map((c) => (
            <Anchor key={c.id} component={Link} to={`/kiem-tra/${c.id}`} size="sm" display="block" py={4}>
              {t(`ui.inspections.type.${c.type}`)} — {t("ui.insp.resolveBy", { date: formatDate(c.resolveBy) })}
            </Anchor>
          ))}
        </div>
      )}
      {d.isInspector && d.openAppeals.length > 0 && (
        <div data-testid="open-appeals">
          <Text fw={600} c="orange.9">
            {t("ui.inspAppeals.openAppeals")}: {d.openAppeals.length}
          </Text>
          {d.openAppeals.map((a) => (
            <Anchor key={a.id} component={Link} to={`/to-chuc/${orgId}/ky-luat`} size="sm" display="block" py={4}>
              {t("ui.inspAppeals.openAppealLine", {
                number: a.numberText ?? "",
                appealed: formatDate(a.appealedOn),
                date: formatDate(a.resolveBy),
              })}
            </Anchor>
          ))}
        </div>
      )}
      {d.isInspector && (
        <Anchor component={Link} to={`/to-chuc/${orgId}/ky-luat`} fw={600} py={6}>
          {t("ui.insp.disciplineLink")}
        </Anchor>
      )}
    </Section>
  );
}

export function InspectionCard({ i }: { i: InspectionWire }) {
  const t = useT();
  return (
    <Card withBorder padding="sm" data-testid="inspection-card">
      <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
        <Anchor component={Link} to={`/kiem-tra/${i.id}`} fw={700} style={{ minWidth: 0, overflowWrap: "anywhere" }}>
          {i.subjectName}
        </Anchor>
        {i.confidential && <ConfidentialBadge />}
      </Group>
      <Text size="sm">{t(`ui.inspections.type.${i.type}`)}</Text>
      <Text size="sm" c="dimmed" lineClamp={2}>
        {i.content}
      </Text>
      <Text size="sm" c={i.concludedOn ? "teal.9" : "orange.9"} fw={600}>
        {i.concludedOn ? t("ui.inspections.concluded", { date: formatDate(i.concludedOn) }) : t("ui.insp.running")}
      </Text>
    </Card>
  );
}

function NewProgrammeForm({ orgId, bodies, onClose }: { orgId: string; bodies: ProgrammeBody[]; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const [body, setBody] = useState<ProgrammeBody | "">(bodies[0] ?? "");
  const [year, setYear] = useState<number | string>(Number(todayIso().slice(0, 4)));
  const [title, setTitle] = useState("");
  const form = useApiForm(
    () =>
      api.post<ProgrammeWire>(`/api/organizations/${orgId}/inspection-programmes`, {
        body,
        year: Number(year),
        title,
      }),
    (p) => navigate(`/kiem-tra/chuong-trinh/${p.id}`),
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run} noValidate>
      <Stack gap="xs">
        <Title order={3}>{t("ui.inspections.newProgramme")}</Title>
        <Choice
          label={t("ui.inspections.body")}
          value={body}
          onChange={setBody}
          options={bodies.map((b) => ({ value: b, label: t(`ui.inspections.body.${b}`) }))}
          error={form.errors.body}
        />
        <NumberInput
          label={t("ui.inspections.year")}
          value={year}
          onChange={setYear}
          min={2000}
          max={2100}
          error={form.errors.year}
          required
        />
        <TextInput
          label={t("ui.inspections.programmeTitle")}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={form.errors.title}
          required
        />
        <FormError form={form} />
        <Group gap="sm">
          <Button type="submit" loading={form.busy}>
            {t("ui.insp.createProgramme")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Subject: one organisation of the đảng bộ, or one member — never both, as the server requires. */
export function SubjectFields({
  orgId,
  value,
  onChange,
  errors,
}: {
  orgId: string;
  value: { organizationId: string; memberId: string | null; kind: "organization" | "member" };
  onChange: (v: { organizationId: string; memberId: string | null; kind: "organization" | "member" }) => void;
  errors: Record<string, string>;
}) {
  const t = useT();
  const orgs = useSubjectOrganizations(orgId);
  return (
    <>
      <Choice
        label={t("ui.insp.subjectKind")}
        value={value.kind}
        onChange={(kind) => onChange({ ...value, kind: kind || "organization" })}
        options={[
          { value: "organization", label: t("ui.insp.subjectKind.organization") },
          { value: "member", label: t("ui.insp.subjectKind.member") },
        ]}
      />
      {value.kind === "organization" ? (
        <Choice
          label={t("ui.inspections.subjectOrganization")}
          value={value.organizationId}
          onChange={(organizationId) => onChange({ ...value, organizationId })}
          options={orgs.map((o) => ({ value: o.id, label: o.name }))}
          error={errors.subjectOrganizationId}
          blank
        />
      ) : (
        <MemberPicker
          organizationId={orgId}
          label={t("ui.insp.subjectMember")}
          value={value.memberId}
          onChange={(memberId) => onChange({ ...value, memberId })}
          error={errors.subjectMemberId ?? errors.subjectOrganizationId}
        />
      )}
    </>
  );
}

export const subjectBody = (v: { organizationId: string; memberId: string | null; kind: "organization" | "member" }) =>
  v.kind === "organization"
    ? { subjectOrganizationId: orNull(v.organizationId), subjectMemberId: null }
    : { subjectOrganizationId: null, subjectMemberId: v.memberId };

/** An inspection outside the programme: on signs of violation (confidential) or routine supervision. */
function NewInspectionForm({
  orgId,
  bodies,
  types,
  confidential,
  onClose,
}: {
  orgId: string;
  bodies: ProgrammeBody[];
  types: InspectionType[];
  confidential: (type: InspectionType) => boolean;
  onClose: () => void;
}) {
  const t = useT();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [type, setType] = useState<InspectionType | "">(types[0] ?? "");
  const [chosenBody, setBody] = useState<ProgrammeBody | "">(bodies[0] ?? "");
  // A confidential case is the UBKT's alone to open.
  const bodyChoices: ProgrammeBody[] = type && confidential(type) ? ["inspection_committee"] : bodies;
  const body = bodyChoices.includes(chosenBody as ProgrammeBody) ? chosenBody : (bodyChoices[0] ?? "");
  const [subject, setSubject] = useState({
    organizationId: "",
    memberId: null as string | null,
    kind: "member" as const,
  });
  const [content, setContent] = useState("");
  const [lead, setLead] = useState<string | null>(null);
  const [named, setNamed] = useState<string | null>(null);
  const form = useApiForm(
    () =>
      api.post<InspectionWire>(`/api/organizations/${orgId}/inspections`, {
        body,
        type,
        ...subjectBody(subject),
        content,
        leadMemberId: lead,
        namedMemberIds: named ? [named] : [],
      }),
    (i) => {
      void client.invalidateQueries({ queryKey: inspectionKeys.all });
      navigate(`/kiem-tra/${i.id}`);
    },
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run} noValidate>
      <Stack gap="xs">
        <Title order={3}>{t("ui.insp.newInspection")}</Title>
        <Choice
          label={t("ui.inspections.type")}
          value={type}
          onChange={setType}
          options={types.map((x) => ({ value: x, label: t(`ui.inspections.type.${x}`) }))}
          error={form.errors.type}
        />
        <Choice
          label={t("ui.inspections.body")}
          value={body}
          onChange={setBody}
          options={bodyChoices.map((b) => ({ value: b, label: t(`ui.inspections.body.${b}`) }))}
          error={form.errors.body}
        />
        <SubjectFields
          orgId={orgId}
          value={subject}
          onChange={(v) => setSubject(v as typeof subject)}
          errors={form.errors}
        />
        <Textarea
          label={t("ui.inspections.content")}
          value={content}
          onChange={(e) => setContent(e.currentTarget.value)}
          error={form.errors.content}
          autosize
          minRows={3}
          required
        />
        <MemberPicker
          organizationId={orgId}
          label={t("ui.inspections.lead")}
          value={lead}
          onChange={setLead}
          error={form.errors.leadMemberId}
        />
        {type === "violation" && (
          <MemberPicker
            organizationId={orgId}
            label={t("ui.insp.named")}
            value={named}
            onChange={setNamed}
            error={form.errors.namedMemberIds}
            required={false}
          />
        )}
        <FormError form={form} />
        <Group gap="sm">
          <Button type="submit" loading={form.busy}>
            {t("ui.insp.open")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** A denunciation as the UBKT receives it: the deadlines follow from the rulebook in force on the day received. */
function DenunciationForm({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [subject, setSubject] = useState({
    organizationId: "",
    memberId: null as string | null,
    kind: "member" as const,
  });
  const [content, setContent] = useState("");
  const [lead, setLead] = useState<string | null>(null);
  const [receivedOn, setReceivedOn] = useState<string | null>(todayIso());
  const [receiverName, setReceiverName] = useState("");
  const [denouncer, setDenouncer] = useState("");
  const form = useApiForm(
    () =>
      api.post<InspectionWire>(`/api/organizations/${orgId}/denunciations`, {
        ...subjectBody(subject),
        content,
        leadMemberId: lead,
        receivedOn,
        receiverName,
        denouncer: orNull(denouncer),
      }),
    (i) => {
      void client.invalidateQueries({ queryKey: inspectionKeys.all });
      navigate(`/kiem-tra/${i.id}`);
    },
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run} noValidate>
      <Stack gap="xs">
        <Title order={3}>{t("ui.insp.denunciation")}</Title>
        <Text size="sm" c="dimmed">
          {t("ui.insp.denunciationHelp")}
        </Text>
        <DateField
          label={t("ui.insp.receivedOn")}
          value={receivedOn}
          onChange={setReceivedOn}
          error={form.errors.receivedOn}
          required
        />
        <TextInput
          label={t("ui.insp.receiverName")}
          value={receiverName}
          onChange={(e) => setReceiverName(e.currentTarget.value)}
          error={form.errors.receiverName}
          required
        />
        <SubjectFields
          orgId={orgId}
          value={subject}
          onChange={(v) => setSubject(v as typeof subject)}
          errors={form.errors}
        />
        <Textarea
          label={t("ui.inspections.content")}
          value={content}
          onChange={(e) => setContent(e.currentTarget.value)}
          error={form.errors.content}
          autosize
          minRows={3}
          required
        />
        <TextInput
          label={t("ui.insp.denouncer")}
          value={denouncer}
          onChange={(e) => setDenouncer(e.currentTarget.value)}
          error={form.errors.denouncer}
        />
        <MemberPicker
          organizationId={orgId}
          label={t("ui.inspections.lead")}
          value={lead}
          onChange={setLead}
          error={form.errors.leadMemberId}
        />
        <FormError form={form} />
        <Group gap="sm">
          <Button type="submit" loading={form.busy}>
            {t("ui.insp.receive")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function InspectionsPage() {
  const { id = "" } = useParams();
  // From a meeting's page ("Ghi giám sát thường xuyên"): ?giam-sat=<meeting>&chi-bo=<cell>.
  const [params, setParams] = useSearchParams();
  const t = useT();
  usePageTitle(t("ui.inspections.title"));
  const org = useOrganization(id);
  const rules = useInspectionRules(id);
  const dashboard = useQuery({
    queryKey: [...inspectionKeys.all, "dashboard", id],
    queryFn: () => api.get<DashboardWire>(`/api/organizations/${id}/inspection-dashboard`),
  });
  const programmes = useQuery({
    queryKey: [...inspectionKeys.all, "programmes", id],
    queryFn: () => api.get<{ items: ProgrammeWire[] }>(`/api/organizations/${id}/inspection-programmes`),
  });
  const list = useQuery({
    queryKey: [...inspectionKeys.all, "list", id],
    queryFn: () => api.get<{ items: InspectionWire[] }>(`/api/organizations/${id}/inspections`),
  });
  const first = [org, dashboard, programmes, list].find((q) => q.isError);
  if (first) return <PageError error={first.error} onRetry={() => void first.refetch()} />;
  if (!org.data || !dashboard.data || !programmes.data || !list.data) return <PageLoader />;
  const o = org.data;
  const inspector = dashboard.data.isInspector;
  const manages = o.permissions["plan.manage"];
  // The bodies the reader acts for here: a cell's own; on a đảng bộ the đảng ủy (its managers) and the UBKT.
  const bodies = PROGRAMME_BODIES.filter((b) =>
    o.kind === "cell"
      ? b === "cell" && manages
      : b === "inspection_committee"
        ? inspector
        : b === "party_committee" && manages,
  );
  const outside = rules.data
    ? (Object.keys(rules.data.types) as InspectionType[]).filter(
        (x) =>
          !rules.data.types[x].programmable &&
          x !== "denunciation" &&
          // On a đảng bộ a routine supervision is recorded against the meeting attended, in its own form.
          !(x === "routine_supervision" && o.kind === "party_committee") &&
          (rules.data.types[x].confidential ? inspector : bodies.length > 0),
      )
    : [];
  const supervisedCell = params.get("chi-bo");
  const supervisedMeeting = params.get("giam-sat");
  const fromMeeting =
    supervisedCell && supervisedMeeting && dashboard.data.routineCells.some((c) => c.id === supervisedCell)
      ? { cellId: supervisedCell, meetingId: supervisedMeeting }
      : undefined;
  const concluded = list.data.items.filter((i) => i.concludedOn);
  const running = list.data.items.filter((i) => !i.concludedOn);
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={`/to-chuc/${o.id}`} size="sm">
          {o.name}
        </Anchor>
        <Title order={2}>{t("ui.inspections.title")}</Title>
      </div>
      {fromMeeting && (
        <RoutineSupervisionForm
          orgId={o.id}
          cells={dashboard.data.routineCells}
          from={fromMeeting}
          onClose={() => setParams({}, { replace: true })}
        />
      )}
      <Dashboard d={dashboard.data} orgId={o.id} />

      <Title order={3}>{t("ui.inspections.programmes")}</Title>
      {programmes.data.items.length === 0 && <Text>{t("ui.inspections.none")}</Text>}
      {programmes.data.items.map((p) => (
        <Card key={p.id} withBorder padding="sm">
          <Anchor component={Link} to={`/kiem-tra/chuong-trinh/${p.id}`} fw={700} style={{ overflowWrap: "anywhere" }}>
            {p.title}
          </Anchor>
          <Group gap="xs" mt={4}>
            <Badge variant="light">{t(`ui.inspections.body.${p.body}`)}</Badge>
            {p.numberText ? (
              <Text size="sm">{t("ui.inspections.number", { number: p.numberText })}</Text>
            ) : (
              <Badge color="gray.8" variant="outline">
                {t("ui.inspections.draft")}
              </Badge>
            )}
          </Group>
        </Card>
      ))}
      {bodies.length > 0 && (
        <Opener label={t("ui.inspections.newProgramme")}>
          {(close) => <NewProgrammeForm orgId={o.id} bodies={bodies} onClose={close} />}
        </Opener>
      )}

      <Title order={3}>{t("ui.insp.list")}</Title>
      {list.data.items.length === 0 && <Text>{t("ui.inspections.none")}</Text>}
      {[...running, ...concluded].map((i) => (
        <InspectionCard key={i.id} i={i} />
      ))}
      {outside.length > 0 && bodies.length > 0 && (
        <Opener label={t("ui.insp.newInspection")}>
          {(close) => (
            <NewInspectionForm
              orgId={o.id}
              bodies={bodies}
              types={outside}
              confidential={(x) => !!rules.data?.types[x].confidential}
              onClose={close}
            />
          )}
        </Opener>
      )}
      {dashboard.data.routineCells.length > 0 && !fromMeeting && (
        <Opener label={t("ui.inspSup.title")}>
          {(close) => <RoutineSupervisionForm orgId={o.id} cells={dashboard.data.routineCells} onClose={close} />}
        </Opener>
      )}
      {inspector && o.kind === "party_committee" && (
        <Opener label={t("ui.insp.denunciation")}>
          {(close) => <DenunciationForm orgId={o.id} onClose={close} />}
        </Opener>
      )}
      {inspector && o.kind === "party_committee" && <ReportsSection orgId={o.id} />}
    </Stack>
  );
}

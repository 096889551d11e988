import { useState } from "react";
import { Alert, Anchor, Badge, Box, Button, Card, Group, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { useCurrentUser } from "../../../web/auth";
import { DateField } from "../../../web/dates";
import { formatDate, formatDateTime, todayIso, useT } from "../../../web/i18n";
import { FormError, InfoList, notifySuccess, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import { MemberPicker } from "../../members/ui/MemberPicker";
import { type InspectionRules, type StepKey, stepDocumentType } from "../model";
import type { FindingWire, InspectionDetailWire } from "../present";
import {
  Choice,
  ConfidentialBadge,
  DownloadLinks,
  inspectionKeys,
  Opener,
  Prose,
  Section,
  useInspectionRules,
} from "./shared";

// /kiem-tra/:id — one inspection or supervision: its steps in the rulebook's order with the next one marked, the
// form for the next step, and the findings followed to closure. What the reader sees is what the server sent.

type Detail = InspectionDetailWire;

/** A step's name; a chi bộ's team is set up by its plan (KH), not a decision, as the rulebook declares. */
function stepName(t: ReturnType<typeof useT>, key: StepKey, d: Detail, rules: InspectionRules | undefined) {
  const plan = key === "decision" && rules && stepDocumentType(rules, key, d.body) === "KH";
  return plan ? t("ui.inspections.step.inspectionPlan") : t(`ui.inspections.step.${key}`);
}

const invalidate = (client: ReturnType<typeof useQueryClient>) =>
  void client.invalidateQueries({ queryKey: inspectionKeys.all });

function StepList({ d, rules }: { d: Detail; rules: InspectionRules | undefined }) {
  const t = useT();
  return (
    <Section title={t("ui.inspections.steps")} testId="inspection-steps">
      <Stack gap="sm" component="ol" style={{ paddingInlineStart: 0, margin: 0, listStyle: "none" }}>
        {d.declaredSteps.map((key, n) => {
          const done = d.steps.find((s) => s.step === key);
          const next = d.nextSteps.includes(key);
          const docType = rules ? stepDocumentType(rules, key, d.body) : null;
          // A step the subject may not read: the team's own, or any missing one once the inspection is concluded.
          const hidden = !done && !d.mayRun && (!!d.concludedOn || (rules && !rules.steps[key].subjectSees));
          return (
            <li
              key={key}
              data-testid={`step-${key}`}
              style={{
                borderLeft: `4px solid var(--mantine-color-${done ? "teal-7" : next ? "orange-7" : "gray-4"})`,
                paddingLeft: 10,
              }}
            >
              <Text fw={700} c={done || next ? undefined : "dimmed"}>
                {n + 1}. {stepName(t, key, d, rules)}
              </Text>
              {done ? (
                <>
                  <Text size="sm" c="teal.9" fw={600}>
                    ✓ {formatDate(done.on)}
                  </Text>
                  {done.numberText && (
                    <Text size="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
                      {t("ui.inspections.number", { number: done.numberText })}
                    </Text>
                  )}
                  {done.text && <Prose>{done.text}</Prose>}
                  {(key === "decision" || key === "conclusion") && done.numberText && (
                    // The numbered decision and conclusion notice, in the official layout (a download is logged on a
                    // confidential case).
                    <DownloadLinks base={`/api/inspections/${d.id}/file/${key}`} />
                  )}
                  <Text size="xs" c="dimmed">
                    {t("ui.insp.recordedBy", { name: done.actorName })}
                  </Text>
                </>
              ) : next ? (
                <Badge color="orange.9" variant="filled">
                  {t("ui.insp.nextStep")}
                </Badge>
              ) : hidden ? (
                <Text size="sm" c="dimmed">
                  {t("ui.insp.teamStep")}
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  {t("ui.insp.notYet")}
                </Text>
              )}
              {!done && docType && (
                <Text size="xs" c="dimmed">
                  {t("ui.insp.numbered", { type: docType })}
                </Text>
              )}
            </li>
          );
        })}
      </Stack>
    </Section>
  );
}

/** The team records the next step; the subject writes its self-report. One form, the step chosen from those allowed. */
function StepForm({ d, steps, rules }: { d: Detail; steps: StepKey[]; rules: InspectionRules | undefined }) {
  const t = useT();
  const client = useQueryClient();
  const [step, setStep] = useState<StepKey | "">(steps[0] ?? "");
  const [on, setOn] = useState<string | null>(todayIso());
  const [text, setText] = useState("");
  const chosen = steps.includes(step as StepKey) ? step : (steps[0] ?? "");
  const form = useApiForm(
    () =>
      api.post(`/api/inspections/${d.id}/steps`, { step: chosen, on, text: text.trim() || null, version: d.version }),
    () => {
      notifySuccess(t("ui.insp.stepRecorded", { step: stepName(t, chosen as StepKey, d, rules) }));
      setText("");
      invalidate(client);
    },
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run} noValidate data-testid="step-form">
      <Stack gap="xs">
        <Title order={3}>{t("ui.inspections.record")}</Title>
        {/* One step allowed: named in full, where a select would cut its long name at 360 px. */}
        {steps.length > 1 ? (
          <Choice
            label={t("ui.insp.step")}
            value={chosen}
            onChange={setStep}
            options={steps.map((s) => ({ value: s, label: stepName(t, s, d, rules) }))}
            error={form.errors.step}
          />
        ) : (
          <div>
            <Text fw={700} data-testid="step-chosen">
              {stepName(t, chosen as StepKey, d, rules)}
            </Text>
            {form.errors.step && (
              <Text size="sm" c="red.8">
                {form.errors.step}
              </Text>
            )}
          </div>
        )}
        <DateField label={t("ui.inspections.on")} value={on} onChange={setOn} error={form.errors.on} required />
        <Textarea
          label={t("ui.inspections.text")}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={form.errors.text}
          autosize
          minRows={3}
        />
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t("ui.inspections.record")}
        </Button>
      </Stack>
    </Card>
  );
}

function FindingForm({ d, onClose }: { d: Detail; onClose: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const [text, setText] = useState("");
  const [remedy, setRemedy] = useState("");
  const [owner, setOwner] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState<string | null>(null);
  const form = useApiForm(
    () => api.post(`/api/inspections/${d.id}/findings`, { text, remedy, ownerMemberId: owner, dueOn }),
    () => {
      notifySuccess(t("ui.insp.findingAdded"));
      invalidate(client);
      onClose();
    },
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run} noValidate>
      <Stack gap="xs">
        <Title order={4}>{t("ui.inspections.addFinding")}</Title>
        <Textarea
          label={t("ui.inspections.finding")}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={form.errors.text}
          autosize
          minRows={2}
          required
        />
        <Textarea
          label={t("ui.inspections.remedy")}
          value={remedy}
          onChange={(e) => setRemedy(e.currentTarget.value)}
          error={form.errors.remedy}
          autosize
          minRows={2}
          required
        />
        <MemberPicker
          organizationId={d.subjectOrganizationId ?? d.organizationId}
          label={t("ui.inspections.owner")}
          value={owner}
          onChange={setOwner}
          error={form.errors.ownerMemberId}
        />
        <DateField
          label={t("ui.inspections.dueOn")}
          value={dueOn}
          onChange={setDueOn}
          error={form.errors.dueOn}
          required
        />
        <FormError form={form} />
        <Group gap="sm">
          <Button type="submit" loading={form.busy}>
            {t("ui.inspections.addFinding")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function ReportForm({ f, onClose }: { f: FindingWire; onClose: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const [report, setReport] = useState(f.report ?? "");
  const [reportedOn, setReportedOn] = useState<string | null>(todayIso());
  const form = useApiForm(
    () => api.post(`/api/findings/${f.id}/report`, { report, reportedOn, version: f.version }),
    () => {
      notifySuccess(t("ui.insp.reportSent"));
      invalidate(client);
      onClose();
    },
  );
  return (
    <Box component="form" onSubmit={form.run} noValidate>
      <Stack gap="xs">
        <Textarea
          label={t("ui.inspections.report")}
          value={report}
          onChange={(e) => setReport(e.currentTarget.value)}
          error={form.errors.report}
          autosize
          minRows={3}
          required
        />
        <DateField
          label={t("ui.insp.reportedOn")}
          value={reportedOn}
          onChange={setReportedOn}
          error={form.errors.reportedOn}
          required
        />
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t("ui.inspections.sendReport")}
        </Button>
      </Stack>
    </Box>
  );
}

function CloseForm({ f }: { f: FindingWire }) {
  const t = useT();
  const client = useQueryClient();
  const [closedOn, setClosedOn] = useState<string | null>(todayIso());
  const form = useApiForm(
    () => api.post(`/api/findings/${f.id}/close`, { closedOn, version: f.version }),
    () => {
      notifySuccess(t("ui.insp.findingClosed"));
      invalidate(client);
    },
  );
  return (
    <Box component="form" onSubmit={form.run} noValidate>
      <Stack gap="xs">
        <DateField
          label={t("ui.insp.closedOn")}
          value={closedOn}
          onChange={setClosedOn}
          error={form.errors.closedOn ?? form.errors.report}
          required
        />
        <FormError form={form} />
        <Button type="submit" color="teal.8" loading={form.busy}>
          {t("ui.inspections.close")}
        </Button>
      </Stack>
    </Box>
  );
}

function FindingCard({ d, f, mayReport }: { d: Detail; f: FindingWire; mayReport: boolean }) {
  const t = useT();
  const overdue = !f.closedOn && f.dueOn < todayIso();
  return (
    <Card withBorder padding="sm" data-testid="finding">
      <Stack gap={6}>
        <Badge
          color={f.closedOn ? "teal.9" : overdue ? "red.9" : "orange.9"}
          variant={f.closedOn ? "outline" : "filled"}
          bg={f.closedOn ? "white" : undefined}
        >
          {f.closedOn ? t("ui.insp.closedShort") : overdue ? t("ui.insp.overdueShort") : t("ui.inspections.open")}
        </Badge>
        <Text fw={700} style={{ overflowWrap: "anywhere" }}>
          {f.text}
        </Text>
        <InfoList
          items={[
            { label: t("ui.inspections.remedy"), value: f.remedy },
            { label: t("ui.inspections.owner"), value: f.ownerName },
            { label: t("ui.inspections.dueOn"), value: formatDate(f.dueOn) },
          ]}
        />
        {f.taskId && (
          <Anchor component={Link} to={`/nhiem-vu/${f.taskId}`} size="sm">
            {t("ui.insp.openTask")}
          </Anchor>
        )}
        {f.report && (
          <div>
            <Text size="sm" fw={600}>
              {t("ui.insp.reportOn", { date: formatDate(f.reportedOn) })}
            </Text>
            <Prose>{f.report}</Prose>
          </div>
        )}
        {f.closedOn && (
          <Text size="sm" c="teal.9" fw={600}>
            {t("ui.inspections.closed", { date: formatDate(f.closedOn) })}
          </Text>
        )}
        {!f.closedOn && mayReport && (
          <Opener label={f.report ? t("ui.insp.editReport") : t("ui.inspections.report")}>
            {(close) => <ReportForm f={f} onClose={close} />}
          </Opener>
        )}
        {!f.closedOn && d.mayRun && f.report && <CloseForm f={f} />}
        {!f.closedOn && d.mayRun && !f.report && (
          <Text size="sm" c="dimmed">
            {t("ui.insp.waitingReport")}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function Openings({ id }: { id: string }) {
  const t = useT();
  const q = useQuery({
    queryKey: [...inspectionKeys.all, "openings", id],
    queryFn: () =>
      api.get<{ items: { id: string; displayName: string; openedAt: string }[] }>(`/api/inspections/${id}/openings`),
  });
  return (
    <Section title={t("ui.insp.openings")}>
      {(q.data?.items ?? []).map((o) => (
        <Text key={o.id} size="sm">
          {o.displayName} — {formatDateTime(o.openedAt)}
        </Text>
      ))}
    </Section>
  );
}

export function InspectionPage() {
  const { id = "" } = useParams();
  const t = useT();
  const me = useCurrentUser();
  const q = useQuery({
    queryKey: [...inspectionKeys.all, "detail", id],
    queryFn: () => api.get<Detail>(`/api/inspections/${id}`),
  });
  // The rulebook as read where the reader stands: the subject's cell reads it there, not on the đảng bộ.
  const rules = useInspectionRules(
    q.data && (q.data.mayRun ? q.data.organizationId : (q.data.subjectOrganizationId ?? q.data.organizationId)),
  );
  usePageTitle(q.data?.subjectName ?? t("ui.inspections.title"));
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const subjectSide = d.maySelfReport || me.scopes.some((s) => s.organizationId === d.subjectOrganizationId);
  // The remedy's owner, the subject's managers and the team may report on a remedy (the server checks each).
  const mayReport = (f: FindingWire) =>
    d.mayRun ||
    me.member?.id === f.ownerMemberId ||
    me.scopes.some((s) => s.organizationId === d.subjectOrganizationId && s.role === "manager");
  const selfReportAllowed = d.maySelfReport && d.steps.some((s) => s.step === "notice");
  const formSteps: StepKey[] = d.mayRun ? d.nextSteps : selfReportAllowed ? ["self_report"] : [];
  return (
    <Stack gap="md">
      <div>
        <Anchor
          component={Link}
          to={`/to-chuc/${d.mayRun || !d.subjectOrganizationId ? d.organizationId : d.subjectOrganizationId}/kiem-tra`}
          size="sm"
        >
          {t("ui.inspections.title")}
        </Anchor>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Title order={2} style={{ minWidth: 0, overflowWrap: "anywhere" }}>
            {d.subjectName}
          </Title>
          {d.confidential && <ConfidentialBadge />}
        </Group>
        <Text fw={600}>{t(`ui.inspections.type.${d.type}`)}</Text>
      </div>
      <Card withBorder padding="sm">
        <InfoList
          items={[
            { label: t("ui.inspections.body"), value: t(`ui.inspections.body.${d.body}`) },
            { label: t("ui.inspections.content"), value: <Prose>{d.content}</Prose> },
            { label: t("ui.inspections.lead"), value: d.leadName },
            ...(d.receivedOn ? [{ label: t("ui.insp.receivedOn"), value: formatDate(d.receivedOn) }] : []),
            ...(d.acceptBy ? [{ label: t("ui.insp.acceptBy"), value: formatDate(d.acceptBy) }] : []),
            ...(d.resolveBy ? [{ label: t("ui.insp.resolveByLabel"), value: formatDate(d.resolveBy) }] : []),
            ...(d.denouncer ? [{ label: t("ui.insp.denouncer"), value: d.denouncer }] : []),
          ]}
        />
        {d.meetingId && (
          <Anchor component={Link} to={`/cuoc-hop/${d.meetingId}`} size="sm">
            {t("ui.insp.openMeeting")}
          </Anchor>
        )}
        {d.concludedOn && (
          <Text c="teal.9" fw={700} mt={4}>
            {t("ui.inspections.concluded", { date: formatDate(d.concludedOn) })}
          </Text>
        )}
      </Card>
      {d.confidential && (
        <Alert color="red" variant="light" title={t("ui.insp.confidentialTitle")}>
          {t("ui.insp.confidentialHelp")}
        </Alert>
      )}
      <StepList d={d} rules={rules.data} />
      {formSteps.length > 0 && <StepForm key={formSteps.join()} d={d} steps={formSteps} rules={rules.data} />}
      {!d.mayRun && subjectSide && d.maySelfReport && !selfReportAllowed && (
        <Text size="sm" c="dimmed">
          {t("ui.insp.selfReportWaits")}
        </Text>
      )}
      {!d.confidential && (d.findings.length > 0 || (d.mayRun && d.concludedOn)) && (
        <Section title={t("ui.inspections.findings")} testId="findings">
          {d.findings.map((f) => (
            <FindingCard key={f.id} d={d} f={f} mayReport={mayReport(f)} />
          ))}
          {d.mayRun && d.concludedOn && (
            <Opener label={t("ui.inspections.addFinding")}>{(close) => <FindingForm d={d} onClose={close} />}</Opener>
          )}
        </Section>
      )}
      {d.mayReadOpenings && <Openings id={d.id} />}
    </Stack>
  );
}

import { useState } from "react";
import { Button, Card, Checkbox, Group, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api } from "../../../web/api";
import { useCurrentUser } from "../../../web/auth";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { FormError, useApiForm } from "../../../web/ui";
import { MemberPicker } from "../../members/ui/MemberPicker";
import type { MeetingList } from "../../meetings/present";
import type { DashboardWire, InspectionWire } from "../present";
import { Choice, inspectionKeys } from "./shared";

type RoutineCell = DashboardWire["routineCells"][number];
type Body = RoutineCell["bodies"][number];

/**
 * Routine supervision (giám sát thường xuyên) recorded against a meeting the supervisor attended: the cell, one of
 * its meetings already held, who supervised, what was supervised, the notes and, if any, a shortcoming to remedy.
 */
export function RoutineSupervisionForm({
  orgId,
  cells,
  from,
  onClose,
}: {
  orgId: string;
  cells: RoutineCell[];
  /** Opened from a meeting's page: that cell and that meeting, already chosen. */
  from?: { cellId: string; meetingId: string };
  onClose: () => void;
}) {
  const t = useT();
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useCurrentUser();
  const [cellId, setCellId] = useState(from?.cellId ?? (cells.length === 1 ? cells[0]!.id : ""));
  const cell = cells.find((c) => c.id === cellId);
  const [chosenBody, setBody] = useState<Body | "">("");
  const body = cell?.bodies.includes(chosenBody as Body) ? chosenBody : (cell?.bodies[0] ?? "");
  const [meetingId, setMeetingId] = useState(from?.meetingId ?? "");
  const [lead, setLead] = useState<string | null>(me.member?.id ?? null);
  const [content, setContent] = useState(t("ui.inspSup.defaultContent"));
  const [notes, setNotes] = useState("");
  const [withFinding, setWithFinding] = useState(false);
  const [finding, setFinding] = useState({
    text: "",
    remedy: "",
    owner: null as string | null,
    dueOn: null as string | null,
  });
  // The cell's meetings held up to today, newest first: the one attended is picked from these.
  const meetings = useQuery({
    queryKey: ["meetings", "held", cellId],
    queryFn: () => api.get<MeetingList>(`/api/organizations/${cellId}/meetings?to=${todayIso()}&limit=24`),
    enabled: !!cellId,
  });
  const form = useApiForm(
    () =>
      api.post<InspectionWire>(`/api/organizations/${orgId}/routine-supervisions`, {
        body,
        subjectOrganizationId: cellId,
        meetingId,
        leadMemberId: lead,
        content,
        notes,
        findings: withFinding
          ? [{ text: finding.text, remedy: finding.remedy, ownerMemberId: finding.owner, dueOn: finding.dueOn }]
          : [],
      }),
    (i) => {
      void client.invalidateQueries({ queryKey: inspectionKeys.all });
      navigate(`/kiem-tra/${i.id}`);
    },
  );
  const fieldOf = (name: string) => form.errors[`findings.0.${name}`];
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run} noValidate data-testid="routine-form">
      <Stack gap="xs">
        <Title order={3}>{t("ui.inspSup.title")}</Title>
        <Text size="sm" c="dimmed">
          {t("ui.inspSup.help")}
        </Text>
        <Choice
          label={t("ui.inspSup.cell")}
          value={cellId}
          onChange={(id) => {
            setCellId(id);
            setMeetingId("");
          }}
          options={cells.map((c) => ({ value: c.id, label: c.name }))}
          error={form.errors.subjectOrganizationId}
          blank
        />
        {cell && cell.bodies.length > 1 && (
          <Choice
            label={t("ui.inspections.body")}
            value={body}
            onChange={setBody}
            options={cell.bodies.map((b) => ({ value: b, label: t(`ui.inspections.body.${b}`) }))}
            error={form.errors.body}
          />
        )}
        <Choice
          label={t("ui.inspSup.meeting")}
          value={meetingId}
          onChange={setMeetingId}
          options={(meetings.data?.items ?? []).map((m) => ({
            value: m.id,
            label: `${formatDate(m.date)} — ${m.title ?? t(`meetings.kind.${m.kind}`)}`,
          }))}
          error={form.errors.meetingId}
          blank
        />
        {cellId && meetings.data && meetings.data.items.length === 0 && (
          <Text size="sm" c="orange.9">
            {t("ui.inspSup.noMeetings")}
          </Text>
        )}
        <MemberPicker
          organizationId={orgId}
          label={t("ui.inspSup.lead")}
          value={lead}
          onChange={setLead}
          error={form.errors.leadMemberId}
        />
        <TextInput
          label={t("ui.inspections.content")}
          value={content}
          onChange={(e) => setContent(e.currentTarget.value)}
          error={form.errors.content}
          required
        />
        <Textarea
          label={t("ui.inspSup.notes")}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          error={form.errors.notes}
          autosize
          minRows={3}
          required
        />
        <Checkbox
          label={t("ui.inspSup.withFinding")}
          checked={withFinding}
          onChange={(e) => setWithFinding(e.currentTarget.checked)}
          size="md"
          py={6}
        />
        {withFinding && (
          <>
            <Textarea
              label={t("ui.inspSup.findingText")}
              value={finding.text}
              onChange={(e) => setFinding({ ...finding, text: e.currentTarget.value })}
              error={fieldOf("text")}
              autosize
              minRows={2}
              required
            />
            <Textarea
              label={t("ui.inspSup.remedy")}
              value={finding.remedy}
              onChange={(e) => setFinding({ ...finding, remedy: e.currentTarget.value })}
              error={fieldOf("remedy")}
              autosize
              minRows={2}
              required
            />
            <MemberPicker
              organizationId={cellId || orgId}
              label={t("ui.inspSup.owner")}
              value={finding.owner}
              onChange={(owner) => setFinding({ ...finding, owner })}
              error={fieldOf("ownerMemberId")}
            />
            <DateField
              label={t("ui.inspSup.dueOn")}
              value={finding.dueOn}
              onChange={(dueOn) => setFinding({ ...finding, dueOn })}
              error={fieldOf("dueOn")}
              required
            />
          </>
        )}
        <FormError form={form} />
        <Group gap="sm">
          <Button type="submit" loading={form.busy}>
            {t("ui.inspSup.record")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

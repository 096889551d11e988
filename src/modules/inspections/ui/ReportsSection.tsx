import { useState } from "react";
import { Badge, Button, Card, Group, NumberInput, Select, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../web/api";
import { todayIso, useT } from "../../../web/i18n";
import { FormError, notifySuccess, useApiForm } from "../../../web/ui";
import type { ReportWire } from "../present";
import { SectionText } from "./SectionText";
import { DownloadLinks, inspectionKeys, Opener } from "./shared";

// The UBKT's quarterly and yearly report (BC): drafted from the records, its wording edited, issued once the period
// has ended (ADR 0128). Only the UBKT and the deciding committee read it; the page shows it to the UBKT.

const periodLabel = (t: ReturnType<typeof useT>, r: ReportWire) =>
  r.kind === "year"
    ? t("ui.inspReports.year", { year: r.year })
    : t("ui.inspReports.quarter", { quarter: r.quarter ?? 0, year: r.year });

export function ReportsSection({ orgId }: { orgId: string }) {
  const t = useT();
  const reports = useQuery({
    queryKey: [...inspectionKeys.all, "reports", orgId],
    queryFn: () => api.get<{ items: ReportWire[] }>(`/api/organizations/${orgId}/inspection-reports`),
  });
  return (
    <Stack gap="sm" data-testid="inspection-reports">
      <Title order={3}>{t("ui.inspReports.title")}</Title>
      {reports.data?.items.length === 0 && <Text>{t("ui.inspReports.none")}</Text>}
      {reports.data?.items.map((r) => (
        <ReportCard key={r.id} r={r} />
      ))}
      <Opener label={t("ui.inspReports.draft")}>{(close) => <DraftForm orgId={orgId} onClose={close} />}</Opener>
    </Stack>
  );
}

function DraftForm({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const [kind, setKind] = useState<"quarter" | "year">("quarter");
  const [year, setYear] = useState<number>(Number(todayIso().slice(0, 4)));
  const [quarter, setQuarter] = useState<string>("1");
  const form = useApiForm(
    () =>
      api.post<ReportWire>(`/api/organizations/${orgId}/inspection-reports`, {
        kind,
        year,
        quarter: kind === "quarter" ? Number(quarter) : null,
      }),
    () => {
      void client.invalidateQueries({ queryKey: inspectionKeys.all });
      onClose();
    },
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run} noValidate>
      <Stack gap="xs">
        <Select
          label={t("ui.inspReports.kind")}
          data={[
            { value: "quarter", label: t("ui.inspReports.kindQuarter") },
            { value: "year", label: t("ui.inspReports.kindYear") },
          ]}
          value={kind}
          onChange={(v) => setKind(v === "year" ? "year" : "quarter")}
          allowDeselect={false}
        />
        <NumberInput
          label={t("ui.inspReports.yearLabel")}
          value={year}
          onChange={(v) => setYear(Number(v))}
          error={form.errors.year}
          required
        />
        {kind === "quarter" && (
          <Select
            label={t("ui.inspReports.quarterLabel")}
            data={["1", "2", "3", "4"]}
            value={quarter}
            onChange={(v) => setQuarter(v ?? "1")}
            error={form.errors.quarter}
            allowDeselect={false}
          />
        )}
        <FormError form={form} />
        <Group gap="sm">
          <Button type="submit" loading={form.busy}>
            {t("ui.inspReports.draft")}
          </Button>
          <Button variant="subtle" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function ReportCard({ r }: { r: ReportWire }) {
  const t = useT();
  const client = useQueryClient();
  const [sections, setSections] = useState(r.sections);
  const [editing, setEditing] = useState(false);
  const refresh = () => void client.invalidateQueries({ queryKey: inspectionKeys.all });
  const save = useApiForm(
    () => api.put<ReportWire>(`/api/inspection-reports/${r.id}`, { sections, version: r.version }),
    () => {
      notifySuccess(t("ui.inspReports.saved"));
      refresh();
    },
  );
  const issue = useApiForm(
    () => api.post<ReportWire>(`/api/inspection-reports/${r.id}/issue`, { issuedOn: todayIso(), version: r.version }),
    (done) => {
      notifySuccess(t("ui.inspReports.issued", { number: done.numberText ?? "" }));
      refresh();
    },
  );
  return (
    <Card withBorder padding="sm" data-testid="inspection-report">
      <Stack gap="xs">
        <Group gap="xs">
          <Text fw={700}>{periodLabel(t, r)}</Text>
          {r.numberText ? (
            <Text size="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
              {t("ui.inspections.number", { number: r.numberText })}
            </Text>
          ) : (
            <Badge color="gray.8" variant="outline">
              {t("ui.inspections.draft")}
            </Badge>
          )}
        </Group>
        <DownloadLinks base={`/api/inspection-reports/${r.id}/file`} />
        {/* The read view: the text as it will print, its tables as tables (the editor types them as "|"). */}
        {!editing && sections.map((s) => <SectionText key={s.key} heading={s.heading} text={s.text} />)}
        {!r.issuedOn && editing && (
          <>
            <Text size="xs" c="dimmed">
              {t("ui.inspSup.tableHelp")}
            </Text>
            {sections.map((s, i) => (
              <Textarea
                key={s.key}
                label={s.heading}
                value={s.text}
                autosize
                minRows={3}
                onChange={(e) => {
                  const text = e.currentTarget.value;
                  setSections((all) => all.map((x, j) => (j === i ? { ...x, text } : x)));
                }}
              />
            ))}
          </>
        )}
        {!r.issuedOn && (
          <>
            <FormError form={save} />
            <FormError form={issue} />
            <Group gap="sm">
              {editing ? (
                <>
                  <Button onClick={() => void save.run()} loading={save.busy}>
                    {t("ui.inspReports.save")}
                  </Button>
                  <Button variant="default" onClick={() => setEditing(false)}>
                    {t("ui.inspSup.preview")}
                  </Button>
                </>
              ) : (
                <Button variant="default" onClick={() => setEditing(true)}>
                  {t("ui.inspSup.editReport")}
                </Button>
              )}
              <Button variant="outline" onClick={() => void issue.run()} loading={issue.busy}>
                {t("ui.inspReports.issue")}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {t("ui.inspReports.issueHelp")}
            </Text>
          </>
        )}
      </Stack>
    </Card>
  );
}

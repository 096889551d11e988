/** A resolution's target (chỉ tiêu): baseline, goal, its dated measurements, and progress against the goal. */
import { useState } from "react";
import { Button, NumberInput, Paper, Stack, Text, Textarea } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { FormModal } from "../../../web/FormModal";
import { formatDate, todayIso, useI18n, useT } from "../../../web/i18n";
import { notifySuccess, orNull, useApiForm } from "../../../web/ui";
import { planKeys, ProgressLine, type TargetView } from "./shared";

export interface Measurement {
  id?: string;
  measuredOn: string;
  value: number;
  note?: string | null;
}

export function TargetCard({
  target,
  orgId,
  resolutionId,
  manage,
}: {
  target: TargetView & { measurements: Measurement[] };
  orgId: string;
  resolutionId: string;
  manage: boolean;
}) {
  const t = useT();
  const { locale } = useI18n();
  const [adding, setAdding] = useState(false);
  const x = target;
  const unit = x.measureUnit ?? x.unit ?? "";
  const num = (n: number) => n.toLocaleString(locale === "en" ? "en-GB" : "vi-VN");
  const newestFirst = [...x.measurements].sort((a, b) =>
    a.measuredOn < b.measuredOn ? 1 : a.measuredOn > b.measuredOn ? -1 : 0,
  );
  return (
    <Paper withBorder p="md" radius="md" data-testid="target">
      <Text fw={700}>{x.name}</Text>
      <Text size="sm">
        {t("ui.plans.target.line", {
          baseline: num(x.baseline),
          goal: num(x.goal),
          unit,
          latest: x.latest === null ? "—" : num(x.latest),
        })}
      </Text>
      <ProgressLine value={x.attainment} label={t("ui.plans.target.attainment")} />
      <ProgressLine value={x.workProgress} label={t("ui.plans.target.work")} color="grape.7" />
      <Text fw={600} size="sm" mt="sm">
        {t("ui.plans.measure.title")}
      </Text>
      {newestFirst.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("ui.plans.measure.none")}
        </Text>
      ) : (
        <Stack component="ul" gap={2} style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {newestFirst.map((m, i) => (
            <Text component="li" key={m.id ?? i} size="sm">
              {formatDate(m.measuredOn)}: <b>{num(m.value)}</b> {unit}
              {m.note ? ` — ${m.note}` : ""}
            </Text>
          ))}
        </Stack>
      )}
      {manage && (
        <Button size="sm" variant="light" mt="sm" onClick={() => setAdding(true)}>
          {t("ui.plans.measure.add")}
        </Button>
      )}
      {adding && (
        <MeasurementForm
          target={x}
          unit={unit}
          orgId={orgId}
          resolutionId={resolutionId}
          onClose={() => setAdding(false)}
        />
      )}
    </Paper>
  );
}

function MeasurementForm({
  target,
  unit,
  orgId,
  resolutionId,
  onClose,
}: {
  target: TargetView;
  unit: string;
  orgId: string;
  resolutionId: string;
  onClose: () => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const [on, setOn] = useState<string | null>(todayIso());
  const [value, setValue] = useState<number | string>("");
  const [note, setNote] = useState("");
  const form = useApiForm(
    () =>
      api.post(`/api/targets/${target.id}/measurements`, {
        measuredOn: on,
        value: value === "" ? null : Number(value),
        note: orNull(note),
      }),
    () => {
      void qc.invalidateQueries({ queryKey: planKeys.resolution(resolutionId) });
      void qc.invalidateQueries({ queryKey: ["plans", orgId] });
      notifySuccess(t("ui.plans.measure.saved"));
      onClose();
    },
  );
  const e = form.errors;
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.plans.measure.add")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      onSubmit={form.run}
    >
      <Text fw={600}>{target.name}</Text>
      <Text size="sm" c="dimmed">
        {t("ui.plans.measure.help", { goal: target.goal, unit })}
      </Text>
      <DateField label={t("fields.measuredOn")} value={on} onChange={setOn} required error={e.measuredOn} />
      <NumberInput
        label={t("ui.plans.measure.value", { unit })}
        value={value}
        onChange={setValue}
        decimalSeparator=","
        required
        error={e.value}
      />
      <Textarea
        label={t("fields.note")}
        value={note}
        onChange={(ev) => setNote(ev.currentTarget.value)}
        autosize
        error={e.note}
      />
    </FormModal>
  );
}

/**
 * The ratification of the elected secretary ([000], point 1): the cell records its submission (tờ trình đề nghị chuẩn y),
 * the đảng ủy (its office) records the decision. The programme never waits for it.
 */
import { useState } from "react";
import { Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { FormModal } from "../../../web/FormModal";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { notifySuccess, useApiForm } from "../../../web/ui";
import type { CongressView } from "./shared";

/** May this user record decisions of the level above (the đảng ủy over the cell)? Asked of the parent's own permissions. */
function useMayRatify(parentId: string | null) {
  const parent = useQuery({
    queryKey: ["organization", parentId ?? ""],
    queryFn: () => api.get<{ permissions: Record<string, boolean> }>(`/api/organizations/${parentId}`),
    enabled: !!parentId,
    retry: false,
  });
  return !!parent.data?.permissions["plan.manage"];
}

export function RatificationPanel({
  orgId,
  parentId,
  congress,
  manage,
}: {
  orgId: string;
  parentId: string | null;
  congress: CongressView;
  manage: boolean;
}) {
  const t = useT();
  const mayRatify = useMayRatify(parentId);
  const [open, setOpen] = useState<"submission" | "ratification" | null>(null);
  const c = congress;
  return (
    <Stack gap="xs" data-testid="ratification">
      <Text size="sm">
        {c.ratifiedOn
          ? t("ui.plans.congress.ratified", { date: formatDate(c.ratifiedOn), number: c.ratificationNumber ?? "" })
          : c.submittedOn
            ? t("ui.plans.ratify.submittedLine", { date: formatDate(c.submittedOn), number: c.submissionNumber ?? "" })
            : t("ui.plans.congress.notRatified")}
      </Text>
      {!c.ratifiedOn && (manage || mayRatify) && (
        <Group gap="sm">
          {manage && (
            <Button variant={c.submittedOn ? "default" : "light"} onClick={() => setOpen("submission")}>
              {t(c.submittedOn ? "ui.plans.ratify.editSubmission" : "ui.plans.ratify.recordSubmission")}
            </Button>
          )}
          {mayRatify && (
            <Button variant="light" color="teal.9" onClick={() => setOpen("ratification")}>
              {t("ui.plans.ratify.recordRatification")}
            </Button>
          )}
        </Group>
      )}
      {open === "submission" && <SubmissionForm orgId={orgId} congress={c} onClose={() => setOpen(null)} />}
      {open === "ratification" && <RatificationForm orgId={orgId} congress={c} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

function SubmissionForm({ orgId, congress, onClose }: { orgId: string; congress: CongressView; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [on, setOn] = useState<string | null>(congress.submittedOn ?? todayIso());
  const [number, setNumber] = useState(congress.submissionNumber ?? "");
  const form = useApiForm(
    () =>
      api.post(`/api/congresses/${congress.id}/submission`, {
        submittedOn: on,
        submissionNumber: number,
        version: congress.version,
      }),
    () => {
      void qc.invalidateQueries({ queryKey: ["plans", orgId] });
      notifySuccess(t("ui.plans.ratify.submissionSaved"));
      onClose();
    },
  );
  const e = form.errors;
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.plans.ratify.recordSubmission")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      onSubmit={form.run}
    >
      <Text size="sm" c="dimmed">
        {t("ui.plans.ratify.submissionHelp")}
      </Text>
      <TextInput
        label={t("fields.submissionNumber")}
        placeholder="05-TTr/CB"
        value={number}
        onChange={(ev) => setNumber(ev.currentTarget.value)}
        required
        error={e.submissionNumber}
      />
      <DateField label={t("fields.submittedOn")} value={on} onChange={setOn} required error={e.submittedOn} />
    </FormModal>
  );
}

function RatificationForm({
  orgId,
  congress,
  onClose,
}: {
  orgId: string;
  congress: CongressView;
  onClose: () => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const [on, setOn] = useState<string | null>(todayIso());
  const [number, setNumber] = useState("");
  const form = useApiForm(
    () =>
      api.post(`/api/congresses/${congress.id}/ratification`, {
        ratifiedOn: on,
        ratificationNumber: number,
        version: congress.version,
      }),
    () => {
      void qc.invalidateQueries({ queryKey: ["plans", orgId] });
      notifySuccess(t("ui.plans.ratify.ratificationSaved"));
      onClose();
    },
  );
  const e = form.errors;
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.plans.ratify.recordRatification")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      onSubmit={form.run}
      color="teal.9"
    >
      <Text size="sm" c="dimmed">
        {congress.submittedOn
          ? t("ui.plans.ratify.submittedLine", {
              date: formatDate(congress.submittedOn),
              number: congress.submissionNumber ?? "",
            })
          : t("ui.plans.ratify.noSubmissionYet")}
      </Text>
      <TextInput
        label={t("fields.ratificationNumber")}
        placeholder="112-QĐ/ĐU"
        value={number}
        onChange={(ev) => setNumber(ev.currentTarget.value)}
        required
        error={e.ratificationNumber}
      />
      <DateField label={t("fields.ratifiedOn")} value={on} onChange={setOn} required error={e.ratifiedOn} />
      <Text size="sm">{t("ui.plans.ratify.ticksChecklist")}</Text>
    </FormModal>
  );
}

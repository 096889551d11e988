/**
 * Editing, closing and deleting a plan item. Once the plan is issued every edit is an adjustment with its reason;
 * an item somebody has reported progress on cannot be deleted — the server refuses and the secretary closes it instead.
 */
import { useState } from "react";
import { Alert, Button, Group, Modal, NumberInput, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError, request, api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { FormModal } from "../../../web/FormModal";
import { todayIso, useT } from "../../../web/i18n";
import { errorMessage, notifySuccess, orNull, useApiForm, useIsPhone } from "../../../web/ui";
import { MemberPicker } from "../../members/ui/MemberPicker";
import type { Plan, PlanItemView } from "../present";
import { ITEM_FIELDS, OtherFieldErrors, planKeys } from "./shared";

/** What the item forms edit: an item as the plan page has it. */
export type EditableItem = Omit<PlanItemView, "progress" | "responsibleName">;

type Open = "edit" | "close" | "delete" | null;

export function ItemActions({ orgId, plan, item }: { orgId: string; plan: Plan; item: EditableItem }) {
  const t = useT();
  const [open, setOpen] = useState<Open>(null);
  return (
    <>
      <Button size="sm" variant="default" onClick={() => setOpen("edit")}>
        {t("ui.plans.item.edit")}
      </Button>
      <Button size="sm" variant="default" onClick={() => setOpen("close")}>
        {t("ui.plans.item.close")}
      </Button>
      <Button size="sm" variant="subtle" color="red.9" onClick={() => setOpen("delete")}>
        {t("ui.plans.item.delete")}
      </Button>
      {open === "edit" && <EditItemForm orgId={orgId} plan={plan} item={item} onClose={() => setOpen(null)} />}
      {open === "close" && <CloseItemForm orgId={orgId} plan={plan} item={item} onClose={() => setOpen(null)} />}
      {open === "delete" && (
        <DeleteItem
          orgId={orgId}
          plan={plan}
          item={item}
          onClose={() => setOpen(null)}
          onCloseInstead={() => setOpen("close")}
        />
      )}
    </>
  );
}

function useRefresh(orgId: string, planId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: planKeys.plan(planId) });
    void qc.invalidateQueries({ queryKey: ["plans", orgId] });
  };
}

function EditItemForm({
  orgId,
  plan,
  item,
  onClose,
}: {
  orgId: string;
  plan: Plan;
  item: EditableItem;
  onClose: () => void;
}) {
  const t = useT();
  const refresh = useRefresh(orgId, plan.id);
  const [what, setWhat] = useState(item.what);
  const [how, setHow] = useState(item.how ?? "");
  const [dueOn, setDueOn] = useState<string | null>(item.dueOn);
  const [responsible, setResponsible] = useState<string | null>(item.responsibleMemberId);
  const [unit, setUnit] = useState(item.responsibleUnit ?? "");
  const [coordinating, setCoordinating] = useState(item.coordinating ?? "");
  const [checking, setChecking] = useState(item.checking ?? "");
  const [weight, setWeight] = useState<number | string>(item.weight);
  const [reason, setReason] = useState("");
  const form = useApiForm(
    () =>
      api.put(`/api/plan-items/${item.id}`, {
        what,
        how: orNull(how),
        dueOn,
        responsibleMemberId: responsible,
        responsibleUnit: orNull(unit),
        coordinating: orNull(coordinating),
        checking: orNull(checking),
        targetIds: item.targetIds ?? [],
        weight: Number(weight) || 1,
        reason: orNull(reason),
        version: item.version,
      }),
    () => {
      refresh();
      notifySuccess(t("ui.plans.item.saved"));
      onClose();
    },
  );
  const e = form.errors;
  const stale = form.lastError?.problem.code === "stale_version";
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.plans.item.edit")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      onSubmit={form.run}
    >
      {plan.state === "issued" && (
        <Alert color="orange" variant="light">
          {t("ui.plans.item.issuedHelp")}
        </Alert>
      )}
      <Textarea
        label={t("fields.what")}
        value={what}
        onChange={(ev) => setWhat(ev.currentTarget.value)}
        required
        autosize
        minRows={2}
        error={e.what}
      />
      <Textarea
        label={t("fields.how")}
        value={how}
        onChange={(ev) => setHow(ev.currentTarget.value)}
        autosize
        error={e.how}
      />
      <DateField label={t("fields.dueOn")} value={dueOn} onChange={setDueOn} required error={e.dueOn} />
      <MemberPicker
        organizationId={orgId}
        label={t("fields.responsibleMemberId")}
        value={responsible}
        onChange={setResponsible}
        error={e.responsibleMemberId}
        required={!unit.trim()}
      />
      <TextInput
        label={t("fields.responsibleUnit")}
        description={t("ui.plans.item.unitHelp")}
        value={unit}
        onChange={(ev) => setUnit(ev.currentTarget.value)}
        error={e.responsibleUnit}
      />
      <TextInput
        label={t("fields.coordinating")}
        value={coordinating}
        onChange={(ev) => setCoordinating(ev.currentTarget.value)}
        error={e.coordinating}
      />
      <TextInput
        label={t("fields.checking")}
        value={checking}
        onChange={(ev) => setChecking(ev.currentTarget.value)}
        error={e.checking}
      />
      <NumberInput label={t("fields.weight")} value={weight} onChange={setWeight} min={1} max={100} error={e.weight} />
      {plan.state === "issued" && (
        <Textarea
          label={t("ui.plans.item.reason")}
          value={reason}
          onChange={(ev) => setReason(ev.currentTarget.value)}
          required
          autosize
          error={e.reason}
        />
      )}
      <OtherFieldErrors errors={e} placed={ITEM_FIELDS} />
      {stale && (
        <StaleNotice
          onReload={() => {
            refresh();
            onClose();
          }}
        />
      )}
    </FormModal>
  );
}

function CloseItemForm({
  orgId,
  plan,
  item,
  onClose,
}: {
  orgId: string;
  plan: Plan;
  item: EditableItem;
  onClose: () => void;
}) {
  const t = useT();
  const refresh = useRefresh(orgId, plan.id);
  const [on, setOn] = useState<string | null>(todayIso());
  const [reason, setReason] = useState("");
  const form = useApiForm(
    () => api.post(`/api/plan-items/${item.id}/close`, { closedOn: on, closedReason: reason, version: item.version }),
    () => {
      refresh();
      notifySuccess(t("ui.plans.item.closedDone"));
      onClose();
    },
  );
  const e = form.errors;
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.plans.item.close")}
      submitLabel={t("ui.plans.item.close")}
      busy={form.busy}
      onSubmit={form.run}
    >
      <Text fw={600}>{item.what}</Text>
      <Text size="sm" c="dimmed">
        {t("ui.plans.item.closeHelp")}
      </Text>
      <DateField label={t("ui.plans.item.closedOn")} value={on} onChange={setOn} required error={e.closedOn} />
      <Textarea
        label={t("ui.plans.item.closeReason")}
        value={reason}
        onChange={(ev) => setReason(ev.currentTarget.value)}
        required
        autosize
        minRows={2}
        error={e.closedReason}
      />
      <OtherFieldErrors errors={e} placed={["closedOn", "closedReason"]} />
      {form.lastError?.problem.code === "stale_version" && (
        <StaleNotice
          onReload={() => {
            refresh();
            onClose();
          }}
        />
      )}
    </FormModal>
  );
}

/** Asks before deleting; when the server refuses (the item has progress) the refusal stays on screen with the way out: close it. */
function DeleteItem({
  orgId,
  plan,
  item,
  onClose,
  onCloseInstead,
}: {
  orgId: string;
  plan: Plan;
  item: EditableItem;
  onClose: () => void;
  onCloseInstead: () => void;
}) {
  const t = useT();
  const isPhone = useIsPhone();
  const refresh = useRefresh(orgId, plan.id);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; hasProgress: boolean } | null>(null);
  const remove = async () => {
    setBusy(true);
    setRefusal(null);
    try {
      await request("DELETE", `/api/plan-items/${item.id}`, { version: item.version });
      refresh();
      notifySuccess(t("ui.plans.item.deleted"));
      onClose();
    } catch (error) {
      setRefusal({
        message: errorMessage(error, t),
        hasProgress: error instanceof ApiError && error.problem.code === "item_has_progress",
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t("ui.plans.item.delete")}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("ui.close") }}
    >
      <Stack gap="md">
        <Text fw={600}>{item.what}</Text>
        {refusal ? (
          <Alert color="red" variant="light" role="alert" title={t("ui.plans.item.deleteRefused")}>
            <Text>{refusal.message}</Text>
          </Alert>
        ) : (
          <Text>{t("ui.plans.item.deleteConfirm")}</Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {t("ui.cancel")}
          </Button>
          {refusal?.hasProgress ? (
            <Button onClick={onCloseInstead}>{t("ui.plans.item.closeInstead")}</Button>
          ) : (
            !refusal && (
              <Button color="red.9" loading={busy} onClick={() => void remove()}>
                {t("ui.plans.item.delete")}
              </Button>
            )
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

/** Someone else saved this item meanwhile: nothing was overwritten; reload and do it again. */
function StaleNotice({ onReload }: { onReload: () => void }) {
  const t = useT();
  return (
    <Alert color="orange" variant="light" role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t("ui.plans.item.staleHelp")}</Text>
        <Button size="sm" variant="outline" onClick={onReload}>
          {t("ui.plans.item.reload")}
        </Button>
      </Stack>
    </Alert>
  );
}

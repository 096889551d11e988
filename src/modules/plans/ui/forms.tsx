/** The forms of the plans area, each in a modal (full screen on phones). */
import { useState } from "react";
import { Button, Group, NumberInput, Paper, Select, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { FormModal } from "../../../web/FormModal";
import { todayIso, useT, type MessageKey } from "../../../web/i18n";
import { notifySuccess, orNull, useApiForm } from "../../../web/ui";
import { MemberPicker } from "../../members/ui/MemberPicker";
import { CommitteePicker, committeeError } from "./CommitteePicker";
import { PLAN_KINDS, type PlanKind } from "../model";
import { RESOLUTION_KINDS } from "../../resolutions/model";
import type { ResolutionListItem } from "../../resolutions/present";
import type { Plan } from "../present";
import { ITEM_FIELDS, OtherFieldErrors, planKeys } from "./shared";

const addYears = (iso: string, years: number) => `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;

export function CongressForm({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [heldOn, setHeldOn] = useState<string | null>(todayIso());
  const [termLabel, setTermLabel] = useState("");
  const [termEndsOn, setTermEndsOn] = useState<string | null>(null);
  const [total, setTotal] = useState<number | string>("");
  const [present, setPresent] = useState<number | string>("");
  const [secretary, setSecretary] = useState<string | null>(null);
  const [deputy, setDeputy] = useState<string | null>(null);
  const [committee, setCommittee] = useState<string[]>([]);
  const form = useApiForm(
    () =>
      api.post(`/api/organizations/${orgId}/congresses`, {
        heldOn,
        termLabel: termLabel || (heldOn && termEndsOn ? `${heldOn.slice(0, 4)}–${termEndsOn.slice(0, 4)}` : ""),
        termEndsOn,
        delegatesTotal: Number(total),
        delegatesPresent: Number(present),
        elected: [
          ...(secretary ? [{ memberId: secretary, role: "secretary" }] : []),
          ...(deputy ? [{ memberId: deputy, role: "deputy_secretary" }] : []),
          ...committee
            .filter((id) => id !== secretary && id !== deputy)
            .map((memberId) => ({ memberId, role: "committee_member" })),
        ],
      }),
    () => {
      void qc.invalidateQueries({ queryKey: ["plans", orgId] });
      void qc.invalidateQueries({ queryKey: ["organization", orgId] });
      notifySuccess(t("ui.plans.congress.saved"));
      onClose();
    },
  );
  const e = form.errors;
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.plans.congress.record")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      onSubmit={form.run}
    >
      <Text size="sm" c="dimmed">
        {t("ui.plans.congress.help")}
      </Text>
      <DateField
        label={t("fields.heldOn")}
        value={heldOn}
        onChange={(v) => {
          setHeldOn(v);
          if (v && !termEndsOn) setTermEndsOn(addYears(v, 2));
        }}
        required
        error={e.heldOn}
      />
      <DateField
        label={t("fields.termEndsOn")}
        value={termEndsOn}
        onChange={setTermEndsOn}
        required
        error={e.termEndsOn}
      />
      <TextInput
        label={t("fields.termLabel")}
        placeholder={heldOn && termEndsOn ? `${heldOn.slice(0, 4)}–${termEndsOn.slice(0, 4)}` : ""}
        value={termLabel}
        onChange={(ev) => setTermLabel(ev.currentTarget.value)}
        error={e.termLabel}
      />
      <Group grow>
        <NumberInput
          label={t("fields.delegatesTotal")}
          value={total}
          onChange={setTotal}
          min={1}
          required
          error={e.delegatesTotal}
        />
        <NumberInput
          label={t("fields.delegatesPresent")}
          value={present}
          onChange={setPresent}
          min={0}
          required
          error={e.delegatesPresent}
        />
      </Group>
      <MemberPicker
        organizationId={orgId}
        label={t("ui.plans.congress.secretary")}
        value={secretary}
        onChange={setSecretary}
        error={e.elected ?? e["elected.0.memberId"]}
      />
      <DeputyPicker orgId={orgId} value={deputy} onChange={setDeputy} />
      <CommitteePicker
        orgId={orgId}
        value={committee}
        onChange={setCommittee}
        exclude={[secretary, deputy]}
        error={committeeError(e, secretary, deputy)}
      />
    </FormModal>
  );
}

function DeputyPicker({
  orgId,
  value,
  onChange,
}: {
  orgId: string;
  value: string | null;
  onChange: (v: string | null) => void;
}) {
  const t = useT();
  return (
    <MemberPicker
      organizationId={orgId}
      label={t("ui.plans.congress.deputy")}
      value={value}
      onChange={onChange}
      required={false}
    />
  );
}

interface TargetDraft {
  name: string;
  measureUnit: string;
  baseline: number | string;
  goal: number | string;
}

export function ResolutionForm({
  orgId,
  congressId,
  onClose,
}: {
  orgId: string;
  congressId?: string | null;
  onClose: () => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [kind, setKind] = useState<string>(congressId ? "congress" : "thematic");
  const [number, setNumber] = useState("");
  const [title, setTitle] = useState("");
  const [targets, setTargets] = useState<TargetDraft[]>([{ name: "", measureUnit: "%", baseline: 0, goal: 100 }]);
  const form = useApiForm(
    () =>
      api.post<{ id: string }>(`/api/organizations/${orgId}/resolutions`, {
        kind,
        number: orNull(number),
        title,
        congressId: kind === "congress" ? (congressId ?? null) : null,
        targets: targets
          .filter((x) => x.name.trim())
          .map((x) => ({
            name: x.name,
            measureUnit: x.measureUnit,
            baseline: Number(x.baseline),
            goal: Number(x.goal),
          })),
      }),
    (r) => {
      void qc.invalidateQueries({ queryKey: planKeys.resolutions(orgId) });
      onClose();
      navigate(`/nghi-quyet/${r.id}`);
    },
  );
  const e = form.errors;
  const set = (i: number, patch: Partial<TargetDraft>) =>
    setTargets(targets.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.plans.resolution.new")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      onSubmit={form.run}
    >
      <Select
        label={t("fields.kind")}
        data={RESOLUTION_KINDS.map((k) => ({ value: k, label: t(`ui.resolution.kind.${k}` as MessageKey) }))}
        value={kind}
        onChange={(v) => v && setKind(v)}
        allowDeselect={false}
      />
      <TextInput
        label={t("fields.number")}
        value={number}
        onChange={(ev) => setNumber(ev.currentTarget.value)}
        error={e.number}
        placeholder={kind === "higher" ? "NQ TW 5" : "01-NQ/CB"}
      />
      <Textarea
        label={t("fields.title")}
        value={title}
        onChange={(ev) => setTitle(ev.currentTarget.value)}
        required
        autosize
        minRows={2}
        error={e.title}
      />
      <Text fw={700}>{t("fields.targets")}</Text>
      {targets.map((x, i) => (
        <Paper key={i} withBorder p="sm" radius="md">
          <Stack gap="xs">
            <TextInput
              label={t("ui.plans.target.name")}
              value={x.name}
              onChange={(ev) => set(i, { name: ev.currentTarget.value })}
              error={e[`targets.${i}.name`]}
            />
            <Group grow>
              <TextInput
                label={t("fields.measureUnit")}
                value={x.measureUnit}
                onChange={(ev) => set(i, { measureUnit: ev.currentTarget.value })}
                error={e[`targets.${i}.measureUnit`]}
              />
              <NumberInput
                label={t("fields.baseline")}
                value={x.baseline}
                onChange={(v) => set(i, { baseline: v })}
                decimalSeparator=","
              />
              <NumberInput
                label={t("fields.goal")}
                value={x.goal}
                onChange={(v) => set(i, { goal: v })}
                decimalSeparator=","
              />
            </Group>
          </Stack>
        </Paper>
      ))}
      <Button
        variant="subtle"
        onClick={() => setTargets([...targets, { name: "", measureUnit: "%", baseline: 0, goal: 100 }])}
      >
        {t("ui.plans.target.add")}
      </Button>
    </FormModal>
  );
}

export function PlanForm({
  orgId,
  plans,
  resolutions,
  parent,
  onClose,
}: {
  orgId: string;
  plans: Plan[];
  resolutions: ResolutionListItem[];
  parent?: Plan | null;
  onClose: () => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [kind, setKind] = useState<PlanKind>(
    parent ? (parent.kind === "programme" ? "yearly" : "quarterly") : "programme",
  );
  const [title, setTitle] = useState("");
  const [parentId, setParentId] = useState<string | null>(parent?.id ?? null);
  const [resolutionId, setResolutionId] = useState<string | null>(resolutions[0]?.id ?? null);
  const [startsOn, setStartsOn] = useState<string | null>(parent?.startsOn ?? null);
  const [endsOn, setEndsOn] = useState<string | null>(parent?.endsOn ?? null);
  const form = useApiForm(
    () =>
      api.post<Plan>(`/api/organizations/${orgId}/plans`, {
        kind,
        title,
        parentId,
        resolutionId: parentId ? null : resolutionId,
        startsOn,
        endsOn,
      }),
    (p) => {
      void qc.invalidateQueries({ queryKey: ["plans", orgId] });
      onClose();
      navigate(`/ke-hoach/${p.id}`);
    },
  );
  const e = form.errors;
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.plans.plan.new")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      onSubmit={form.run}
    >
      <Select
        label={t("fields.kind")}
        data={PLAN_KINDS.map((k) => ({ value: k, label: t(`ui.plan.kind.${k}` as MessageKey) }))}
        value={kind}
        onChange={(v) => v && setKind(v as PlanKind)}
        allowDeselect={false}
        error={e.kind}
      />
      <Textarea
        label={t("fields.title")}
        value={title}
        onChange={(ev) => setTitle(ev.currentTarget.value)}
        required
        autosize
        minRows={2}
        error={e.title}
      />
      <Select
        label={t("ui.plans.plan.parent")}
        data={plans.map((p) => ({ value: p.id, label: p.title }))}
        value={parentId}
        onChange={setParentId}
        clearable
        error={e.parentId}
      />
      {!parentId && (
        <Select
          label={t("fields.resolutionId")}
          data={resolutions.map((r) => ({ value: r.id, label: r.title }))}
          value={resolutionId}
          onChange={setResolutionId}
          clearable
          error={e.resolutionId}
        />
      )}
      <DateField label={t("fields.startsOn")} value={startsOn} onChange={setStartsOn} required error={e.startsOn} />
      <DateField label={t("fields.endsOn")} value={endsOn} onChange={setEndsOn} required error={e.endsOn} />
      <OtherFieldErrors errors={e} placed={["kind", "title", "parentId", "resolutionId", "startsOn", "endsOn"]} />
    </FormModal>
  );
}

export function ItemForm({ orgId, plan, onClose }: { orgId: string; plan: Plan; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [what, setWhat] = useState("");
  const [how, setHow] = useState("");
  const [dueOn, setDueOn] = useState<string | null>(null);
  const [responsible, setResponsible] = useState<string | null>(null);
  const [unit, setUnit] = useState("");
  const [coordinating, setCoordinating] = useState("");
  const [checking, setChecking] = useState("");
  const [weight, setWeight] = useState<number | string>(1);
  const [reason, setReason] = useState("");
  const form = useApiForm(
    () =>
      api.post(`/api/plans/${plan.id}/items`, {
        what,
        how: orNull(how),
        dueOn,
        responsibleMemberId: responsible,
        responsibleUnit: orNull(unit),
        coordinating: orNull(coordinating),
        checking: orNull(checking),
        weight: Number(weight) || 1,
        reason: orNull(reason),
      }),
    () => {
      void qc.invalidateQueries({ queryKey: planKeys.plan(plan.id) });
      void qc.invalidateQueries({ queryKey: ["plans", orgId] });
      onClose();
    },
  );
  const e = form.errors;
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.plans.item.new")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      onSubmit={form.run}
    >
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
        <TextInput
          label={t("fields.reason")}
          value={reason}
          onChange={(ev) => setReason(ev.currentTarget.value)}
          required
          error={e.reason}
        />
      )}
      <OtherFieldErrors errors={e} placed={ITEM_FIELDS} />
    </FormModal>
  );
}

export function TaskForm({
  orgId,
  planItem,
  onClose,
}: {
  orgId: string;
  planItem?: { id: string; what: string; dueOn: string } | null;
  onClose: () => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const [title, setTitle] = useState(planItem?.what ?? "");
  const [responsible, setResponsible] = useState<string | null>(null);
  const [startsOn, setStartsOn] = useState<string | null>(todayIso());
  const [dueOn, setDueOn] = useState<string | null>(planItem?.dueOn ?? null);
  const form = useApiForm(
    () =>
      api.post(`/api/organizations/${orgId}/tasks`, {
        title,
        responsibleMemberId: responsible,
        startsOn,
        dueOn,
        source: planItem ? { kind: "plan_item", id: planItem.id } : { kind: "direct", id: null },
      }),
    () => {
      void qc.invalidateQueries({ queryKey: ["plans", orgId] });
      void qc.invalidateQueries({ queryKey: ["plan"] });
      notifySuccess(t("ui.plans.task.assigned"));
      onClose();
    },
  );
  const e = form.errors;
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.plans.task.assign")}
      submitLabel={t("ui.plans.task.assign")}
      busy={form.busy}
      onSubmit={form.run}
    >
      <Textarea
        label={t("fields.title")}
        value={title}
        onChange={(ev) => setTitle(ev.currentTarget.value)}
        required
        autosize
        minRows={2}
        error={e.title}
      />
      <MemberPicker
        organizationId={orgId}
        label={t("fields.responsibleMemberId")}
        value={responsible}
        onChange={setResponsible}
        error={e.responsibleMemberId}
      />
      <DateField label={t("fields.startsOn")} value={startsOn} onChange={setStartsOn} required error={e.startsOn} />
      <DateField label={t("fields.dueOn")} value={dueOn} onChange={setDueOn} required error={e.dueOn} />
      <OtherFieldErrors errors={e} placed={["title", "responsibleMemberId", "startsOn", "dueOn"]} />
    </FormModal>
  );
}

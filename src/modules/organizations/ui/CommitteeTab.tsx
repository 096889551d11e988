import { useState } from "react";
import {
  Anchor,
  Badge,
  Button,
  Collapse,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { FormModal } from "../../../web/FormModal";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { notifySuccess, orNull, useApiForm, WarningList } from "../../../web/ui";
import { POSITION_ROLES, type PositionRole } from "../model";
import type { OrganizationDetail, Position, Term } from "../present";
import { MemberPicker } from "../../members/ui/MemberPicker";
import { orgKeys } from "./queries";

function isActive(p: { startsOn: string; endsOn: string | null }, today: string): boolean {
  return p.startsOn <= today && (p.endsOn === null || p.endsOn >= today);
}

type Dialog =
  | { kind: "term" }
  | { kind: "position" }
  | { kind: "oversight" }
  | { kind: "endPosition"; id: string; name: string }
  | { kind: "endOversight"; id: string; name: string }
  | null;

/** Terms, the committee in office grouped by role, the đảng ủy members following the cell, and the rule warnings. */
export function CommitteeTab({ org }: { org: OrganizationDetail }) {
  const t = useT();
  const today = todayIso();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [showPast, setShowPast] = useState(false);
  const canCommittee = org.permissions["committee.manage"] && !org.closedOn;
  const canOversee = org.permissions["org.manage"] && !org.closedOn && org.kind !== "party_committee";
  const current = org.positions.filter((p) => isActive(p, today));
  const past = org.positions.filter((p) => !isActive(p, today));
  const oversights = org.oversights.filter((o) => isActive(o, today));
  const currentTerm = org.terms.find((term) => term.startsOn <= today && term.endsOn > today);
  const close = () => setDialog(null);

  return (
    <Stack gap="lg">
      <WarningList warnings={org.warnings} />

      <Paper withBorder p="md" radius="md">
        <Text>{t("ui.committee.fullMembers", { count: org.fullMembers })}</Text>
        <Text size="sm" c="dimmed">
          {t("ui.committee.rulebook", { title: org.rulebook.title })}
        </Text>
      </Paper>

      {(canCommittee || canOversee) && (
        <Group gap="sm">
          {canCommittee && (
            <Button variant="outline" onClick={() => setDialog({ kind: "term" })}>
              {t("ui.committee.addTerm")}
            </Button>
          )}
          {canCommittee && (
            <Button onClick={() => setDialog({ kind: "position" })}>{t("ui.committee.addPosition")}</Button>
          )}
          {canOversee && (
            <Button variant="outline" onClick={() => setDialog({ kind: "oversight" })}>
              {t("ui.committee.addOversight")}
            </Button>
          )}
        </Group>
      )}

      <section>
        <Title order={2} mb="sm">
          {t("ui.committee.current")}
        </Title>
        {current.length === 0 ? (
          <Text c="dimmed">{t("ui.committee.noPositions")}</Text>
        ) : (
          <Stack gap="sm">
            {POSITION_ROLES.filter((role) => current.some((p) => p.role === role)).map((role) => (
              <RoleGroup
                key={role}
                role={role}
                positions={current.filter((p) => p.role === role)}
                canEnd={canCommittee}
                onEnd={(p) => setDialog({ kind: "endPosition", id: p.id, name: p.fullName })}
              />
            ))}
          </Stack>
        )}
        {past.length > 0 && (
          <>
            <Button variant="subtle" mt="sm" px={0} onClick={() => setShowPast((v) => !v)} aria-expanded={showPast}>
              {showPast ? t("ui.committee.hidePast") : t("ui.committee.showPast", { count: past.length })}
            </Button>
            <Collapse expanded={showPast}>
              <Stack gap={4} mt="xs">
                {past.map((p) => (
                  <Text key={p.id} size="sm">
                    {t(`roles.${p.role}`)}: {p.fullName} ({formatDate(p.startsOn)} – {formatDate(p.endsOn)})
                  </Text>
                ))}
              </Stack>
            </Collapse>
          </>
        )}
      </section>

      <section>
        <Title order={2} mb="sm">
          {t("ui.committee.terms")}
        </Title>
        {org.terms.length === 0 ? (
          <Text c="dimmed">{t("ui.committee.noTerms")}</Text>
        ) : (
          <Stack gap="xs">
            {[...org.terms].reverse().map((term) => (
              <TermRow key={term.id} term={term} current={term.id === currentTerm?.id} />
            ))}
          </Stack>
        )}
      </section>

      {org.kind !== "party_committee" && (
        <section>
          <Title order={2} mb="sm">
            {t("ui.committee.oversights")}
          </Title>
          {oversights.length === 0 ? (
            <Text c="dimmed">{t("ui.committee.noOversights")}</Text>
          ) : (
            <Stack gap="xs">
              {oversights.map((o) => (
                <Paper key={o.id} withBorder p="sm" radius="md">
                  <Group justify="space-between" gap="xs">
                    <div>
                      <Text fw={600}>{o.fullName}</Text>
                      <Text size="sm" c="dimmed">
                        {t("ui.committee.since", { date: formatDate(o.startsOn) })}
                      </Text>
                    </div>
                    {canOversee && (
                      <Button
                        variant="default"
                        size="sm"
                        onClick={() => setDialog({ kind: "endOversight", id: o.id, name: o.fullName })}
                      >
                        {t("ui.committee.end")}
                      </Button>
                    )}
                  </Group>
                </Paper>
              ))}
            </Stack>
          )}
        </section>
      )}

      {dialog?.kind === "term" && <TermModal org={org} onClose={close} />}
      {dialog?.kind === "position" && (
        <PositionModal org={org} defaultTermId={currentTerm?.id ?? null} onClose={close} />
      )}
      {dialog?.kind === "oversight" && <OversightModal org={org} onClose={close} />}
      {(dialog?.kind === "endPosition" || dialog?.kind === "endOversight") && (
        <EndModal
          org={org}
          what={dialog.kind === "endPosition" ? "positions" : "oversights"}
          id={dialog.id}
          name={dialog.name}
          onClose={close}
        />
      )}
    </Stack>
  );
}

function RoleGroup({
  role,
  positions,
  canEnd,
  onEnd,
}: {
  role: PositionRole;
  positions: Position[];
  canEnd: boolean;
  onEnd: (p: Position) => void;
}) {
  const t = useT();
  return (
    <Paper withBorder p="sm" radius="md">
      <Title order={3} size="h4" c="brand.8" mb={4}>
        {t(`roles.${role}`)}
      </Title>
      <Stack gap={6}>
        {positions.map((p) => (
          <Group key={p.id} justify="space-between" gap="xs" wrap="nowrap">
            <div style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/dang-vien/${p.memberId}`} fw={600} c="dark">
                {p.fullName}
              </Anchor>
              <Text size="sm" c="dimmed">
                {t("ui.committee.since", { date: formatDate(p.startsOn) })}
              </Text>
            </div>
            {canEnd && (
              <Button variant="default" size="sm" onClick={() => onEnd(p)}>
                {t("ui.committee.end")}
              </Button>
            )}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

function TermRow({ term, current }: { term: Term; current: boolean }) {
  const t = useT();
  return (
    <Group gap="xs">
      <Text fw={current ? 700 : 500}>
        {term.label}: {formatDate(term.startsOn)} – {formatDate(term.endsOn)}
      </Text>
      {current && (
        <Badge color="teal.9" variant="outline">
          {t("ui.committee.currentTerm")}
        </Badge>
      )}
    </Group>
  );
}

function useRefreshOrg(id: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: orgKeys.detail(id) }),
      queryClient.invalidateQueries({ queryKey: orgKeys.audit(id) }),
    ]);
}

function TermModal({ org, onClose }: { org: OrganizationDetail; onClose: () => void }) {
  const t = useT();
  const refresh = useRefreshOrg(org.id);
  const [label, setLabel] = useState("");
  const [startsOn, setStartsOn] = useState<string | null>(null);
  const [endsOn, setEndsOn] = useState<string | null>(null);
  const form = useApiForm(
    () => api.post(`/api/organizations/${org.id}/terms`, { label: label.trim(), startsOn, endsOn }),
    async () => {
      notifySuccess(t("ui.saved"));
      await refresh();
      onClose();
    },
  );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.committee.addTerm")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      <TextInput
        label={t("fields.label")}
        placeholder={t("ui.committee.termPlaceholder")}
        value={label}
        onChange={(e) => setLabel(e.currentTarget.value)}
        error={form.errors.label}
        required
        data-autofocus
      />
      <DateField
        label={t("fields.startsOn")}
        value={startsOn}
        onChange={setStartsOn}
        error={form.errors.startsOn}
        required
      />
      <DateField label={t("fields.endsOn")} value={endsOn} onChange={setEndsOn} error={form.errors.endsOn} required />
    </FormModal>
  );
}

function PositionModal({
  org,
  defaultTermId,
  onClose,
}: {
  org: OrganizationDetail;
  defaultTermId: string | null;
  onClose: () => void;
}) {
  const t = useT();
  const refresh = useRefreshOrg(org.id);
  const [memberId, setMemberId] = useState<string | null>(null);
  const [role, setRole] = useState<PositionRole>(org.kind === "group" ? "group_leader" : "secretary");
  const [termId, setTermId] = useState<string>(defaultTermId ?? "");
  const [startsOn, setStartsOn] = useState<string | null>(todayIso());
  const [endsOn, setEndsOn] = useState<string | null>(null);
  const form = useApiForm(
    () =>
      api.post(`/api/organizations/${org.id}/positions`, { memberId, role, termId: orNull(termId), startsOn, endsOn }),
    async () => {
      notifySuccess(t("ui.saved"));
      await refresh();
      onClose();
    },
  );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.committee.addPosition")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      <MemberPicker
        organizationId={org.id}
        label={t("fields.memberId")}
        value={memberId}
        onChange={setMemberId}
        error={form.errors.memberId}
      />
      <NativeSelect
        label={t("fields.role")}
        value={role}
        onChange={(e) => setRole(e.currentTarget.value as PositionRole)}
        data={POSITION_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        error={form.errors.role}
        required
      />
      <NativeSelect
        label={t("fields.termId")}
        value={termId}
        onChange={(e) => setTermId(e.currentTarget.value)}
        data={[
          { value: "", label: t("ui.select.none") },
          ...org.terms.map((term) => ({ value: term.id, label: term.label })),
        ]}
        error={form.errors.termId}
      />
      <DateField
        label={t("fields.startsOn")}
        value={startsOn}
        onChange={setStartsOn}
        error={form.errors.startsOn}
        required
      />
      <DateField label={t("fields.endsOn")} value={endsOn} onChange={setEndsOn} error={form.errors.endsOn} />
    </FormModal>
  );
}

function OversightModal({ org, onClose }: { org: OrganizationDetail; onClose: () => void }) {
  const t = useT();
  const refresh = useRefreshOrg(org.id);
  const [memberId, setMemberId] = useState<string | null>(null);
  const [startsOn, setStartsOn] = useState<string | null>(todayIso());
  const form = useApiForm(
    () => api.post(`/api/organizations/${org.id}/oversights`, { memberId, startsOn }),
    async () => {
      notifySuccess(t("ui.saved"));
      await refresh();
      onClose();
    },
  );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.committee.addOversight")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      <Text size="sm">{t("ui.committee.oversightHelp")}</Text>
      {/* The đảng ủy member comes from anywhere in the đảng bộ, so choose among the parent's members. */}
      <MemberPicker
        organizationId={org.parentId ?? org.id}
        label={t("fields.memberId")}
        value={memberId}
        onChange={setMemberId}
        error={form.errors.memberId}
      />
      <DateField
        label={t("fields.startsOn")}
        value={startsOn}
        onChange={setStartsOn}
        error={form.errors.startsOn}
        required
      />
    </FormModal>
  );
}

function EndModal({
  org,
  what,
  id,
  name,
  onClose,
}: {
  org: OrganizationDetail;
  what: "positions" | "oversights";
  id: string;
  name: string;
  onClose: () => void;
}) {
  const t = useT();
  const refresh = useRefreshOrg(org.id);
  const [endsOn, setEndsOn] = useState<string | null>(todayIso());
  const form = useApiForm(
    () => api.post(`/api/organizations/${org.id}/${what}/${id}/end`, { endsOn }),
    async () => {
      notifySuccess(t("ui.saved"));
      await refresh();
      onClose();
    },
  );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.committee.endTitle", { name })}
      submitLabel={t("ui.committee.end")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      <DateField label={t("fields.endsOn")} value={endsOn} onChange={setEndsOn} error={form.errors.endsOn} required />
    </FormModal>
  );
}

import { useState } from "react";
import { Badge, Button, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { FormModal } from "../../../web/FormModal";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { notifySuccess, orNull, useApiForm } from "../../../web/ui";
import type { OrgKind } from "../model";
import type { Organization, OrganizationDetail, OrganizationRecord } from "../present";
import { OfficeAccounts } from "../../accounts/ui/OfficeAccounts";
import { fieldsBody, OrgFieldInputs, type OrgFields } from "./OrgFields";
import { childrenOf, orgKeys, useOrganizations } from "./queries";

/** Which kinds may sit under which (mirrors organizations/model.ts). */
const CHILD_KINDS: Record<OrgKind, OrgKind[]> = {
  party_committee: ["cell", "party_committee"],
  cell: ["group"],
  group: [],
};

function parentAllowed(kind: OrgKind, parentKind: OrgKind): boolean {
  return CHILD_KINDS[parentKind].includes(kind);
}

type Dialog = "add" | "edit" | "move" | "close" | null;

export function ChildrenTab({ org }: { org: OrganizationDetail }) {
  const t = useT();
  const orgs = useOrganizations();
  const [dialog, setDialog] = useState<Dialog>(null);
  const children = childrenOf(orgs.data ?? [], org.id);
  const canManage = org.permissions["org.manage"];
  const open = !org.closedOn;
  const close = () => setDialog(null);

  return (
    <Stack gap="lg">
      <section>
        <Group justify="space-between" mb="sm">
          <Title order={2}>{t("ui.children.title")}</Title>
          {canManage && open && CHILD_KINDS[org.kind].length > 0 && (
            <Button onClick={() => setDialog("add")}>{t("ui.children.add")}</Button>
          )}
        </Group>
        {children.length === 0 ? (
          <Text c="dimmed">{t("ui.children.none")}</Text>
        ) : (
          <Stack gap="xs" component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
            {children.map((child) => (
              <li key={child.id}>
                <Paper
                  withBorder
                  p="md"
                  radius="md"
                  component={Link}
                  to={`/to-chuc/${child.id}`}
                  className="chibo-card-link"
                >
                  <Group justify="space-between" gap="xs">
                    <Text fw={700} c="brand.8">
                      {child.name}
                    </Text>
                    <Group gap={6}>
                      <Badge variant="light" color="brand">
                        {t(`kinds.${child.kind}`)}
                      </Badge>
                      {child.closedOn && (
                        <Badge variant="filled" color="gray.8">
                          {t("ui.org.closedShort")}
                        </Badge>
                      )}
                    </Group>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {t("ui.org.codeLine", { code: child.code })}
                  </Text>
                </Paper>
              </li>
            ))}
          </Stack>
        )}
      </section>

      {/* The office of a đảng ủy runs the đảng bộ's records; cells and groups have none. */}
      {canManage && org.permissions["account.manage"] && org.kind === "party_committee" && <OfficeAccounts org={org} />}

      {canManage && (
        <section>
          <Title order={2} mb="sm">
            {t("ui.children.manageThis")}
          </Title>
          <Paper withBorder p="md" radius="md">
            <Stack gap="xs">
              <Text>
                {t("fields.abbreviation")}: <b>{org.abbreviation}</b>
              </Text>
              {org.superiorName && (
                <Text>
                  {t("fields.superiorName")}: <b>{org.superiorName}</b>
                </Text>
              )}
              {org.place && (
                <Text>
                  {t("fields.place")}: <b>{org.place}</b>
                </Text>
              )}
              {org.closedOn && (
                <Text>
                  {t("ui.org.closedOn", { date: formatDate(org.closedOn) })}
                  {org.closedReason ? ` — ${org.closedReason}` : ""}
                </Text>
              )}
            </Stack>
            {open && (
              <Group gap="sm" mt="md">
                <Button variant="outline" onClick={() => setDialog("edit")}>
                  {t("ui.children.edit")}
                </Button>
                {org.parentId && (
                  <Button variant="outline" onClick={() => setDialog("move")}>
                    {t("ui.children.move")}
                  </Button>
                )}
                <Button variant="outline" color="red.8" onClick={() => setDialog("close")}>
                  {t("ui.children.close")}
                </Button>
              </Group>
            )}
          </Paper>
        </section>
      )}

      {dialog === "add" && <AddChildModal parent={org} onClose={close} />}
      {dialog === "edit" && <EditModal org={org} onClose={close} />}
      {dialog === "move" && <MoveModal org={org} all={orgs.data ?? []} onClose={close} />}
      {dialog === "close" && <CloseModal org={org} onClose={close} />}
    </Stack>
  );
}

function useRefresh(id: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: orgKeys.all }),
      queryClient.invalidateQueries({ queryKey: orgKeys.detail(id) }),
      queryClient.invalidateQueries({ queryKey: orgKeys.audit(id) }),
    ]);
}

function AddChildModal({ parent, onClose }: { parent: OrganizationDetail; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const refresh = useRefresh(parent.id);
  const kinds = CHILD_KINDS[parent.kind];
  const [kind, setKind] = useState<OrgKind>(kinds[0] ?? "cell");
  const [fields, setFields] = useState<OrgFields>({
    name: "",
    code: "",
    abbreviation: kinds[0] === "group" ? "TĐ" : "CB",
    superiorName: "",
    place: parent.place ?? "",
  });
  const form = useApiForm(
    () => api.post<OrganizationRecord>("/api/organizations", { parentId: parent.id, kind, ...fieldsBody(fields) }),
    async (created) => {
      notifySuccess(t("ui.children.created", { name: created.name }));
      await refresh();
      onClose();
      navigate(`/to-chuc/${created.id}`);
    },
  );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.children.add")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      <NativeSelect
        label={t("fields.kind")}
        value={kind}
        onChange={(e) => {
          const next = e.currentTarget.value as OrgKind;
          setKind(next);
          setFields((f) => ({
            ...f,
            abbreviation: next === "party_committee" ? "ĐU" : next === "group" ? "TĐ" : "CB",
          }));
        }}
        data={kinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        error={form.errors.kind ?? form.errors.parentId}
        required
      />
      <OrgFieldInputs value={fields} onChange={setFields} errors={form.errors} />
    </FormModal>
  );
}

function EditModal({ org, onClose }: { org: OrganizationDetail; onClose: () => void }) {
  const t = useT();
  const refresh = useRefresh(org.id);
  const [fields, setFields] = useState<OrgFields>({
    name: org.name,
    code: org.code,
    abbreviation: org.abbreviation,
    superiorName: org.superiorName ?? "",
    place: org.place ?? "",
  });
  const [usual, setUsual] = useState({
    usualMeetingPlace: org.usualMeetingPlace ?? "",
    usualMeetingTime: org.usualMeetingTime ?? "",
  });
  const form = useApiForm(
    () =>
      api.put(`/api/organizations/${org.id}`, {
        ...fieldsBody(fields),
        ...(org.kind === "cell"
          ? { usualMeetingPlace: orNull(usual.usualMeetingPlace), usualMeetingTime: orNull(usual.usualMeetingTime) }
          : {}),
        version: org.version,
      }),
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
      title={t("ui.children.edit")}
      submitLabel={t("ui.save")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      <OrgFieldInputs value={fields} onChange={setFields} errors={form.errors} />
      {org.kind === "cell" && (
        <>
          <TextInput
            label={t("ui.meetings.schedule.usualPlace")}
            description={t("ui.meetings.schedule.usualHelp")}
            value={usual.usualMeetingPlace}
            onChange={(e) => setUsual({ ...usual, usualMeetingPlace: e.currentTarget.value })}
            error={form.errors.usualMeetingPlace}
          />
          <TextInput
            type="time"
            label={t("ui.meetings.schedule.usualTime")}
            value={usual.usualMeetingTime}
            onChange={(e) => setUsual({ ...usual, usualMeetingTime: e.currentTarget.value })}
            error={form.errors.usualMeetingTime}
          />
        </>
      )}
    </FormModal>
  );
}

function MoveModal({ org, all, onClose }: { org: OrganizationDetail; all: Organization[]; onClose: () => void }) {
  const t = useT();
  const refresh = useRefresh(org.id);
  const candidates = all.filter(
    (p) =>
      p.permissions["org.manage"] &&
      !p.closedOn &&
      p.id !== org.parentId &&
      !p.path.startsWith(org.path) &&
      parentAllowed(org.kind, p.kind),
  );
  const [parentId, setParentId] = useState(candidates[0]?.id ?? "");
  const form = useApiForm(
    () => api.post(`/api/organizations/${org.id}/move`, { parentId, version: org.version }),
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
      title={t("ui.children.move")}
      submitLabel={t("ui.children.moveSubmit")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      {candidates.length === 0 ? (
        <Text>{t("ui.children.noMoveTarget")}</Text>
      ) : (
        <NativeSelect
          label={t("fields.parentId")}
          value={parentId}
          onChange={(e) => setParentId(e.currentTarget.value)}
          data={candidates.map((p) => ({ value: p.id, label: p.name }))}
          error={form.errors.parentId}
          required
        />
      )}
    </FormModal>
  );
}

function CloseModal({ org, onClose }: { org: OrganizationDetail; onClose: () => void }) {
  const t = useT();
  const refresh = useRefresh(org.id);
  const [closedOn, setClosedOn] = useState<string | null>(todayIso());
  const [reason, setReason] = useState("");
  const form = useApiForm(
    () =>
      api.post(`/api/organizations/${org.id}/close`, { closedOn, closedReason: reason.trim(), version: org.version }),
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
      title={t("ui.children.closeTitle", { name: org.name })}
      submitLabel={t("ui.children.close")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
      color="red.8"
    >
      <Text size="sm">{t("ui.children.closeHelp")}</Text>
      <DateField
        label={t("fields.closedOn")}
        value={closedOn}
        onChange={setClosedOn}
        error={form.errors.closedOn}
        required
      />
      <Textarea
        label={t("fields.closedReason")}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={form.errors.closedReason}
        required
        autosize
        minRows={2}
      />
    </FormModal>
  );
}

import { useState } from "react";
import {
  Alert,
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { FormModal } from "../../../web/FormModal";
import { api, ApiError } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { NotFoundPage } from "../../../web/pages/NotFoundPage";
import {
  InfoList,
  notifySuccess,
  orNull,
  PageError,
  PageLoader,
  ProbationBadge,
  StatusBadge,
  useApiForm,
  usePageTitle,
} from "../../../web/ui";
import { PasswordField } from "../../../web/PasswordField";
import type { Member, StatusPeriodView } from "../present";
import { STATUS_CHANGES, type StatusChange } from "../status-history";
import { orgKeys, useOrganizations } from "../../organizations/ui/queries";
import { memberKeys, useMember } from "./queries";
import { MemberHistoryCard } from "../../evaluations/ui/MemberHistoryCard";
import { OwnDisciplineCard } from "../../inspections/ui/OwnDiscipline";
import { useCurrentUser } from "../../../web/auth";
import type { Wire } from "../../../core/http/present";
import type { memberAccountSchema } from "../../accounts/present";

type Dialog = "transfer" | "leave" | "account" | "reset" | "status" | null;

type AccountInfo = Wire<typeof memberAccountSchema>;

export function MemberPage() {
  const { id } = useParams();
  const t = useT();
  const member = useMember(id);
  const me = useCurrentUser();
  const [dialog, setDialog] = useState<Dialog>(null);
  usePageTitle(member.data?.fullName);
  const canManageAccount = !!member.data?.permissions.account;
  const account = useQuery({
    queryKey: ["member-account", id],
    queryFn: () => api.get<AccountInfo>(`/api/members/${id}/account`),
    enabled: canManageAccount,
  });

  if (member.isPending) return <PageLoader />;
  if (member.isError) {
    if (member.error instanceof ApiError && member.error.status === 404) return <NotFoundPage />;
    return <PageError error={member.error} onRetry={() => void member.refetch()} />;
  }
  const m = member.data;
  const active = !m.leftOn;
  const close = () => setDialog(null);

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{m.fullName}</Title>
        <Group gap="xs" mt={6}>
          <StatusBadge status={m.status} />
          <Anchor component={Link} to={`/to-chuc/${m.organizationId}`}>
            {m.organizationName}
          </Anchor>
        </Group>
        <Anchor component={Link} to={`/dang-vien/${m.id}/sinh-hoat`} mt={6} display="inline-block">
          {t("ui.mine.link")}
        </Anchor>
      </div>

      {m.leftOn && (
        <Alert color="gray" variant="filled" title={t("ui.member.leftTitle", { date: formatDate(m.leftOn) })}>
          {m.leftReason}
        </Alert>
      )}

      {m.probation && (
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h3" mb="xs">
            {t("ui.member.probation")}
          </Title>
          <ProbationBadge probation={m.probation} />
          <Text mt="xs">
            {m.probation.stage === "overdue"
              ? t("ui.member.probationOverdue", { date: formatDate(m.probation.endsOn), days: -m.probation.daysLeft })
              : t("ui.member.probationRunning", { date: formatDate(m.probation.endsOn), days: m.probation.daysLeft })}
          </Text>
        </Paper>
      )}

      {/* A decision with an appeal window comes first on the member's own page: the window is short. */}
      {me.member?.id === m.id && <OwnDisciplineCard />}

      {active && (m.permissions.manage || m.permissions.account) && (
        <Group gap="sm">
          {m.permissions.manage && (
            <Button component={Link} to={`/dang-vien/${m.id}/sua`}>
              {t("ui.member.edit")}
            </Button>
          )}
          {m.permissions.manage && (
            <Button variant="outline" onClick={() => setDialog("transfer")}>
              {t("ui.member.transfer")}
            </Button>
          )}
          {m.permissions.manage && (
            <Button variant="outline" onClick={() => setDialog("status")}>
              {t("ui.member.statusChange")}
            </Button>
          )}
          {m.permissions.account && account.data && !account.data.account && (
            <Button variant="outline" onClick={() => setDialog("account")}>
              {t("ui.member.createAccount")}
            </Button>
          )}
          {m.permissions.account && account.data?.account && (
            <Button variant="outline" onClick={() => setDialog("reset")}>
              {t("ui.member.resetPassword")}
            </Button>
          )}
          {m.permissions.manage && (
            <Button variant="outline" color="red.8" onClick={() => setDialog("leave")}>
              {t("ui.member.leave")}
            </Button>
          )}
        </Group>
      )}

      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h3" mb="xs">
          {t("ui.member.record")}
        </Title>
        <InfoList
          items={[
            { label: t("fields.fullName"), value: m.fullName },
            { label: t("fields.status"), value: t(`status.${m.status}`) },
            { label: t("fields.cardNumber"), value: m.cardNumber },
            { label: t("fields.dateOfBirth"), value: formatDate(m.dateOfBirth) },
            { label: t("fields.gender"), value: m.gender ? t(`gender.${m.gender}`) : null },
            { label: t("fields.ethnicity"), value: m.ethnicity },
            { label: t("fields.education"), value: m.education },
            { label: t("fields.admissionDate"), value: formatDate(m.admissionDate) },
            { label: t("fields.ceremonyDate"), value: formatDate(m.ceremonyDate) },
            { label: t("fields.officialDate"), value: formatDate(m.officialDate) },
            { label: t("fields.phone"), value: m.phone ? <Anchor href={`tel:${m.phone}`}>{m.phone}</Anchor> : null },
            { label: t("fields.email"), value: m.email ? <Anchor href={`mailto:${m.email}`}>{m.email}</Anchor> : null },
            { label: t("fields.unit"), value: m.unit },
            { label: t("fields.exemptFromActivities"), value: m.exemptFromActivities ? t("ui.yes") : t("ui.no") },
          ]}
        />
      </Paper>

      {account.data?.account && (
        <Text size="sm" c="dimmed">
          {t("ui.member.hasAccount", { username: account.data.account.username })}
          {account.data.account.mustChangePassword ? ` — ${t("ui.member.mustChangePassword")}` : ""}
        </Text>
      )}

      <StatusHistory periods={m.statusHistory} />

      <TransferHistory member={m} />

      <MemberHistoryCard memberId={m.id} />

      {dialog === "transfer" && <TransferModal member={m} onClose={close} />}
      {dialog === "leave" && <LeaveModal member={m} onClose={close} />}
      {dialog === "status" && <StatusModal member={m} onClose={close} />}
      {dialog === "account" && <AccountModal member={m} onClose={close} />}
      {dialog === "reset" && account.data?.account && (
        <ResetPasswordModal member={m} userId={account.data.account.id} onClose={close} />
      )}
    </Stack>
  );
}

function TransferHistory({ member }: { member: Member }) {
  const t = useT();
  const orgs = useOrganizations();
  const name = (id: string | null) =>
    id ? ((orgs.data ?? []).find((o) => o.id === id)?.name ?? t("ui.history.otherOrg")) : null;
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h3" mb="sm">
        {t("ui.member.transfers")}
      </Title>
      {member.transfers.length === 0 ? (
        <Text c="dimmed">{t("ui.member.noTransfers")}</Text>
      ) : (
        <Timeline bulletSize={16} lineWidth={2} active={member.transfers.length - 1}>
          {member.transfers.map((tr) => (
            <Timeline.Item key={tr.id} title={<Text fw={600}>{formatDate(tr.transferredOn)}</Text>}>
              <Text size="sm">
                {tr.fromOrganizationId
                  ? t("ui.member.transferLine", {
                      from: name(tr.fromOrganizationId) ?? "",
                      to: name(tr.toOrganizationId) ?? "",
                    })
                  : t("ui.member.joinedLine", { to: name(tr.toOrganizationId) ?? "" })}
              </Text>
              {tr.note && tr.note !== "create" && (
                <Text size="sm" c="dimmed">
                  {tr.note}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Paper>
  );
}

/** The member's status over time, newest first: what each period was, from when, until when, and why. */
function StatusHistory({ periods }: { periods: StatusPeriodView[] }) {
  const t = useT();
  const newestFirst = [...periods].sort((a, b) => (b.startsOn ?? "").localeCompare(a.startsOn ?? ""));
  const span = (p: StatusPeriodView) =>
    p.endsOn
      ? t("ui.member.statusUntil", {
          from: p.startsOn ? formatDate(p.startsOn) : t("ui.member.statusUnknownStart"),
          to: formatDate(p.endsOn),
        })
      : t("ui.member.statusSince", {
          from: p.startsOn ? formatDate(p.startsOn) : t("ui.member.statusUnknownStart"),
        });
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h3" mb="sm">
        {t("ui.member.statusHistory")}
      </Title>
      {newestFirst.length === 0 ? (
        <Text c="dimmed">{t("ui.member.noTransfers")}</Text>
      ) : (
        <Timeline bulletSize={16} lineWidth={2} active={newestFirst.filter((p) => !p.endsOn).length - 1}>
          {newestFirst.map((p, i) => (
            <Timeline.Item
              key={p.id ?? `${p.kind}-${i}`}
              title={<Text fw={600}>{t(`ui.member.statusKind.${p.kind}`)}</Text>}
            >
              <Text size="sm">{span(p)}</Text>
              {p.reason && (
                <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  {p.reason}
                </Text>
              )}
              {p.source === "record" && (
                <Text size="xs" c="dimmed">
                  {t("ui.member.statusFromRecord")}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Paper>
  );
}

function StatusModal({ member, onClose }: { member: Member; onClose: () => void }) {
  const t = useT();
  const refresh = useRefreshMember(member);
  const [change, setChange] = useState<StatusChange>(
    member.status === "probationary" ? "recognition" : "exemption_start",
  );
  const [on, setOn] = useState<string | null>(todayIso());
  const [reason, setReason] = useState("");
  const form = useApiForm(
    () => api.post(`/api/members/${member.id}/status`, { change, on, reason: orNull(reason), version: member.version }),
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
      title={t("ui.member.statusChangeTitle", { name: member.fullName })}
      submitLabel={t("ui.save")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      <NativeSelect
        label={t("fields.statusChange")}
        value={change}
        onChange={(e) => setChange(e.currentTarget.value as StatusChange)}
        data={STATUS_CHANGES.map((c) => ({ value: c, label: t(`ui.member.statusChangeKind.${c}`) }))}
        error={form.errors.change}
        required
      />
      <DateField label={t("fields.statusChangeOn")} value={on} onChange={setOn} error={form.errors.on} required />
      <Textarea
        label={t("fields.statusChangeReason")}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={form.errors.reason}
        autosize
        minRows={2}
      />
    </FormModal>
  );
}

function useRefreshMember(member: Member) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: memberKeys.detail(member.id) }),
      queryClient.invalidateQueries({ queryKey: memberKeys.lists }),
      queryClient.invalidateQueries({ queryKey: orgKeys.detail(member.organizationId) }),
    ]);
}

function TransferModal({ member, onClose }: { member: Member; onClose: () => void }) {
  const t = useT();
  const orgs = useOrganizations();
  const refresh = useRefreshMember(member);
  // Only cells and tổ đảng the user manages can receive a member.
  const targets = (orgs.data ?? []).filter(
    (o) =>
      o.kind !== "party_committee" && !o.closedOn && o.permissions["member.manage"] && o.id !== member.organizationId,
  );
  const [to, setTo] = useState(targets[0]?.id ?? "");
  const [on, setOn] = useState<string | null>(todayIso());
  const [note, setNote] = useState("");
  const form = useApiForm(
    () =>
      api.post(`/api/members/${member.id}/transfer`, {
        toOrganizationId: to,
        transferredOn: on,
        note: orNull(note),
        version: member.version,
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
      title={t("ui.member.transferTitle", { name: member.fullName })}
      submitLabel={t("ui.member.transfer")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      {targets.length === 0 ? (
        <Text>{t("ui.member.noTransferTarget")}</Text>
      ) : (
        <NativeSelect
          label={t("fields.toOrganizationId")}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          data={targets.map((o) => ({ value: o.id, label: o.name }))}
          error={form.errors.toOrganizationId}
          required
        />
      )}
      <DateField
        label={t("fields.transferredOn")}
        value={on}
        onChange={setOn}
        error={form.errors.transferredOn}
        required
      />
      <Textarea
        label={t("fields.note")}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        error={form.errors.note}
        autosize
        minRows={2}
      />
    </FormModal>
  );
}

function LeaveModal({ member, onClose }: { member: Member; onClose: () => void }) {
  const t = useT();
  const refresh = useRefreshMember(member);
  const [on, setOn] = useState<string | null>(todayIso());
  const [reason, setReason] = useState("");
  const form = useApiForm(
    () =>
      api.post(`/api/members/${member.id}/leave`, { leftOn: on, leftReason: reason.trim(), version: member.version }),
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
      title={t("ui.member.leaveTitle", { name: member.fullName })}
      submitLabel={t("ui.member.leave")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
      color="red.8"
    >
      <Text size="sm">{t("ui.member.leaveHelp")}</Text>
      <DateField label={t("fields.leftOn")} value={on} onChange={setOn} error={form.errors.leftOn} required />
      <Textarea
        label={t("fields.leftReason")}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={form.errors.leftReason}
        required
        autosize
        minRows={2}
      />
    </FormModal>
  );
}

function ResetPasswordModal({ member, userId, onClose }: { member: Member; userId: string; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState("");
  const form = useApiForm(
    () => api.post<{ ok: boolean }>(`/api/users/${userId}/reset-password`, { newPassword: password }),
    () => {
      notifySuccess(t("ui.member.passwordReset"));
      void queryClient.invalidateQueries({ queryKey: ["member-account", member.id] });
      onClose();
    },
  );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.member.resetTitle", { name: member.fullName })}
      submitLabel={t("ui.member.resetPassword")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      <Text size="sm">{t("ui.member.accountHelp")}</Text>
      <PasswordField
        label={t("fields.newPassword")}
        description={t("ui.password.rules", { min: 10 })}
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={form.errors.newPassword}
        required
        autoComplete="new-password"
      />
    </FormModal>
  );
}

function AccountModal({ member, onClose }: { member: Member; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState(member.email ?? "");
  const [password, setPassword] = useState("");
  const form = useApiForm(
    () =>
      api.post<{ id: string; username: string }>(`/api/members/${member.id}/account`, {
        username: username.trim(),
        email: orNull(email),
        password,
      }),
    (created) => {
      notifySuccess(t("ui.member.accountCreated", { username: created.username }));
      void queryClient.invalidateQueries({ queryKey: ["member-account", member.id] });
      onClose();
    },
  );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.member.accountTitle", { name: member.fullName })}
      submitLabel={t("ui.member.createAccount")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      <Text size="sm">{t("ui.member.accountHelp")}</Text>
      <TextInput
        label={t("fields.username")}
        value={username}
        onChange={(e) => setUsername(e.currentTarget.value)}
        error={form.errors.username}
        required
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
      />
      <TextInput
        label={t("fields.email")}
        type="email"
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        error={form.errors.email}
        autoCapitalize="none"
        autoComplete="off"
      />
      <PasswordField
        label={t("fields.password")}
        description={t("ui.password.rules", { min: 10 })}
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={form.errors.password}
        required
        autoComplete="new-password"
      />
    </FormModal>
  );
}

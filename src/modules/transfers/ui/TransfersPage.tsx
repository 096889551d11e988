import { useState } from "react";
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { FormError, notifySuccess, orNull, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import { useOrganization, useOrganizations } from "../../organizations/ui/queries";
import type { Stay, Transfer, TransfersPage as Page } from "../present";

// /to-chuc/:id/chuyen-sinh-hoat — for a cell's secretary: the temporary members it hosts (apart, not counted) with
// the comment it owes their official cell, and its own members away with their host's comments; for the office of
// the đảng bộ: the same over every cell, the letters in and out, and the forms to record them. Usable at 360 px.

const pageKey = (id: string) => ["transfers", id];
const STATE_COLOR = { upcoming: "blue.9", current: "green.9", ended: "gray.7", cancelled: "red.9" } as const;

/**
 * Withdraws a transfer out while its letter is valid, or cancels a stay: a reason is required; nothing is deleted —
 * the record (and the letter in the register) stays, marked cancelled.
 */
function CancelForm({ url, version, orgId, help }: { url: string; version: number; orgId: string; help: string }) {
  const t = useT();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [on, setOn] = useState<string | null>(todayIso());
  const form = useApiForm(
    () => api.post(url, { cancelledOn: on, reason, version }),
    () => {
      notifySuccess(t("ui.transfers2.cancelled"));
      setOpen(false);
      void client.invalidateQueries({ queryKey: pageKey(orgId) });
    },
  );
  if (!open)
    return (
      <Button variant="subtle" color="red.9" size="compact-md" mt={4} onClick={() => setOpen(true)}>
        {t("ui.transfers2.cancel")}
      </Button>
    );
  return (
    <Stack gap="xs" component="form" onSubmit={form.run} mt="xs">
      <Text size="sm" c="dimmed">
        {help}
      </Text>
      <Textarea
        label={t("ui.transfers2.cancelReason")}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={form.errors.reason}
        autosize
        minRows={2}
        required
      />
      <DateField
        label={t("ui.transfers2.cancelledOn")}
        value={on}
        onChange={setOn}
        error={form.errors.cancelledOn}
        required
      />
      <FormError form={form} />
      <Group gap="xs">
        <Button type="submit" loading={form.busy} color="red.9">
          {t("ui.transfers2.confirmCancel")}
        </Button>
        <Button variant="subtle" onClick={() => setOpen(false)}>
          {t("ui.transfers2.keep")}
        </Button>
      </Group>
    </Stack>
  );
}

function CancelledLine({ on, reason }: { on: string | null; reason: string | null }) {
  const t = useT();
  if (!on) return null;
  return (
    <Text size="sm" c="red.8" mt={4}>
      {t("ui.transfers2.cancelledLine", { date: formatDate(on), reason: reason ?? "" })}
    </Text>
  );
}

function CommentForm({ stay, orgId, onSaved }: { stay: Stay; orgId: string; onSaved: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const [comment, setComment] = useState(stay.hostComment ?? "");
  const [on, setOn] = useState<string | null>(todayIso());
  const form = useApiForm(
    () => api.post(`/api/temporary-stays/${stay.id}/comment`, { comment, commentedOn: on, version: stay.version }),
    () => {
      notifySuccess(t("ui.transfers.commentSaved"));
      onSaved();
      void client.invalidateQueries({ queryKey: pageKey(orgId) });
    },
  );
  return (
    <Stack gap="xs" component="form" onSubmit={form.run} mt="xs">
      <Textarea
        label={t("ui.transfers.hostComment")}
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        error={form.errors.comment}
        autosize
        minRows={2}
        required
      />
      <DateField
        label={t("ui.transfers.commentedOn")}
        value={on}
        onChange={setOn}
        error={form.errors.commentedOn}
        required
      />
      <FormError form={form} />
      <Button type="submit" loading={form.busy} variant="light">
        {t("ui.transfers.saveComment")}
      </Button>
    </Stack>
  );
}

function StayCard({
  stay,
  side,
  orgId,
  canComment,
  canCancel,
}: {
  stay: Stay;
  side: "hosted" | "away";
  orgId: string;
  canComment: boolean;
  canCancel: boolean;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Text fw={700} size="lg">
          {stay.fullName}
        </Text>
        <Badge color={STATE_COLOR[stay.state]} variant="filled" style={{ flexShrink: 0 }}>
          {t(`ui.transfers.state.${stay.state}`)}
        </Badge>
      </Group>
      <Text size="sm">
        {side === "hosted"
          ? t("ui.transfers.officialAt", { name: stay.homeName })
          : t("ui.transfers.hostedAt", { name: stay.hostName })}
      </Text>
      <Text size="sm">
        {t("ui.transfers.stayDates", {
          purpose: t(`ui.transfers.purpose.${stay.purpose}`),
          from: formatDate(stay.startsOn),
          to: formatDate(stay.endsOn),
        })}
      </Text>
      {stay.hostComment ? (
        <Text size="sm" mt={4} style={{ whiteSpace: "pre-wrap" }}>
          <b>{t("ui.transfers.hostCommentOn", { date: formatDate(stay.hostCommentOn) })}</b> {stay.hostComment}
        </Text>
      ) : (
        <Text size="sm" c="dimmed" mt={4}>
          {t("ui.transfers.noComment")}
        </Text>
      )}
      <CancelledLine on={stay.cancelledOn} reason={stay.cancelReason} />
      {canComment &&
        stay.state !== "cancelled" &&
        (open ? (
          <CommentForm stay={stay} orgId={orgId} onSaved={() => setOpen(false)} />
        ) : (
          <Button variant="subtle" size="compact-md" mt={4} onClick={() => setOpen(true)}>
            {t("ui.transfers.writeComment")}
          </Button>
        ))}
      {canCancel && (stay.state === "upcoming" || stay.state === "current") && (
        <CancelForm
          url={`/api/temporary-stays/${stay.id}/cancel`}
          version={stay.version}
          orgId={orgId}
          help={t("ui.transfers2.cancelStayHelp")}
        />
      )}
    </Card>
  );
}

function TransferCard({ tr, orgId, canCancel }: { tr: Transfer; orgId: string; canCancel: boolean }) {
  const t = useT();
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Text fw={700} size="lg">
          {tr.fullName}
        </Text>
        <Badge variant="filled" color={tr.direction === "out" ? "orange.9" : "green.9"} style={{ flexShrink: 0 }}>
          {t(`ui.transfers.direction.${tr.direction}`)}
        </Badge>
      </Group>
      <Text size="sm">
        {t(tr.direction === "out" ? "ui.transfers.outLine" : "ui.transfers.inLine", {
          cell: tr.cellName,
          other: tr.counterpart,
        })}
      </Text>
      <Text size="sm">
        {t("ui.transfers.letterLine", { number: tr.letterNumber ?? "", date: formatDate(tr.letterIssuedOn) })}
      </Text>
      {tr.startBy && (
        <Text size="sm" c={tr.letterIssuedOn > tr.startBy ? "red.8" : undefined}>
          {t("ui.transfers.startByLine", { decision: formatDate(tr.decisionOn), date: formatDate(tr.startBy) })}
        </Text>
      )}
      <Text size="sm">{t("ui.transfers.presentByLine", { date: formatDate(tr.presentBy) })}</Text>
      {/* A withdrawn transfer out put the member back on the roll as if never gone: no day left to show. */}
      {!tr.cancelledOn && (
        <Text size="sm">
          {t(tr.direction === "out" ? "ui.transfers.leftOn" : "ui.transfers.joinedOn", {
            date: formatDate(tr.effectiveOn),
          })}
        </Text>
      )}
      {tr.pending && <Text size="sm">{t("ui.transfers2.pendingLine", { date: formatDate(tr.presentBy) })}</Text>}
      <CancelledLine on={tr.cancelledOn} reason={tr.cancelReason} />
      {tr.lateReason && (
        <Text size="sm" c="red.8">
          {t("ui.transfers.lateReasonLine", { reason: tr.lateReason })}
        </Text>
      )}
      <Group gap="md" mt={4}>
        <Anchor component={Link} to={`/dang-vien/${tr.memberId}`} size="sm" py={6}>
          {t("ui.transfers.openMember")}
        </Anchor>
        {tr.documentId && (
          <Anchor component={Link} to={`/van-ban/${tr.documentId}`} size="sm" py={6}>
            {t("ui.transfers.openLetter")}
          </Anchor>
        )}
      </Group>
      {canCancel && tr.pending && (
        <CancelForm
          url={`/api/party-transfers/${tr.id}/cancel`}
          version={tr.version}
          orgId={orgId}
          help={t("ui.transfers2.cancelTransferHelp", { number: tr.letterNumber ?? "" })}
        />
      )}
    </Card>
  );
}

type Option = { value: string; label: string };

function Select({
  label,
  value,
  onChange,
  options,
  error,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: Option[];
  error?: string;
}) {
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[{ value: "", label: "" }, ...options]}
      error={error}
      size="md"
    />
  );
}

function OutForm({ orgId, members, page }: { orgId: string; members: Option[]; page: Page }) {
  const t = useT();
  const client = useQueryClient();
  const [memberId, setMemberId] = useState("");
  const [counterpart, setCounterpart] = useState("");
  const [decisionRef, setDecisionRef] = useState("");
  const [decisionOn, setDecisionOn] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [issuedOn, setIssuedOn] = useState<string | null>(todayIso());
  const [lateReason, setLateReason] = useState("");
  const form = useApiForm(
    () =>
      api.post(`/api/organizations/${orgId}/transfers/out`, {
        memberId,
        counterpart,
        decisionRef: orNull(decisionRef),
        decisionOn,
        reason: orNull(reason),
        letterIssuedOn: issuedOn,
        lateReason: orNull(lateReason),
      }),
    () => {
      notifySuccess(t("ui.transfers.outDone"));
      setMemberId("");
      void client.invalidateQueries({ queryKey: pageKey(orgId) });
    },
  );
  return (
    <Stack gap="xs" component="form" onSubmit={form.run}>
      <Text size="sm" c="dimmed">
        {t("ui.transfers.outHelp", { start: page.workingDays.start, present: page.workingDays.present })}
      </Text>
      <Select
        label={t("ui.transfers.member")}
        value={memberId}
        onChange={setMemberId}
        options={members}
        error={form.errors.memberId}
      />
      <TextInput
        label={t("ui.transfers.counterpartOut")}
        value={counterpart}
        onChange={(e) => setCounterpart(e.currentTarget.value)}
        error={form.errors.counterpart}
        required
      />
      <TextInput
        label={t("ui.transfers.decisionRef")}
        value={decisionRef}
        onChange={(e) => setDecisionRef(e.currentTarget.value)}
        error={form.errors.decisionRef}
      />
      <DateField
        label={t("ui.transfers.decisionOn")}
        value={decisionOn}
        onChange={setDecisionOn}
        error={form.errors.decisionOn}
        required
      />
      <TextInput
        label={t("ui.transfers.reason")}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={form.errors.reason}
      />
      <DateField
        label={t("ui.transfers.letterIssuedOn")}
        value={issuedOn}
        onChange={setIssuedOn}
        error={form.errors.letterIssuedOn}
        required
      />
      <TextInput
        label={t("ui.transfers.lateReason")}
        value={lateReason}
        onChange={(e) => setLateReason(e.currentTarget.value)}
        error={form.errors.lateReason}
      />
      <FormError form={form} />
      <Button type="submit" loading={form.busy}>
        {t("ui.transfers.issueLetter")}
      </Button>
    </Stack>
  );
}

function InForm({ orgId, cells, page }: { orgId: string; cells: Option[]; page: Page }) {
  const t = useT();
  const client = useQueryClient();
  const [v, setV] = useState({
    cellId: "",
    counterpart: "",
    letterNumber: "",
    fullName: "",
    cardNumber: "",
    status: "full",
    unit: "",
  });
  const [letterIssuedOn, setLetterIssuedOn] = useState<string | null>(null);
  const [presentedOn, setPresentedOn] = useState<string | null>(todayIso());
  const [dateOfBirth, setDateOfBirth] = useState<string | null>(null);
  const [admissionDate, setAdmissionDate] = useState<string | null>(null);
  const [officialDate, setOfficialDate] = useState<string | null>(null);
  const [lateReason, setLateReason] = useState("");
  const set = (k: keyof typeof v) => (value: string) => setV((o) => ({ ...o, [k]: value }));
  const form = useApiForm(
    () =>
      api.post(`/api/organizations/${orgId}/transfers/in`, {
        ...v,
        cardNumber: orNull(v.cardNumber),
        unit: orNull(v.unit),
        letterIssuedOn,
        presentedOn,
        dateOfBirth,
        admissionDate,
        officialDate: v.status === "full" ? officialDate : null,
        lateReason: orNull(lateReason),
      }),
    () => {
      notifySuccess(t("ui.transfers.inDone"));
      setV((o) => ({ ...o, fullName: "", cardNumber: "", letterNumber: "" }));
      void client.invalidateQueries({ queryKey: pageKey(orgId) });
    },
  );
  const text = (k: keyof typeof v, label: string, required = false) => (
    <TextInput
      label={label}
      value={v[k]}
      onChange={(e) => set(k)(e.currentTarget.value)}
      error={form.errors[k]}
      required={required}
    />
  );
  return (
    <Stack gap="xs" component="form" onSubmit={form.run}>
      <Text size="sm" c="dimmed">
        {t("ui.transfers.inHelp", { present: page.workingDays.present })}
      </Text>
      {text("fullName", t("fields.fullName"), true)}
      <DateField
        label={t("ui.transfers.dateOfBirth")}
        value={dateOfBirth}
        onChange={setDateOfBirth}
        error={form.errors.dateOfBirth}
        required
      />
      {text("cardNumber", t("ui.transfers.cardNumber"))}
      <Select
        label={t("ui.transfers.standing")}
        value={v.status}
        onChange={set("status")}
        options={[
          { value: "full", label: t("ui.transfers.standingFull") },
          { value: "probationary", label: t("ui.transfers.standingProbationary") },
        ]}
        error={form.errors.status}
      />
      <DateField
        label={t("ui.transfers.admissionDate")}
        value={admissionDate}
        onChange={setAdmissionDate}
        error={form.errors.admissionDate}
        required
      />
      {v.status === "full" && (
        <DateField
          label={t("ui.transfers.officialDate")}
          value={officialDate}
          onChange={setOfficialDate}
          error={form.errors.officialDate}
          required
        />
      )}
      {text("unit", t("ui.transfers.unit"))}
      {text("counterpart", t("ui.transfers.counterpartIn"), true)}
      {text("letterNumber", t("ui.transfers.letterNumber"), true)}
      <DateField
        label={t("ui.transfers.letterIssuedOn")}
        value={letterIssuedOn}
        onChange={setLetterIssuedOn}
        error={form.errors.letterIssuedOn}
        required
      />
      <DateField
        label={t("ui.transfers.presentedOn")}
        value={presentedOn}
        onChange={setPresentedOn}
        error={form.errors.presentedOn}
        required
      />
      <Select
        label={t("ui.transfers.receivingCell")}
        value={v.cellId}
        onChange={set("cellId")}
        options={cells}
        error={form.errors.cellId}
      />
      <TextInput
        label={t("ui.transfers.lateReason")}
        value={lateReason}
        onChange={(e) => setLateReason(e.currentTarget.value)}
        error={form.errors.lateReason}
      />
      <FormError form={form} />
      <Button type="submit" loading={form.busy}>
        {t("ui.transfers.receive")}
      </Button>
    </Stack>
  );
}

function StayForm({ orgId, members, cells, page }: { orgId: string; members: Option[]; cells: Option[]; page: Page }) {
  const t = useT();
  const client = useQueryClient();
  const [who, setWho] = useState<"ours" | "theirs">("ours");
  const [v, setV] = useState({
    memberId: "",
    fullName: "",
    homeName: "",
    hostOrganizationId: "",
    hostName: "",
    purpose: "work",
    letterNumber: "",
  });
  const [dateOfBirth, setDateOfBirth] = useState<string | null>(null);
  const [startsOn, setStartsOn] = useState<string | null>(todayIso());
  const [endsOn, setEndsOn] = useState<string | null>(null);
  const set = (k: keyof typeof v) => (value: string) => setV((o) => ({ ...o, [k]: value }));
  const ours = who === "ours";
  const form = useApiForm(
    () =>
      api.post(`/api/organizations/${orgId}/temporary-stays`, {
        memberId: ours ? orNull(v.memberId) : null,
        fullName: ours ? null : orNull(v.fullName),
        dateOfBirth: ours ? null : dateOfBirth,
        homeName: ours ? null : orNull(v.homeName),
        hostOrganizationId: orNull(v.hostOrganizationId),
        hostName: orNull(v.hostName),
        purpose: v.purpose,
        startsOn,
        endsOn,
        letterNumber: orNull(v.letterNumber),
      }),
    () => {
      notifySuccess(t("ui.transfers.stayDone"));
      void client.invalidateQueries({ queryKey: pageKey(orgId) });
    },
  );
  const tmp = page.temporary;
  return (
    <Stack gap="xs" component="form" onSubmit={form.run}>
      <Text size="sm" c="dimmed">
        {t("ui.transfers.stayHelp", { min: tmp.minMonths, work: tmp.workMonthsUnder, study: tmp.studyMonthsMax })}
      </Text>
      <SegmentedControl
        value={who}
        onChange={(x) => setWho(x as "ours" | "theirs")}
        orientation="vertical"
        fullWidth
        data={[
          { value: "ours", label: t("ui.transfers.whoOurs") },
          { value: "theirs", label: t("ui.transfers.whoTheirs") },
        ]}
      />
      {ours ? (
        <Select
          label={t("ui.transfers.member")}
          value={v.memberId}
          onChange={set("memberId")}
          options={members}
          error={form.errors.memberId}
        />
      ) : (
        <>
          <TextInput
            label={t("fields.fullName")}
            value={v.fullName}
            onChange={(e) => set("fullName")(e.currentTarget.value)}
            error={form.errors.fullName}
            required
          />
          <DateField
            label={t("ui.transfers.dateOfBirth")}
            value={dateOfBirth}
            onChange={setDateOfBirth}
            error={form.errors.dateOfBirth}
          />
          <TextInput
            label={t("ui.transfers.homeName")}
            value={v.homeName}
            onChange={(e) => set("homeName")(e.currentTarget.value)}
            error={form.errors.homeName}
            required
          />
        </>
      )}
      <Select
        label={t("ui.transfers.hostCell")}
        value={v.hostOrganizationId}
        onChange={set("hostOrganizationId")}
        options={cells}
        error={form.errors.hostOrganizationId}
      />
      {ours && (
        <TextInput
          label={t("ui.transfers.hostNameOutside")}
          value={v.hostName}
          onChange={(e) => set("hostName")(e.currentTarget.value)}
          error={form.errors.hostName}
        />
      )}
      <Select
        label={t("ui.transfers.purposeLabel")}
        value={v.purpose}
        onChange={set("purpose")}
        options={[
          { value: "work", label: t("ui.transfers.purpose.work") },
          { value: "study", label: t("ui.transfers.purpose.study") },
        ]}
        error={form.errors.purpose}
      />
      <DateField
        label={t("ui.transfers.startsOn")}
        value={startsOn}
        onChange={setStartsOn}
        error={form.errors.startsOn}
        required
      />
      <DateField
        label={t("ui.transfers.endsOn")}
        value={endsOn}
        onChange={setEndsOn}
        error={form.errors.endsOn}
        required
      />
      <TextInput
        label={t("ui.transfers.letterNumber")}
        value={v.letterNumber}
        onChange={(e) => set("letterNumber")(e.currentTarget.value)}
        error={form.errors.letterNumber}
      />
      <FormError form={form} />
      <Button type="submit" loading={form.busy}>
        {t("ui.transfers.recordStay")}
      </Button>
    </Stack>
  );
}

/** The office's three acts, one at a time (a phone shows one form, not three). */
function OfficeForms({ orgId, page, path }: { orgId: string; page: Page; path: string }) {
  const t = useT();
  const [which, setWhich] = useState<"out" | "in" | "stay">("out");
  const orgs = useOrganizations();
  const members = useQuery({
    queryKey: ["transfers", orgId, "members"],
    queryFn: () =>
      api.get<{ items: { id: string; fullName: string; organizationName: string }[] }>(
        `/api/organizations/${orgId}/members?limit=500`,
      ),
  });
  const memberOptions = (members.data?.items ?? []).map((m) => ({
    value: m.id,
    label: `${m.fullName} — ${m.organizationName}`,
  }));
  const cellOptions = (orgs.data ?? [])
    .filter((o) => o.kind === "cell" && o.path.startsWith(path))
    .map((o) => ({ value: o.id, label: o.name }));
  return (
    <Card withBorder padding="sm">
      <Stack gap="sm">
        <Title order={3}>{t("ui.transfers.record")}</Title>
        <SegmentedControl
          value={which}
          onChange={(x) => setWhich(x as typeof which)}
          orientation="vertical"
          fullWidth
          data={[
            { value: "out", label: t("ui.transfers.formOut") },
            { value: "in", label: t("ui.transfers.formIn") },
            { value: "stay", label: t("ui.transfers.formStay") },
          ]}
        />
        {which === "out" && <OutForm orgId={orgId} members={memberOptions} page={page} />}
        {which === "in" && <InForm orgId={orgId} cells={cellOptions} page={page} />}
        {which === "stay" && <StayForm orgId={orgId} members={memberOptions} cells={cellOptions} page={page} />}
      </Stack>
    </Card>
  );
}

export function TransfersPage() {
  const { id = "" } = useParams();
  const t = useT();
  const org = useOrganization(id);
  usePageTitle(t("ui.transfers.title"));
  const q = useQuery({ queryKey: pageKey(id), queryFn: () => api.get<Page>(`/api/organizations/${id}/transfers`) });
  if (q.isPending || org.isPending) return <PageLoader />;
  if (q.isError) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  if (org.isError) return <PageError error={org.error} onRetry={() => org.refetch()} />;
  const page = q.data;
  const o = org.data;
  const manage = !!o.permissions["member.manage"];
  // Cancelling is the đảng ủy's, on its own page, as recording was.
  const canCancel = manage && page.kind === "party_committee";
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={`/to-chuc/${o.id}`} size="sm">
          {o.name}
        </Anchor>
        <Title order={2}>{t("ui.transfers.title")}</Title>
        <Text size="sm" mt={4}>
          {t("ui.transfers.total", { count: page.memberTotal })}
          {page.notCounted > 0 && ` ${t("ui.transfers.totalNotCounting", { count: page.notCounted })}`}
        </Text>
      </div>

      <Title order={3}>{t("ui.transfers.hosted")}</Title>
      <Text size="sm" c="dimmed">
        {t("ui.transfers.hostedHelp")}
      </Text>
      {page.hosted.length === 0 && <Text>{t("ui.transfers.noneHosted")}</Text>}
      {page.hosted.map((s) => (
        <StayCard key={s.id} stay={s} side="hosted" orgId={id} canComment={manage} canCancel={canCancel} />
      ))}

      <Title order={3}>{t("ui.transfers.away")}</Title>
      <Text size="sm" c="dimmed">
        {t("ui.transfers.awayHelp")}
      </Text>
      {page.away.length === 0 && <Text>{t("ui.transfers.noneAway")}</Text>}
      {page.away.map((s) => (
        <StayCard
          key={s.id}
          stay={s}
          side="away"
          orgId={id}
          canComment={manage && !s.hostOrganizationId}
          canCancel={canCancel}
        />
      ))}

      <Title order={3}>{t("ui.transfers.official")}</Title>
      {page.transfers.length === 0 && <Text>{t("ui.transfers.noneOfficial")}</Text>}
      {page.transfers.map((tr) => (
        <TransferCard key={tr.id} tr={tr} orgId={id} canCancel={canCancel} />
      ))}

      {manage && page.kind === "party_committee" && <OfficeForms orgId={id} page={page} path={o.path} />}
    </Stack>
  );
}

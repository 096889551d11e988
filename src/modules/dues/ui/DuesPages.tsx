import { useState } from "react";
import {
  Anchor,
  Box,
  Button,
  Card,
  FileInput,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, uploadFile } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { FormError, notifySuccess, orNull, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import { BASIS_KINDS, EXEMPTIONS, formatDong, monthLabel } from "../model";
import type { AllPaidView, CollectionView, LedgerLineView, LedgerView, MyDuesView, ReceiptView } from "../present";

// The secretary's month ledger, the member's own dues, a receipt to print, and the đảng ủy's collection view —
// each usable at 360 px: one column, large buttons, amounts in đồng as Vietnamese print them.

const thisMonth = () => todayIso().slice(0, 7);
const big = { minHeight: 44, fontSize: 16, width: "100%" } as const;

function MonthPicker({ value, onChange }: { value: string; onChange: (m: string) => void }) {
  const t = useT();
  return (
    <TextInput
      type="month"
      label={t("ui.dues.month")}
      value={value}
      onChange={(e) => e.currentTarget.value && onChange(e.currentTarget.value)}
      styles={{ input: { minHeight: 44, fontSize: 16 } }}
    />
  );
}

function LineStatus({ line }: { line: LedgerLineView }) {
  const t = useT();
  const [text, color] = line.payment
    ? [
        line.payment.method === "online"
          ? t("ui.dues.paidOnline", { reference: line.payment.reference ?? "" })
          : t("ui.dues.paidCash"),
        "teal.9",
      ]
    : line.exemption
      ? [t(`ui.dues.exemption.${line.exemption}`), "gray.7"]
      : line.due === null
        ? [t("ui.dues.noBasis"), "orange.9"]
        : [t("ui.dues.unpaid"), "red.8"];
  return (
    <Text size="sm" fw={700} c={color} ta="right" maw="45%">
      {text}
    </Text>
  );
}

/** One member's line: their due, and what the secretary can do — pay in cash or online, take back, print. */
function LedgerLine({ cellId, month, line }: { cellId: string; month: string; line: LedgerLineView }) {
  const t = useT();
  const client = useQueryClient();
  const [online, setOnline] = useState(false);
  const [reference, setReference] = useState("");
  const [basisOpen, setBasisOpen] = useState(false);
  const refresh = () => void client.invalidateQueries({ queryKey: ["dues"] });
  const pay = useApiForm(
    () =>
      api.post(`/api/organizations/${cellId}/dues/payments`, {
        memberId: line.memberId,
        month,
        amount: line.due,
        method: online ? "online" : "cash",
        reference: online ? orNull(reference) : null,
        paidOn: todayIso(),
      }),
    () => {
      setOnline(false);
      refresh();
    },
  );
  const cancel = useApiForm(
    () => api.post(`/api/dues-payments/${line.payment!.id}/cancel`, { version: line.payment!.version }),
    refresh,
  );
  return (
    <Card withBorder padding="sm" data-testid={`dues-line-${line.fullName}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Box>
          <Text fw={700}>{line.fullName}</Text>
          <Text size="sm" c="dimmed">
            {line.due === null ? "—" : formatDong(line.due)}
            {line.reductionPercent ? ` (${t("ui.dues.reduced", { percent: line.reductionPercent })})` : ""}
          </Text>
        </Box>
        <LineStatus line={line} />
      </Group>
      {line.payment ? (
        <Group gap="xs" mt="xs">
          <Anchor component={Link} to={`/dang-phi/bien-lai/${line.payment.id}`} size="sm">
            {t("ui.dues.receipt", { number: line.payment.receiptNumber })}
          </Anchor>
          <Button size="xs" variant="subtle" color="red.8" loading={cancel.busy} onClick={() => void cancel.run()}>
            {t("ui.dues.markUnpaid")}
          </Button>
        </Group>
      ) : line.due !== null && line.due > 0 ? (
        <Stack gap={6} mt="xs" component="form" onSubmit={pay.run}>
          {online && (
            <TextInput
              label={t("ui.dues.reference")}
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              error={pay.errors.reference}
              required
            />
          )}
          <Group gap="xs" grow>
            <Button type="submit" loading={pay.busy} size="md">
              {online ? t("ui.dues.saveOnline") : t("ui.dues.payCash")}
            </Button>
            {!online && (
              <Button variant="light" size="md" onClick={() => setOnline(true)}>
                {t("ui.dues.payOnline")}
              </Button>
            )}
          </Group>
          <FormError form={pay} />
        </Stack>
      ) : null}
      {line.due === null || basisOpen ? (
        <BasisForm
          memberId={line.memberId}
          month={month}
          onDone={() => {
            setBasisOpen(false);
            refresh();
          }}
        />
      ) : (
        <Anchor component="button" type="button" size="sm" mt={4} onClick={() => setBasisOpen(true)}>
          {t("ui.dues.changeBasis")}
        </Anchor>
      )}
    </Card>
  );
}

/** A member's dues basis from a month on: kind and amount, an exemption, or a reduction with its reason and end. */
function BasisForm({ memberId, month, onDone }: { memberId: string; month: string; onDone: () => void }) {
  const t = useT();
  const [kind, setKind] = useState<string>("salary");
  const [amount, setAmount] = useState<number | string>("");
  const [exemption, setExemption] = useState<string | null>(null);
  const [percent, setPercent] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const form = useApiForm(
    () =>
      api.post(`/api/members/${memberId}/dues-basis`, {
        kind,
        amount: amount === "" ? 0 : Number(amount),
        fromMonth: month,
        exemption,
        reductionPercent: percent ? Number(percent) : null,
        reductionReason: percent ? orNull(reason) : null,
        reductionUntil: percent ? orNull(until) : null,
      }),
    () => {
      notifySuccess(t("ui.dues.basisSaved"));
      onDone();
    },
  );
  return (
    <Stack gap={6} mt="xs" component="form" onSubmit={form.run}>
      <Text size="sm" fw={700}>
        {t("ui.dues.basisFrom", { month: monthLabel(month) })}
      </Text>
      <Select
        label={t("ui.dues.basisKind")}
        data={BASIS_KINDS.map((k) => ({ value: k, label: t(`ui.dues.kind.${k}`) }))}
        value={kind}
        onChange={(v) => setKind(v ?? "salary")}
        allowDeselect={false}
      />
      {kind !== "student" && (
        <NumberInput
          label={t(kind === "other" ? "ui.dues.monthlyAmount" : "ui.dues.basisAmount")}
          value={amount}
          onChange={setAmount}
          thousandSeparator="."
          decimalSeparator=","
          allowDecimal={false}
          error={form.errors.amount}
          suffix=" đ"
        />
      )}
      <Select
        label={t("ui.dues.exemptionLabel")}
        data={EXEMPTIONS.map((e) => ({ value: e, label: t(`ui.dues.exemption.${e}`) }))}
        value={exemption}
        onChange={setExemption}
        clearable
      />
      <Select
        label={t("ui.dues.reduction")}
        data={["30", "50", "70"].map((p) => ({ value: p, label: `${p}%` }))}
        value={percent}
        onChange={setPercent}
        error={form.errors.reductionPercent}
        clearable
      />
      {percent && (
        <>
          <TextInput
            label={t("ui.dues.reductionReason")}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={form.errors.reductionReason}
          />
          <TextInput
            type="month"
            label={t("ui.dues.reductionUntil")}
            value={until}
            onChange={(e) => setUntil(e.currentTarget.value)}
            error={form.errors.reductionUntil}
          />
        </>
      )}
      <Button type="submit" variant="light" loading={form.busy}>
        {t("ui.dues.saveBasis")}
      </Button>
      <FormError form={form} />
    </Stack>
  );
}

/** /to-chuc/:id/dang-phi — the cell's ledger of a month: "tất cả đã nộp", then the exceptions; import; handover. */
export function DuesLedgerPage() {
  const { id = "" } = useParams();
  const t = useT();
  usePageTitle(t("ui.dues.title"));
  const [month, setMonth] = useState(thisMonth());
  const client = useQueryClient();
  const ledger = useQuery({
    queryKey: ["dues", "ledger", id, month],
    queryFn: () => api.get<LedgerView>(`/api/organizations/${id}/dues?month=${month}`),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ["dues"] });
  const allPaid = useApiForm(
    () => api.post<AllPaidView>(`/api/organizations/${id}/dues/all-paid`, { month, paidOn: todayIso() }),
    (res) => {
      notifySuccess(t("ui.dues.allPaidDone", { n: res.marked }));
      refresh();
    },
  );
  const [handedOn, setHandedOn] = useState<string | null>(todayIso());
  const handover = useApiForm(
    () => api.post<LedgerView>(`/api/organizations/${id}/dues/handover`, { month, handedOn }),
    () => {
      notifySuccess(t("ui.dues.handedOverDone"));
      refresh();
    },
  );
  const [file, setFile] = useState<File | null>(null);
  const upload = useApiForm(
    () => uploadFile(`/api/organizations/${id}/dues/import?month=${month}`, file!, () => {}),
    () => {
      setFile(null);
      notifySuccess(t("ui.dues.imported"));
      refresh();
    },
  );
  if (ledger.isPending) return <PageLoader />;
  if (ledger.isError) return <PageError error={ledger.error} onRetry={() => ledger.refetch()} />;
  const l = ledger.data;
  const open = l.lines.some((x) => !x.payment && (x.due ?? 0) > 0);
  return (
    <Stack gap="md">
      <Title order={2}>{t("ui.dues.title")}</Title>
      <MonthPicker value={month} onChange={setMonth} />
      <Card withBorder padding="sm" bg="gray.0">
        <Text fw={700} size="lg" data-testid="dues-totals">
          {t("ui.dues.totals", { paid: l.totals.paid, owing: l.totals.owing })}
        </Text>
        <Text>{t("ui.dues.collected", { amount: formatDong(l.totals.collected), due: formatDong(l.totals.due) })}</Text>
        {l.totals.exempt > 0 && <Text size="sm">{t("ui.dues.exemptCount", { n: l.totals.exempt })}</Text>}
      </Card>
      {open && !l.handover && (
        <Stack gap={4}>
          <Button size="xl" color="teal.9" loading={allPaid.busy} onClick={() => void allPaid.run()} style={big}>
            {t("ui.dues.allPaid")}
          </Button>
          <Text size="sm" c="dimmed">
            {t("ui.dues.allPaidHelp")}
          </Text>
          <FormError form={allPaid} />
        </Stack>
      )}
      {l.lines.map((line) => (
        <LedgerLine key={line.memberId} cellId={id} month={month} line={line} />
      ))}
      <Card withBorder padding="sm" component="form" onSubmit={upload.run}>
        <Stack gap="xs">
          <Title order={3}>{t("ui.dues.import")}</Title>
          <Text size="sm" c="dimmed">
            {t("ui.dues.importHelp")}
          </Text>
          <FileInput
            label={t("ui.dues.importFile")}
            accept=".xlsx"
            value={file}
            onChange={setFile}
            error={upload.errors.file}
          />
          <Button type="submit" variant="light" disabled={!file} loading={upload.busy}>
            {t("ui.dues.importSubmit")}
          </Button>
          <FormError form={upload} />
        </Stack>
      </Card>
      <Card withBorder padding="sm" component="form" onSubmit={handover.run}>
        <Stack gap="xs">
          <Title order={3}>{t("ui.dues.handover")}</Title>
          {l.handover ? (
            <>
              <Text>
                {t("ui.dues.handedOver", {
                  amount: formatDong(l.handover.amount),
                  date: formatDate(l.handover.handedOn),
                })}
              </Text>
              {l.handover.documentId && (
                <Anchor component={Link} to={`/van-ban/${l.handover.documentId}`}>
                  {t("ui.dues.report")}
                </Anchor>
              )}
            </>
          ) : (
            <>
              <DateField
                label={t("ui.dues.handedOn")}
                value={handedOn}
                onChange={setHandedOn}
                error={handover.errors.handedOn}
              />
              <Button type="submit" loading={handover.busy} disabled={l.totals.paid === 0}>
                {t("ui.dues.handoverSubmit", { amount: formatDong(l.totals.collected) })}
              </Button>
              <FormError form={handover} />
            </>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}

/** /dang-phi/bien-lai/:id — one payment's receipt, laid out to print on half a page. */
export function ReceiptPage() {
  const { id = "" } = useParams();
  const t = useT();
  usePageTitle(t("ui.dues.receiptTitle"));
  const receipt = useQuery({
    queryKey: ["dues", "receipt", id],
    queryFn: () => api.get<ReceiptView>(`/api/dues-payments/${id}/receipt`),
  });
  if (receipt.isPending) return <PageLoader />;
  if (receipt.isError) return <PageError error={receipt.error} onRetry={() => receipt.refetch()} />;
  const r = receipt.data;
  return (
    <Stack gap="sm" maw={520} className="dues-receipt">
      <Text ta="center" fw={700}>
        {r.cellName}
      </Text>
      <Title order={2} ta="center">
        {t("ui.dues.receiptTitle")}
      </Title>
      <Text ta="center">{t("ui.dues.receiptNumber", { number: r.receiptNumber, year: r.month.slice(0, 4) })}</Text>
      <Text>{t("ui.dues.receiptFrom", { name: r.memberName })}</Text>
      <Text>{t("ui.dues.receiptFor", { month: monthLabel(r.month) })}</Text>
      <Text fw={700} size="lg">
        {t("ui.dues.receiptAmount", { amount: formatDong(r.amount) })}
      </Text>
      <Text>
        {r.method === "online" ? t("ui.dues.paidOnline", { reference: r.reference ?? "" }) : t("ui.dues.paidCash")}
      </Text>
      <Text>{t("ui.dues.receiptDate", { date: formatDate(r.paidOn) })}</Text>
      <Group justify="space-between" mt="xl">
        <Text ta="center">{t("ui.dues.receiptPayer")}</Text>
        <Text ta="center">{t("ui.dues.receiptCollector")}</Text>
      </Group>
      <Button className="no-print" variant="light" mt="md" onClick={() => window.print()}>
        {t("ui.dues.print")}
      </Button>
    </Stack>
  );
}

/** /dang-phi-cua-toi — the member's own dues of a year: month by month, and their basis. */
export function MyDuesPage() {
  const t = useT();
  usePageTitle(t("ui.dues.mine"));
  const [year, setYear] = useState(Number(todayIso().slice(0, 4)));
  const mine = useQuery({
    queryKey: ["dues", "mine", year],
    queryFn: () => api.get<MyDuesView>(`/api/me/dues?year=${year}`),
  });
  if (mine.isPending) return <PageLoader />;
  if (mine.isError) return <PageError error={mine.error} onRetry={() => mine.refetch()} />;
  const d = mine.data;
  return (
    <Stack gap="md">
      <Title order={2}>{t("ui.dues.mine")}</Title>
      <Group gap="xs">
        <Button variant="default" onClick={() => setYear(year - 1)} aria-label={t("ui.dues.prevYear")}>
          ‹
        </Button>
        <Text fw={700} size="lg">
          {year}
        </Text>
        <Button variant="default" onClick={() => setYear(year + 1)} aria-label={t("ui.dues.nextYear")}>
          ›
        </Button>
      </Group>
      <Card withBorder padding="sm" bg={d.unpaid >= 3 ? "red.0" : "gray.0"}>
        <Text fw={700}>{t("ui.dues.paidTotal", { amount: formatDong(d.paidTotal) })}</Text>
        <Text c={d.unpaid ? "red.8" : undefined}>{t("ui.dues.unpaidMonths", { n: d.unpaid })}</Text>
      </Card>
      {d.months.length === 0 && <Text>{t("ui.dues.nothingYet")}</Text>}
      {d.months.map((m) => (
        <Card key={m.month} withBorder padding="xs">
          <Group justify="space-between" wrap="nowrap">
            <Box>
              <Text fw={700}>{t("ui.dues.monthOf", { month: monthLabel(m.month) })}</Text>
              <Text size="sm" c="dimmed">
                {m.due === null ? t("ui.dues.noBasis") : formatDong(m.due)}
              </Text>
            </Box>
            {m.payment ? (
              <Anchor component={Link} to={`/dang-phi/bien-lai/${m.payment.id}`} size="sm">
                {t("ui.dues.paidOn", { date: formatDate(m.payment.paidOn) })}
              </Anchor>
            ) : m.exemption ? (
              <Text size="sm" fw={700} c="gray.7">
                {t(`ui.dues.exemption.${m.exemption}`)}
              </Text>
            ) : (m.due ?? 0) > 0 ? (
              <Text size="sm" fw={700} c="red.8">
                {t("ui.dues.unpaid")}
              </Text>
            ) : null}
          </Group>
        </Card>
      ))}
      {d.bases.length > 0 && (
        <>
          <Title order={3}>{t("ui.dues.basisHistory")}</Title>
          {d.bases.map((b) => (
            <Text key={b.id} size="sm">
              {t("ui.dues.basisLine", {
                month: monthLabel(b.fromMonth),
                kind: t(`ui.dues.kind.${b.kind}`),
                amount: b.kind === "student" ? "—" : formatDong(b.amount),
              })}
            </Text>
          ))}
        </>
      )}
    </Stack>
  );
}

/** /to-chuc/:id/thu-dang-phi — the đảng ủy's collection across its cells: the year's chart, then a page of cells. */
export function CollectionPage() {
  const { id = "" } = useParams();
  const t = useT();
  usePageTitle(t("ui.dues.collection"));
  const [year, setYear] = useState(Number(todayIso().slice(0, 4)));
  const [offset, setOffset] = useState(0);
  const limit = 20;
  const view = useQuery({
    queryKey: ["dues", "collection", id, year, offset],
    queryFn: () =>
      api.get<CollectionView>(`/api/organizations/${id}/dues-collection?year=${year}&limit=${limit}&offset=${offset}`),
  });
  if (view.isPending) return <PageLoader />;
  if (view.isError) return <PageError error={view.error} onRetry={() => view.refetch()} />;
  const v = view.data;
  const max = Math.max(1, ...v.months.map((m) => m.collected));
  const yearTotal = v.months.reduce((s, m) => s + m.collected, 0);
  return (
    <Stack gap="md">
      <Title order={2}>{t("ui.dues.collection")}</Title>
      <Group gap="xs">
        <Button variant="default" onClick={() => setYear(year - 1)} aria-label={t("ui.dues.prevYear")}>
          ‹
        </Button>
        <Text fw={700} size="lg">
          {year}
        </Text>
        <Button variant="default" onClick={() => setYear(year + 1)} aria-label={t("ui.dues.nextYear")}>
          ›
        </Button>
      </Group>
      <Text fw={700}>{t("ui.dues.yearTotal", { amount: formatDong(yearTotal) })}</Text>
      <Box role="img" aria-label={t("ui.dues.chart", { year })}>
        <Group gap={2} align="flex-end" h={140} wrap="nowrap">
          {v.months.map((m) => (
            <Box key={m.month} style={{ flex: 1, textAlign: "center" }}>
              <Box
                title={`${monthLabel(m.month)}: ${formatDong(m.collected)}`}
                bg="red.8"
                style={{ height: Math.round((m.collected / max) * 120), borderRadius: 2 }}
              />
            </Box>
          ))}
        </Group>
        <Group gap={2} wrap="nowrap">
          {v.months.map((m) => (
            <Text key={m.month} size="xs" style={{ flex: 1, textAlign: "center" }}>
              {Number(m.month.slice(5))}
            </Text>
          ))}
        </Group>
      </Box>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("ui.dues.cell")}</Table.Th>
            <Table.Th ta="right">{t("ui.dues.collectedShort")}</Table.Th>
            <Table.Th ta="right">{t("ui.dues.lastMonth")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {v.cells.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={Link} to={`/to-chuc/${c.id}/dang-phi`}>
                  {c.name}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right">{formatDong(c.collected)}</Table.Td>
              <Table.Td ta="right">{c.lastMonth ? monthLabel(c.lastMonth) : "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {v.total > limit && (
        <Group justify="space-between">
          <Button variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>
            {t("ui.dues.prevPage")}
          </Button>
          <Text size="sm">
            {t("ui.dues.page", { from: offset + 1, to: Math.min(v.total, offset + limit), total: v.total })}
          </Text>
          <Button variant="default" disabled={offset + limit >= v.total} onClick={() => setOffset(offset + limit)}>
            {t("ui.dues.nextPage")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

import { useEffect, useMemo, useState } from "react";
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { api, ApiError } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useRulebookTitle, useT, useTranslateAny } from "../../../web/i18n";
import { NotFoundPage } from "../../../web/pages/NotFoundPage";
import { notifySuccess, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import { useOrganization } from "../../organizations/ui/queries";
import {
  allCriteria,
  MEETING_KINDS,
  scoreMeeting,
  scoreSheetSchema,
  sheetMax,
  type Band,
  type Criterion,
  type MeetingFacts,
  type MeetingKind,
  type Reason,
  type ScoreSheet,
} from "../scoring";
import hd12 from "../../../../rulebooks/meeting-score/12hd-2018.json";
import hd42 from "../../../../rulebooks/meeting-score/42hd-2025.json";
import phuTho from "../../../../rulebooks/meeting-score/local-example-phu-tho.json";
import anPhu from "../../../../rulebooks/meeting-score/local-example-an-phu.json";
import type { Wire } from "../../../core/http/present";
import type { rulebookSchema } from "../../organizations/present";

/** The score sheet in force, as the organisations module answers it, with the data its kind describes. */
type SheetBook = Omit<Wire<typeof rulebookSchema>, "data"> & { data: ScoreSheet };

const TEMPLATES = { hd12, hd42, phuTho, anPhu } as const;
type Source = "inForce" | keyof typeof TEMPLATES;

/** Sample figures for the preview; everything not asked for is "done". */
interface Sample {
  kind: MeetingKind;
  members: number;
  exempt: number;
  present: number;
  absentWithoutReason: number;
  speakers: number;
  duration: number;
  fullJudgements: boolean;
}

function sampleFacts(s: Sample): MeetingFacts {
  const eligible = Math.max(0, s.members - s.exempt);
  const present = Math.min(s.present, eligible);
  const withoutReason = Math.min(s.absentWithoutReason, eligible - present);
  return {
    kind: s.kind,
    date: todayIso(),
    members: s.members,
    exempt: s.exempt,
    present,
    absentWithReason: eligible - present - withoutReason,
    absentWithoutReason: withoutReason,
    membersAbsentMoreThan3InARow: 0,
    durationMinutes: s.duration,
    startedOnTime: true,
    speakers: Math.min(s.speakers, present),
    stepsInOrder: true,
    minutesComplete: true,
    voteHeld: true,
    previousResolutionDone: true,
    preparation: {
      preparerAssigned: true,
      committeeMet: true,
      draftResolution: true,
      noticeSent: true,
      documentsPublishedDaysBefore: 2,
    },
  };
}

const parse = (data: unknown): ScoreSheet => scoreSheetSchema.parse(data);

/** The đảng ủy office's editor: start from a sheet, change points, bands and cut-offs, preview, adopt. */
export function ScoreSheetEditorPage() {
  const { id } = useParams();
  const t = useT();
  const tr = useTranslateAny();
  const org = useOrganization(id);
  const inForce = useQuery({
    queryKey: ["organizations", id ?? "", "rulebook", "meeting-score"],
    queryFn: () => api.get<SheetBook>(`/api/organizations/${id}/rulebooks/meeting-score`),
    enabled: !!id,
  });
  const [source, setSource] = useState<Source>("inForce");
  const [sheet, setSheet] = useState<ScoreSheet | null>(null);
  const [sample, setSample] = useState<Sample>({
    kind: "monthly",
    members: 20,
    exempt: 1,
    present: 17,
    absentWithoutReason: 0,
    speakers: 10,
    duration: 95,
    fullJudgements: true,
  });
  const [title, setTitle] = useState("");
  const [sourceRef, setSourceRef] = useState("");
  const [effectiveFrom, setEffectiveFrom] = useState<string | null>(todayIso());
  const bookTitle = useRulebookTitle();
  usePageTitle(t("ui.scoring.title"));

  useEffect(() => {
    if (source === "inForce") {
      if (inForce.data) {
        setSheet(parse(inForce.data.data));
        setTitle(inForce.data.title);
      }
    } else {
      const book = TEMPLATES[source];
      setSheet(parse(book.data));
      setTitle(book.title);
    }
  }, [source, inForce.data]);

  const validation = useMemo(() => (sheet ? scoreSheetSchema.safeParse(sheet) : null), [sheet]);
  const preview = useMemo(() => {
    if (!sheet || !validation?.success) return null;
    const judgements = sample.fullJudgements
      ? allCriteria(sheet)
          .filter((c) => c.rule.type === "judgement")
          .map((c) => ({ criterionId: c.id, points: c.max, note: "" }))
      : [];
    return scoreMeeting(validation.data, sampleFacts(sample), judgements);
  }, [sheet, validation, sample]);

  const form = useApiForm(
    async () => {
      if (!validation?.success)
        throw new Error(t("ui.scoring.invalid", { details: validation?.error.issues[0]?.message ?? "" }));
      const o = org.data!;
      return api.post<unknown>(`/api/organizations/${o.id}/rulebooks`, {
        kind: "meeting-score",
        key: `meeting-score-${o.code}-${effectiveFrom ?? ""}`.toLowerCase().slice(0, 80),
        title,
        source: sourceRef,
        effectiveFrom,
        data: { ...validation.data, origin: "local" },
      });
    },
    () => {
      notifySuccess(t("ui.scoring.adopted", { date: formatDate(effectiveFrom ?? "") }));
      void inForce.refetch();
    },
  );

  if (org.isPending || inForce.isPending) return <PageLoader />;
  if (org.isError)
    return org.error instanceof ApiError && org.error.status === 404 ? (
      <NotFoundPage />
    ) : (
      <PageError error={org.error} />
    );
  if (inForce.isError && !(inForce.error instanceof ApiError && inForce.error.status === 404))
    return <PageError error={inForce.error} />;
  const o = org.data;
  const canAdopt = o.permissions["org.manage"];
  const label = (x: { labelKey?: string; label?: string }) => (x.labelKey ? tr(x.labelKey) : (x.label ?? ""));
  const metric = (m: string) => tr(`scoring.metric.${m}`);
  const reasonText = (r: Reason) =>
    tr(r.key, { ...r.params, ...(typeof r.params.metric === "string" ? { metric: metric(r.params.metric) } : {}) });

  const edit = (change: (draft: ScoreSheet) => void) =>
    setSheet((current) => {
      if (!current) return current;
      const draft = structuredClone(current);
      change(draft);
      return draft;
    });
  const criterionAt = (draft: ScoreSheet, si: number, ci: number) => draft.sections[si]!.criteria[ci]!;

  return (
    <Stack gap="md" maw={960}>
      <div>
        <Title order={1}>{t("ui.scoring.title")}</Title>
        <Text size="sm" c="dimmed" mt={4}>
          {o.name}
        </Text>
      </div>
      <Text>{t("ui.scoring.help")}</Text>
      {inForce.data && (
        <Alert color="blue" variant="light">
          {t("ui.scoring.inForce", { title: bookTitle(inForce.data), date: formatDate(inForce.data.effectiveFrom) })}
        </Alert>
      )}
      <Select
        label={t("ui.scoring.startFrom")}
        size="md"
        allowDeselect={false}
        value={source}
        onChange={(v) => v && setSource(v as Source)}
        data={(["inForce", "hd12", "hd42", "phuTho", "anPhu"] as const).map((k) => ({
          value: k,
          label: t(`ui.scoring.template.${k}`),
        }))}
      />
      {sheet && (
        <>
          {sheet.productReading && (
            <Alert color="yellow" variant="light" data-testid="product-reading">
              {t("ui.scoring.productReading")}
            </Alert>
          )}
          {sheet.note && <Text size="sm">{sheet.note}</Text>}

          {sheet.sections.map((section, si) => {
            const sectionMax = section.criteria.reduce((n, c) => n + c.max, 0);
            return (
              <Paper key={section.id} withBorder p="md" radius="md">
                <Group justify="space-between" align="baseline" mb="sm" wrap="nowrap">
                  <Title order={2} size="h3">
                    {label(section)}
                  </Title>
                  <Badge size="lg" variant="light">
                    {t("ui.scoring.sectionMax", {
                      points:
                        preview?.criteria.filter((c) => c.sectionId === section.id).reduce((n, c) => n + c.points, 0) ??
                        0,
                      max: sectionMax,
                    })}
                  </Badge>
                </Group>
                <Stack gap="md">
                  {section.criteria.map((c, ci) => (
                    <CriterionEditor
                      key={c.id}
                      criterion={c}
                      label={label(c)}
                      metric={metric}
                      previewPoints={preview?.criteria.find((r) => r.id === c.id)?.points}
                      previewReason={(() => {
                        const r = preview?.criteria.find((x) => x.id === c.id);
                        return r ? reasonText(r.reason) : undefined;
                      })()}
                      onMax={(v) => edit((d) => void (criterionAt(d, si, ci).max = v))}
                      onBand={(kind, bi, field, v) =>
                        edit((d) => {
                          const rule = criterionAt(d, si, ci).rule;
                          if (rule.type !== "bands") return;
                          const bands = kind ? rule.byKind?.[kind] : rule.bands;
                          if (bands?.[bi]) bands[bi]![field] = v;
                        })
                      }
                      onCap={(k, v) => edit((d) => void (criterionAt(d, si, ci).caps[k]!.maxPoints = v))}
                    />
                  ))}
                </Stack>
              </Paper>
            );
          })}

          <Paper withBorder p="md" radius="md">
            <Title order={2} size="h3" mb="xs">
              {t("ui.scoring.cutoffs")}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {t("ui.scoring.cutoffsHelp")}
            </Text>
            <SimpleGrid cols={{ base: 1, xs: 3 }}>
              {(["good", "fair", "average"] as const).map((r) => (
                <NumberInput
                  hideControls
                  key={r}
                  size="md"
                  label={t(`scoring.rating.${r}`)}
                  min={0}
                  max={100}
                  decimalScale={2}
                  value={sheet.cutoffs[r]}
                  onChange={(v) => edit((d) => void (d.cutoffs[r] = Number(v) || 0))}
                  error={
                    validation && !validation.success && validation.error.issues.some((i) => i.path[0] === "cutoffs")
                      ? t("ui.scoring.invalid", { details: "" })
                      : undefined
                  }
                />
              ))}
            </SimpleGrid>
            {sheet.ratingCaps.map((cap, k) => (
              <Text key={k} size="sm" mt="xs">
                {t("ui.scoring.ratingCap", {
                  rating: t(`scoring.rating.${cap.maxRating}`),
                  metric: metric(cap.metric),
                  op: t(`ui.scoring.op.${cap.op}`),
                  value: cap.value,
                })}
              </Text>
            ))}
            {sheetMax(sheet) !== 100 && (
              <Alert color="yellow" variant="light" mt="sm">
                {t("ui.scoring.maxTotalWarn", { max: sheetMax(sheet) })}
              </Alert>
            )}
          </Paper>

          <Paper withBorder p="md" radius="md">
            <Title order={2} size="h3" mb="xs">
              {t("ui.scoring.yearly")}
            </Title>
            <Stack gap={6}>
              {sheet.yearly.rules.map((rule, k) => (
                <Group key={k} gap="xs" wrap="wrap">
                  <Text fw={600}>{t(`scoring.rating.${rule.rating}`)}:</Text>
                  {rule.everyMonthAtLeast && (
                    <Text>{t("ui.scoring.yearEvery", { rating: t(`scoring.rating.${rule.everyMonthAtLeast}`) })}</Text>
                  )}
                  {rule.atLeastMonths && (
                    <Group gap={6} wrap="nowrap">
                      <Text>{t("ui.scoring.yearAtLeastPrefix")}</Text>
                      <NumberInput
                        hideControls
                        aria-label={t("ui.scoring.yearAtLeast", {
                          count: rule.atLeastMonths.count,
                          rating: t(`scoring.rating.${rule.atLeastMonths.rating}`),
                        })}
                        w={80}
                        size="md"
                        min={0}
                        max={12}
                        value={rule.atLeastMonths.count}
                        onChange={(v) => edit((d) => void (d.yearly.rules[k]!.atLeastMonths!.count = Number(v) || 0))}
                      />
                      <Text>
                        {t("ui.scoring.yearAtLeastSuffix", {
                          rating: t(`scoring.rating.${rule.atLeastMonths.rating}`),
                        })}
                      </Text>
                    </Group>
                  )}
                </Group>
              ))}
              <Text>{t("ui.scoring.yearOtherwise")}</Text>
            </Stack>
          </Paper>

          <Paper withBorder p="md" radius="md" data-testid="preview">
            <Title order={2} size="h3" mb="sm">
              {t("ui.scoring.preview")}
            </Title>
            <SimpleGrid cols={{ base: 2, sm: 3 }}>
              {(["members", "exempt", "present", "absentWithoutReason", "speakers", "duration"] as const).map((f) => (
                <NumberInput
                  hideControls
                  key={f}
                  size="md"
                  label={t(`ui.scoring.sample.${f}`)}
                  min={0}
                  max={f === "duration" ? 600 : 500}
                  value={sample[f]}
                  onChange={(v) => setSample((s) => ({ ...s, [f]: Number(v) || 0 }))}
                />
              ))}
            </SimpleGrid>
            <Select
              mt="sm"
              size="md"
              label={t("ui.scoring.sample.kind")}
              allowDeselect={false}
              value={sample.kind}
              onChange={(v) => v && setSample((s) => ({ ...s, kind: v as MeetingKind }))}
              data={MEETING_KINDS.map((k) => ({ value: k, label: t(`ui.scoring.kind.${k}`) }))}
            />
            <Checkbox
              mt="sm"
              size="md"
              label={t("ui.scoring.sample.judgements")}
              checked={sample.fullJudgements}
              onChange={(e) => setSample((s) => ({ ...s, fullJudgements: e.currentTarget.checked }))}
            />
            {preview && (
              <Text mt="md" size="xl" fw={700} data-testid="preview-result">
                {t("ui.scoring.previewResult", {
                  total: preview.total,
                  max: preview.max,
                  rating: t(`scoring.rating.${preview.rating}`),
                })}
              </Text>
            )}
            {validation && !validation.success && (
              <Alert color="red" mt="sm">
                {t("ui.scoring.invalid", {
                  details: validation.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
                })}
              </Alert>
            )}
          </Paper>

          {canAdopt ? (
            <Paper withBorder p="md" radius="md" component="form" onSubmit={(e) => void form.run(e)}>
              <Title order={2} size="h3" mb="sm">
                {t("ui.scoring.adopt")}
              </Title>
              <Stack gap="sm">
                <TextInput
                  size="md"
                  required
                  label={t("ui.scoring.adoptTitle")}
                  value={title}
                  onChange={(e) => setTitle(e.currentTarget.value)}
                  error={form.errors.title && tr(form.errors.title)}
                  maxLength={200}
                />
                <TextInput
                  size="md"
                  required
                  label={t("ui.scoring.adoptSource")}
                  description={t("ui.scoring.adoptSourceHelp")}
                  value={sourceRef}
                  onChange={(e) => setSourceRef(e.currentTarget.value)}
                  error={form.errors.source && tr(form.errors.source)}
                  maxLength={300}
                />
                <DateField
                  size="md"
                  required
                  label={t("ui.scoring.adoptFrom")}
                  value={effectiveFrom}
                  onChange={setEffectiveFrom}
                  error={form.errors.effectiveFrom && tr(form.errors.effectiveFrom)}
                />
                <Button type="submit" size="md" loading={form.busy} disabled={!validation?.success}>
                  {t("ui.scoring.adopt")}
                </Button>
              </Stack>
            </Paper>
          ) : (
            <Text c="dimmed">{t("ui.scoring.noAccess")}</Text>
          )}
        </>
      )}
    </Stack>
  );
}

function CriterionEditor(props: {
  criterion: Criterion;
  label: string;
  metric: (m: string) => string;
  previewPoints?: number;
  previewReason?: string;
  onMax: (v: number) => void;
  onBand: (kind: MeetingKind | null, index: number, field: "points" | "value", v: number) => void;
  onCap: (index: number, v: number) => void;
}) {
  const t = useT();
  const { criterion: c, metric } = props;
  const rule = c.rule;
  return (
    <Stack
      gap={6}
      data-testid={`criterion-${c.id}`}
      style={{ borderTop: "1px solid var(--mantine-color-gray-3)", paddingTop: 8 }}
    >
      <Text fw={600}>{props.label}</Text>
      <Group gap={6}>
        <Badge variant="light" color={rule.type === "judgement" ? "grape" : "teal"}>
          {rule.type === "judgement" ? t("ui.scoring.judgement") : t("ui.scoring.computed")}
        </Badge>
        {props.previewPoints !== undefined && (
          <Text size="sm" c="dimmed">
            {props.previewPoints}/{c.max}
            {props.previewReason ? ` · ${props.previewReason}` : ""}
          </Text>
        )}
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Text size="sm">{t("ui.scoring.criterionMax")}</Text>
        <NumberInput
          hideControls
          aria-label={`${t("ui.scoring.criterionMax")}: ${props.label}`}
          w={80}
          size="md"
          min={0}
          max={1000}
          decimalScale={2}
          value={c.max}
          onChange={(v) => props.onMax(Number(v) || 0)}
        />
      </Group>
      {rule.type === "check" && <Text size="sm">{t("ui.scoring.check", { metric: metric(rule.metric) })}</Text>}
      {rule.type === "bands" && (
        <>
          <BandTable
            title={t("ui.scoring.bands", { metric: metric(rule.metric) })}
            bands={rule.bands}
            onChange={(i, f, v) => props.onBand(null, i, f, v)}
          />
          {(Object.entries(rule.byKind ?? {}) as [MeetingKind, Band[]][]).map(([kind, bands]) => (
            <BandTable
              key={kind}
              title={t("ui.scoring.bandsFor", { kind: t(`ui.scoring.kind.${kind}`) })}
              bands={bands}
              onChange={(i, f, v) => props.onBand(kind, i, f, v)}
            />
          ))}
        </>
      )}
      {c.caps.map((cap, k) => (
        <Group key={k} gap="xs" wrap="wrap">
          <Text size="sm" style={{ whiteSpace: "nowrap" }}>
            {t("ui.scoring.capPrefix")}
          </Text>
          <NumberInput
            hideControls
            aria-label={t("ui.scoring.cap", {
              maxPoints: cap.maxPoints,
              metric: metric(cap.metric),
              op: t(`ui.scoring.op.${cap.op}`),
              value: cap.value,
            })}
            w={80}
            size="md"
            min={0}
            value={cap.maxPoints}
            onChange={(v) => props.onCap(k, Number(v) || 0)}
          />
          <Text size="sm">
            {t("ui.scoring.capSuffix", {
              metric: metric(cap.metric),
              op: t(`ui.scoring.op.${cap.op}`),
              value: cap.value,
            })}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

function BandTable({
  title,
  bands,
  onChange,
}: {
  title: string;
  bands: Band[];
  onChange: (index: number, field: "points" | "value", v: number) => void;
}) {
  const t = useT();
  return (
    <div>
      <Text size="sm" c="dimmed" mb={4}>
        {title}
      </Text>
      <Table withTableBorder verticalSpacing={4} horizontalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("ui.scoring.value")}</Table.Th>
            <Table.Th w={100}>{t("ui.scoring.points")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bands.map((b, i) => (
            <Table.Tr key={i}>
              <Table.Td>
                {b.op === undefined ? (
                  <Text size="sm">{t("ui.scoring.otherwise")}</Text>
                ) : (
                  <Group gap={6} wrap="nowrap">
                    <Text fw={600} w={16}>
                      {t(`ui.scoring.op.${b.op}`)}
                    </Text>
                    <NumberInput
                      hideControls
                      aria-label={`${title} ${t("ui.scoring.value")} ${i + 1}`}
                      size="md"
                      w={96}
                      decimalScale={2}
                      value={b.value}
                      onChange={(v) => onChange(i, "value", Number(v) || 0)}
                    />
                  </Group>
                )}
              </Table.Td>
              <Table.Td>
                <NumberInput
                  hideControls
                  aria-label={`${title} ${t("ui.scoring.points")} ${i + 1}`}
                  size="md"
                  w={88}
                  min={0}
                  decimalScale={2}
                  value={b.points}
                  onChange={(v) => onChange(i, "points", Number(v) || 0)}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

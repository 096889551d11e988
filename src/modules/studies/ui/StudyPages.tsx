import { useState } from "react";
import { Anchor, Badge, Button, Card, Checkbox, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { FormError, notifySuccess, orNull, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import type { CellStudies, StudyOverview, StudySession } from "../present";

// Studying the level above's resolutions: the cell's list, one session (attendance, reflections, make-up, report),
// and the đảng ủy's view of which cells have studied which resolution. Each usable at 360 px.

const label = (r: { number: string | null; title: string }) => (r.number ? `${r.number} — ${r.title}` : r.title);

function TallyLine({ tally }: { tally: { total: number; studied: number; reflected: number } }) {
  const t = useT();
  const complete = tally.total > 0 && tally.studied === tally.total && tally.reflected === tally.total;
  return (
    <Text size="sm" fw={600} c={complete ? "teal.9" : "orange.9"}>
      {t("ui.studies.tally", tally)}
    </Text>
  );
}

function NewSessionForm({
  cellId,
  resolutions,
  makeupOf,
}: {
  cellId: string;
  resolutions: { id: string; number: string | null; title: string }[];
  makeupOf?: { id: string; resolutionId: string };
}) {
  const t = useT();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [resolutionId, setResolutionId] = useState(makeupOf?.resolutionId ?? "");
  const [heldOn, setHeldOn] = useState<string | null>(todayIso());
  const [place, setPlace] = useState("");
  const [presenter, setPresenter] = useState("");
  const form = useApiForm(
    () =>
      api.post<{ id: string }>(`/api/organizations/${cellId}/study-sessions`, {
        resolutionId,
        heldOn,
        place,
        presenter: orNull(presenter),
        makeupOfId: makeupOf?.id ?? null,
      }),
    (created) => {
      void client.invalidateQueries({ queryKey: ["studies"] });
      navigate(`/hoc-tap/${created.id}`);
    },
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run}>
      <Stack gap="xs">
        <Title order={3}>{t(makeupOf ? "ui.studies.newMakeup" : "ui.studies.newSession")}</Title>
        {!makeupOf && (
          <label>
            <Text size="sm" fw={500}>
              {t("ui.studies.resolution")}
            </Text>
            <select
              value={resolutionId}
              onChange={(e) => setResolutionId(e.currentTarget.value)}
              style={{ width: "100%", minHeight: 44, fontSize: 16 }}
              aria-label={t("ui.studies.resolution")}
            >
              <option value="" />
              {resolutions.map((r) => (
                <option key={r.id} value={r.id}>
                  {label(r)}
                </option>
              ))}
            </select>
            {form.errors.resolutionId && (
              <Text size="sm" c="red.8">
                {form.errors.resolutionId}
              </Text>
            )}
          </label>
        )}
        <DateField
          label={t("ui.studies.heldOn")}
          value={heldOn}
          onChange={setHeldOn}
          error={form.errors.heldOn}
          required
        />
        <TextInput
          label={t("ui.studies.place")}
          value={place}
          onChange={(e) => setPlace(e.currentTarget.value)}
          error={form.errors.place}
          required
        />
        <TextInput
          label={t("ui.studies.presenter")}
          value={presenter}
          onChange={(e) => setPresenter(e.currentTarget.value)}
          error={form.errors.presenter}
        />
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t(makeupOf ? "ui.studies.newMakeup" : "ui.studies.newSession")}
        </Button>
      </Stack>
    </Card>
  );
}

/** /to-chuc/:id/hoc-tap-nghi-quyet — the cell's resolutions from above: studied or not, and each member's own part. */
export function StudiesPage() {
  const { id = "" } = useParams();
  const t = useT();
  usePageTitle(t("ui.studies.title"));
  const q = useQuery({
    queryKey: ["studies", "cell", id],
    queryFn: () => api.get<CellStudies>(`/api/organizations/${id}/studies`),
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  return (
    <Stack gap="md">
      <Title order={2}>{t("ui.studies.title")}</Title>
      {d.resolutions.length === 0 && <Text>{t("ui.studies.none")}</Text>}
      {d.resolutions.map((r) => (
        <Card key={r.id} withBorder padding="sm">
          <Text fw={700}>{label(r)}</Text>
          {r.session ? (
            <>
              <Anchor component={Link} to={`/hoc-tap/${r.session.id}`} size="sm" display="block" py={4}>
                {t("ui.studies.sessionLine", { date: formatDate(r.session.heldOn), place: r.session.place })}
              </Anchor>
              {r.makeups.map((m) => (
                <Anchor key={m.id} component={Link} to={`/hoc-tap/${m.id}`} size="sm" display="block" py={4}>
                  {t("ui.studies.makeupLine", { date: formatDate(m.heldOn) })}
                </Anchor>
              ))}
            </>
          ) : (
            <Text size="sm" c="orange.9">
              {t("ui.studies.notYet")}
            </Text>
          )}
          {r.tally && <TallyLine tally={r.tally} />}
          {r.mine && (
            <Group gap="xs" mt={4}>
              <Badge color={r.mine.studied ? "teal" : "orange"} variant="light">
                {t(r.mine.studied ? "ui.studies.mineStudied" : "ui.studies.mineNotStudied")}
              </Badge>
              <Badge color={r.mine.reflectedOn ? "teal" : "orange"} variant="light">
                {r.mine.reflectedOn
                  ? t("ui.studies.mineReflected", { date: formatDate(r.mine.reflectedOn) })
                  : t("ui.studies.mineNotReflected")}
              </Badge>
            </Group>
          )}
          {r.report && (
            <Anchor component={Link} to={`/van-ban/${r.report.documentId}`} size="sm" display="block" py={4}>
              {t("ui.studies.reportLine", { number: r.report.numberText ?? "", date: formatDate(r.report.issuedOn) })}
            </Anchor>
          )}
        </Card>
      ))}
      {d.canManage && d.resolutions.some((r) => !r.session) && (
        <NewSessionForm cellId={id} resolutions={d.resolutions.filter((r) => !r.session)} />
      )}
    </Stack>
  );
}

function AttendanceForm({ s, onDone }: { s: StudySession; onDone: () => void }) {
  const t = useT();
  const here = s.roster.filter((m) => m.present).map((m) => m.id);
  const [present, setPresent] = useState<string[]>(here);
  const form = useApiForm(
    () => api.post(`/api/study-sessions/${s.id}/attendance`, { presentIds: present, version: s.version }),
    () => {
      notifySuccess(t("ui.studies.attendanceSaved"));
      onDone();
    },
  );
  // At a make-up session, those who studied at another session are not on the list to tick.
  const list = s.roster.filter((m) => !s.makeupOf || !m.studied || m.present);
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run}>
      <Stack gap="xs">
        <Title order={3}>{t("ui.studies.attendance")}</Title>
        <Checkbox.Group value={present} onChange={setPresent} error={form.errors.presentIds}>
          <Stack gap={10}>
            {list.map((m) => (
              <Checkbox
                key={m.id}
                value={m.id}
                size="md"
                label={m.exempt ? `${m.fullName} (${t("ui.studies.exempt")})` : m.fullName}
              />
            ))}
          </Stack>
        </Checkbox.Group>
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t("ui.studies.saveAttendance")}
        </Button>
      </Stack>
    </Card>
  );
}

function MyReflection({ s, onDone }: { s: StudySession; onDone: () => void }) {
  const t = useT();
  const [content, setContent] = useState(s.myReflection?.content ?? "");
  const form = useApiForm(
    () => api.post(`/api/study-sessions/${s.id}/reflection`, { content }),
    () => {
      notifySuccess(t("ui.studies.reflectionSent"));
      onDone();
    },
  );
  const mine = s.myReflection;
  if (mine?.via === "paper")
    return (
      <Card withBorder padding="sm">
        <Title order={3}>{t("ui.studies.myReflection")}</Title>
        <Text size="sm">{t("ui.studies.paperReceived", { date: formatDate(mine.receivedOn) })}</Text>
      </Card>
    );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run}>
      <Stack gap="xs">
        <Title order={3}>{t("ui.studies.myReflection")}</Title>
        <Text size="sm" c="dimmed">
          {mine
            ? t("ui.studies.sentOn", { date: formatDate(mine.receivedOn) })
            : t("ui.studies.dueOn", { date: formatDate(s.reflectionDueOn) })}
        </Text>
        <Textarea
          label={t("ui.studies.reflectionText")}
          value={content}
          onChange={(e) => setContent(e.currentTarget.value)}
          error={form.errors.content}
          autosize
          minRows={6}
          required
        />
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t(mine ? "ui.studies.updateReflection" : "ui.studies.sendReflection")}
        </Button>
      </Stack>
    </Card>
  );
}

function PaperButton({ s, memberId, onDone }: { s: StudySession; memberId: string; onDone: () => void }) {
  const t = useT();
  const form = useApiForm(
    () => api.post(`/api/study-sessions/${s.id}/paper-reflections`, { memberId, receivedOn: todayIso() }),
    onDone,
  );
  return (
    <Button size="xs" variant="light" onClick={() => form.run()} loading={form.busy}>
      {t("ui.studies.markPaper")}
    </Button>
  );
}

function ReportForm({ s, onDone }: { s: StudySession; onDone: () => void }) {
  const t = useT();
  const [issuedOn, setIssuedOn] = useState<string | null>(todayIso());
  const form = useApiForm(
    () => api.post(`/api/study-sessions/${s.id}/report`, { issuedOn, version: s.version }),
    () => {
      notifySuccess(t("ui.studies.reportIssued"));
      onDone();
    },
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run}>
      <Stack gap="xs">
        <Title order={3}>{t("ui.studies.report")}</Title>
        <TallyLine tally={s.tally} />
        <DateField
          label={t("ui.studies.issuedOn")}
          value={issuedOn}
          onChange={setIssuedOn}
          error={form.errors.issuedOn}
          required
        />
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t("ui.studies.issueReport")}
        </Button>
      </Stack>
    </Card>
  );
}

/** /hoc-tap/:id — one study session: the member's reflection; for the committee, attendance, paper, make-up, report. */
export function StudySessionPage() {
  const { id = "" } = useParams();
  const t = useT();
  const q = useQuery({
    queryKey: ["studies", "session", id],
    queryFn: () => api.get<StudySession>(`/api/study-sessions/${id}`),
  });
  usePageTitle(q.data ? label(q.data.resolution) : t("ui.studies.title"));
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: ["studies"] });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  const s = q.data;
  const held = s.heldOn <= todayIso();
  const absent = s.roster.filter((m) => !m.studied).length;
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={`/to-chuc/${s.organizationId}/hoc-tap-nghi-quyet`} size="sm">
          {s.cellName}
        </Anchor>
        <Title order={2}>{label(s.resolution)}</Title>
        <Text size="sm" mt={4}>
          {t(s.makeupOf ? "ui.studies.makeupLine" : "ui.studies.sessionLine", {
            date: formatDate(s.heldOn),
            place: s.place,
          })}
        </Text>
        {s.makeupOf && (
          <Anchor component={Link} to={`/hoc-tap/${s.makeupOf.id}`} size="sm">
            {t("ui.studies.makeupOf", { date: formatDate(s.makeupOf.heldOn) })}
          </Anchor>
        )}
        {s.presenter && <Text size="sm">{t("ui.studies.presenterLine", { name: s.presenter })}</Text>}
        <TallyLine tally={s.tally} />
        {s.report && (
          <Anchor component={Link} to={`/van-ban/${s.report.documentId}`} size="sm" display="block" py={4}>
            {t("ui.studies.reportLine", { number: s.report.numberText ?? "", date: formatDate(s.report.issuedOn) })}
          </Anchor>
        )}
      </div>
      {s.mayReflect && held && <MyReflection key={s.myReflection?.receivedOn ?? "new"} s={s} onDone={refresh} />}
      {s.canManage && held && <AttendanceForm key={s.version} s={s} onDone={refresh} />}
      {s.canManage && held && (
        <Card withBorder padding="sm">
          <Title order={3} mb="xs">
            {t("ui.studies.reflections")}
          </Title>
          <Stack gap="xs">
            {s.roster.map((m) => (
              <Group key={m.id} justify="space-between" wrap="nowrap" gap="xs">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {m.fullName}
                  </Text>
                  <Text size="xs" c={m.reflection ? "teal.9" : "orange.9"}>
                    {m.reflection
                      ? t(m.reflection.via === "paper" ? "ui.studies.viaPaper" : "ui.studies.viaOnline", {
                          date: formatDate(m.reflection.receivedOn),
                        })
                      : t("ui.studies.noReflection")}
                  </Text>
                </div>
                {!m.reflection && <PaperButton s={s} memberId={m.id} onDone={refresh} />}
              </Group>
            ))}
          </Stack>
        </Card>
      )}
      {s.canManage && held && !s.makeupOf && absent > 0 && (
        <NewSessionForm
          cellId={s.organizationId}
          resolutions={[]}
          makeupOf={{ id: s.id, resolutionId: s.resolution.id }}
        />
      )}
      {s.canManage && held && !s.report && <ReportForm s={s} onDone={refresh} />}
    </Stack>
  );
}

/** /to-chuc/:id/tong-hop-hoc-tap — the đảng ủy's view: for each resolution from above, which cells have studied it. */
export function StudyOverviewPage() {
  const { id = "" } = useParams();
  const t = useT();
  usePageTitle(t("ui.studies.overview"));
  const q = useQuery({
    queryKey: ["studies", "overview", id],
    queryFn: () => api.get<StudyOverview>(`/api/organizations/${id}/study-overview`),
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  return (
    <Stack gap="md">
      <Title order={2}>{t("ui.studies.overview")}</Title>
      {q.data.resolutions.length === 0 && <Text>{t("ui.studies.none")}</Text>}
      {q.data.resolutions.map((r) => {
        const done = r.cells.filter((c) => c.heldOn).length;
        return (
          <Card key={r.id} withBorder padding="sm">
            <Text fw={700}>{label(r)}</Text>
            <Text size="sm" c="dimmed">
              {t("ui.studies.cellsStudied", { done, total: r.cells.length })}
            </Text>
            <Stack gap={6} mt="xs">
              {r.cells.map((c) => (
                <div key={c.id}>
                  <Anchor component={Link} to={`/to-chuc/${c.id}/hoc-tap-nghi-quyet`} size="sm" fw={600}>
                    {c.name}
                  </Anchor>
                  {c.tally ? (
                    <TallyLine tally={c.tally} />
                  ) : (
                    <Text size="sm" c="orange.9">
                      {t("ui.studies.notYet")}
                    </Text>
                  )}
                  {c.report && (
                    <Anchor component={Link} to={`/van-ban/${c.report.documentId}`} size="xs">
                      {t("ui.studies.reportLine", {
                        number: c.report.numberText ?? "",
                        date: formatDate(c.report.issuedOn),
                      })}
                    </Anchor>
                  )}
                </div>
              ))}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}

import { useState } from "react";
import { Anchor, Badge, Button, Card, Group, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { FormError, notifySuccess, PageError, PageLoader, useApiForm, usePageTitle } from "../../../web/ui";
import { MemberPicker } from "../../members/ui/MemberPicker";
import type { InspectionType } from "../model";
import type { InspectionWire, ProgrammeWire } from "../present";
import { subjectBody, SubjectFields } from "./InspectionsPage";
import { Choice, DownloadLinks, inspectionKeys, Opener, Prose, useInspectionRules } from "./shared";

// /kiem-tra/chuong-trinh/:id — a yearly programme: its lines (subject, type, content, who leads, period), the form
// to add a line while it is a draft, adoption with its number, and "start" on each line once adopted.

type Item = ProgrammeWire["items"][number];

function ItemCard({ p, item }: { p: ProgrammeWire; item: Item }) {
  const t = useT();
  const navigate = useNavigate();
  const client = useQueryClient();
  const start = useApiForm(
    () =>
      api.post<InspectionWire>(`/api/organizations/${p.organizationId}/inspections`, {
        body: p.body,
        programmeItemId: item.id,
        type: item.type,
        subjectOrganizationId: item.subjectOrganizationId,
        subjectMemberId: item.subjectMemberId,
        content: item.content,
        leadMemberId: item.leadMemberId,
      }),
    (i) => {
      void client.invalidateQueries({ queryKey: inspectionKeys.all });
      navigate(`/kiem-tra/${i.id}`);
    },
  );
  return (
    <Card withBorder padding="sm" data-testid="programme-item">
      <Text fw={700} style={{ overflowWrap: "anywhere" }}>
        {item.subjectName}
      </Text>
      <Badge variant="light" mt={2}>
        {t(`ui.inspections.type.${item.type}`)}
      </Badge>
      <Prose>{item.content}</Prose>
      <Text size="sm">
        {t("ui.inspections.lead")}: {item.leadName}
      </Text>
      <Text size="sm">
        {t("ui.inspections.period")}: {formatDate(item.startsOn)} – {formatDate(item.endsOn)}
      </Text>
      {item.started > 0 && (
        <Text size="sm" c={item.concluded > 0 ? "teal.9" : "orange.9"} fw={600}>
          {item.concluded > 0 ? t("ui.insp.lineDone") : t("ui.insp.lineRunning")}
        </Text>
      )}
      {p.mayManage && p.adoptedOn && item.started === 0 && (
        <Stack gap={4} mt="xs">
          <FormError form={start} />
          <Button
            onClick={() => start.run()}
            loading={start.busy}
            aria-label={`${t("ui.inspections.start")}: ${item.subjectName}`}
          >
            {t("ui.inspections.start")}
          </Button>
        </Stack>
      )}
    </Card>
  );
}

function ItemForm({ p, onClose }: { p: ProgrammeWire; onClose: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const rules = useInspectionRules(p.organizationId);
  const types = rules.data
    ? (Object.keys(rules.data.types) as InspectionType[]).filter((x) => rules.data.types[x].programmable)
    : [];
  const [type, setType] = useState<InspectionType | "">("");
  const [subject, setSubject] = useState({
    organizationId: "",
    memberId: null as string | null,
    kind: "organization" as "organization" | "member",
  });
  const [content, setContent] = useState("");
  const [lead, setLead] = useState<string | null>(null);
  const [startsOn, setStartsOn] = useState<string | null>(null);
  const [endsOn, setEndsOn] = useState<string | null>(null);
  const form = useApiForm(
    () =>
      api.post<ProgrammeWire>(`/api/inspection-programmes/${p.id}/items`, {
        ...subjectBody(subject),
        type: type || types[0],
        content,
        leadMemberId: lead,
        startsOn,
        endsOn,
      }),
    () => {
      notifySuccess(t("ui.insp.itemAdded"));
      void client.invalidateQueries({ queryKey: inspectionKeys.all });
      onClose();
    },
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run} noValidate>
      <Stack gap="xs">
        <Title order={3}>{t("ui.inspections.addItem")}</Title>
        <SubjectFields orgId={p.organizationId} value={subject} onChange={setSubject} errors={form.errors} />
        <Choice
          label={t("ui.inspections.type")}
          value={type || types[0] || ""}
          onChange={setType}
          options={types.map((x) => ({ value: x, label: t(`ui.inspections.type.${x}`) }))}
          error={form.errors.type}
        />
        <Textarea
          label={t("ui.inspections.content")}
          value={content}
          onChange={(e) => setContent(e.currentTarget.value)}
          error={form.errors.content}
          autosize
          minRows={3}
          required
        />
        <MemberPicker
          organizationId={p.organizationId}
          label={t("ui.inspections.lead")}
          value={lead}
          onChange={setLead}
          error={form.errors.leadMemberId}
        />
        <DateField
          label={t("ui.inspections.startsOn")}
          value={startsOn}
          onChange={setStartsOn}
          error={form.errors.startsOn}
          required
        />
        <DateField
          label={t("ui.inspections.endsOn")}
          value={endsOn}
          onChange={setEndsOn}
          error={form.errors.endsOn}
          required
        />
        <FormError form={form} />
        <Group gap="sm">
          <Button type="submit" loading={form.busy}>
            {t("ui.inspections.addItem")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function AdoptForm({ p }: { p: ProgrammeWire }) {
  const t = useT();
  const client = useQueryClient();
  const [adoptedOn, setAdoptedOn] = useState<string | null>(todayIso());
  const form = useApiForm(
    () => api.post<ProgrammeWire>(`/api/inspection-programmes/${p.id}/adopt`, { adoptedOn, version: p.version }),
    (done) => {
      notifySuccess(t("ui.insp.adopted", { number: done.numberText ?? "" }));
      void client.invalidateQueries({ queryKey: inspectionKeys.all });
    },
  );
  return (
    <Card withBorder padding="sm" component="form" onSubmit={form.run} noValidate>
      <Stack gap="xs">
        <Title order={3}>{t("ui.inspections.adopt")}</Title>
        <Text size="sm" c="dimmed">
          {t("ui.insp.adoptHelp")}
        </Text>
        <DateField
          label={t("ui.inspections.adoptedOn")}
          value={adoptedOn}
          onChange={setAdoptedOn}
          error={form.errors.adoptedOn}
          required
        />
        {form.errors.items && (
          <Text size="sm" c="red.8">
            {form.errors.items}
          </Text>
        )}
        <FormError form={form} />
        <Button type="submit" loading={form.busy}>
          {t("ui.inspections.adopt")}
        </Button>
      </Stack>
    </Card>
  );
}

export function ProgrammePage() {
  const { id = "" } = useParams();
  const t = useT();
  const q = useQuery({
    queryKey: [...inspectionKeys.all, "programme", id],
    queryFn: () => api.get<ProgrammeWire>(`/api/inspection-programmes/${id}`),
  });
  usePageTitle(q.data?.title ?? t("ui.inspections.programmes"));
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  const p = q.data;
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={`/to-chuc/${p.organizationId}/kiem-tra`} size="sm">
          {t("ui.inspections.title")}
        </Anchor>
        <Title order={2} style={{ overflowWrap: "anywhere" }}>
          {p.title}
        </Title>
        <Group gap="xs" mt={4}>
          <Badge variant="light">{t(`ui.inspections.body.${p.body}`)}</Badge>
          {p.numberText ? (
            <>
              <Text size="sm" fw={600}>
                {t("ui.inspections.number", { number: p.numberText })} — {formatDate(p.adoptedOn)}
              </Text>
              <DownloadLinks base={`/api/inspection-programmes/${p.id}/file`} />
            </>
          ) : (
            <Badge color="gray.8" variant="outline">
              {t("ui.inspections.draft")}
            </Badge>
          )}
        </Group>
      </div>
      {p.items.length === 0 && <Text>{t("ui.inspections.none")}</Text>}
      {p.items.map((item) => (
        <ItemCard key={item.id} p={p} item={item} />
      ))}
      {p.mayManage && !p.adoptedOn && (
        <>
          <Opener label={t("ui.inspections.addItem")}>{(close) => <ItemForm p={p} onClose={close} />}</Opener>
          <AdoptForm p={p} />
        </>
      )}
    </Stack>
  );
}

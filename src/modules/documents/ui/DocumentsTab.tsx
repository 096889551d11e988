import { useState } from "react";
import { Anchor, Badge, Button, Card, Checkbox, FileInput, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { api, query, uploadFile } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { PageError, PageLoader, useApiForm } from "../../../web/ui";
import { registerDay } from "../model";
import type { DocumentListResponse, DocumentView } from "../present";

export function StatusBadge({ status }: { status: DocumentView["status"] }) {
  const t = useT();
  const color = {
    draft: "gray",
    consultation: "yellow",
    adopted: "blue",
    issued: "green",
    superseded: "red",
    revoked: "red",
  }[status];
  return (
    <Badge color={color} variant="light" size="lg">
      {t(`ui.documents.status.${status}`)}
    </Badge>
  );
}

/** The register of one organisation: search, new draft, drafts from above. */
export function DocumentsTab({ orgId }: { orgId: string }) {
  const t = useT();
  const navigate = useNavigate();
  const [q, setQ] = useState("");
  const [type, setType] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [year, setYear] = useState<string | null>(null);
  const [subtree, setSubtree] = useState(false);
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const params = { q, type, from, to, year, ...(subtree ? { subtree: "true", organizationId } : {}) };
  const list = useQuery({
    queryKey: ["documents", orgId, params],
    queryFn: () => api.get<DocumentListResponse>(`/api/organizations/${orgId}/documents${query(params)}`),
    placeholderData: keepPreviousData,
  });
  const [newType, setNewType] = useState<string | null>("NQ");
  const create = useApiForm(
    () => api.post<DocumentView>(`/api/organizations/${orgId}/documents`, { type: newType }),
    (doc) => navigate(`/van-ban/${doc.id}`),
  );
  const [file, setFile] = useState<File | null>(null);
  const [uploadSummary, setUploadSummary] = useState("");
  const upload = useApiForm(
    () =>
      uploadFile<DocumentView>(
        `/api/organizations/${orgId}/documents/upload${query({ fileName: file?.name ?? "", summary: uploadSummary })}`,
        file!,
        () => {},
      ),
    (doc) => navigate(`/van-ban/${doc.id}`),
  );

  if (list.isPending) return <PageLoader />;
  if (list.isError) return <PageError error={list.error} onRetry={() => void list.refetch()} />;
  const data = list.data;
  const typeOptions = data.types.map((x) => ({ value: x.type, label: `${x.type} — ${x.name}` }));
  const thisYear = Number(todayIso().slice(0, 4));
  const yearOptions = Array.from({ length: 8 }, (_, i) => String(thisYear - i));

  return (
    <Stack gap="md">
      {data.permissions.manage && (
        <Card withBorder>
          <form onSubmit={create.run}>
            <Group align="end" wrap="wrap">
              <Select
                label={t("ui.documents.type")}
                data={typeOptions.filter((o) => data.types.find((x) => x.type === o.value)?.template)}
                value={newType}
                onChange={setNewType}
                allowDeselect={false}
                size="md"
                style={{ flex: "1 1 200px" }}
              />
              <Button type="submit" size="md" loading={create.busy}>
                {t("ui.documents.new")}
              </Button>
            </Group>
          </form>
        </Card>
      )}
      <Group align="end" wrap="wrap" gap="sm">
        <TextInput
          label={t("ui.documents.search")}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          size="md"
          style={{ flex: "2 1 220px" }}
          aria-label={t("ui.documents.search")}
        />
        <Select
          label={t("ui.documents.type")}
          placeholder={t("ui.documents.all_types")}
          data={typeOptions}
          value={type}
          onChange={setType}
          clearable
          size="md"
          style={{ flex: "1 1 140px" }}
        />
        <DateField
          label={t("ui.documents.from")}
          value={from}
          onChange={setFrom}
          size="md"
          style={{ flex: "1 1 130px" }}
        />
        <DateField label={t("ui.documents.to")} value={to} onChange={setTo} size="md" style={{ flex: "1 1 130px" }} />
        <Select
          label={t("ui.documents.year")}
          placeholder={t("ui.documents.all_years")}
          data={yearOptions}
          value={year}
          onChange={setYear}
          clearable
          size="md"
          style={{ flex: "1 1 110px" }}
        />
      </Group>
      {data.subtreeAvailable && (
        <Group align="end" wrap="wrap" gap="sm">
          <Checkbox
            label={t("ui.documents.subtree")}
            checked={subtree}
            onChange={(e) => {
              setSubtree(e.currentTarget.checked);
              setOrganizationId(null);
            }}
            size="md"
            style={{ flex: "1 1 220px", alignSelf: "center" }}
          />
          {subtree && (
            <Select
              label={t("ui.documents.organization")}
              placeholder={t("ui.documents.all_organizations")}
              data={(data.organizations ?? []).map((o) => ({ value: o.id, label: o.name }))}
              value={organizationId}
              onChange={setOrganizationId}
              clearable
              searchable
              size="md"
              style={{ flex: "2 1 220px" }}
            />
          )}
        </Group>
      )}
      {data.items.length === 0 && <Text c="dimmed">{t("ui.documents.empty")}</Text>}
      <Stack gap="xs" data-testid="document-register">
        {data.items.map((d) => (
          <Card key={d.id} withBorder padding="sm">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Anchor component={Link} to={`/van-ban/${d.id}`} fw={700} size="lg">
                {d.numberText ?? `${d.type} — ${t("ui.documents.number_none")}`}
              </Anchor>
              <StatusBadge status={d.status} />
            </Group>
            {d.organizationName && (
              <Text size="sm" fw={600}>
                {d.organizationName}
              </Text>
            )}
            <Text>{d.summary || "—"}</Text>
            <Text size="sm" c="dimmed">
              {formatDate(registerDay(d))}
              {d.origin === "upload" ? ` · ${t("ui.documents.from_above")}` : ""}
            </Text>
            {d.revokedOn && (
              <Text size="sm" c="red.8" data-testid="document-revoked">
                {t("ui.documents.revokedLine", { date: formatDate(d.revokedOn), reason: d.revokeReason ?? "" })}
              </Text>
            )}
          </Card>
        ))}
      </Stack>
      {data.permissions.manage && (
        <Card withBorder>
          <form onSubmit={upload.run}>
            <Stack gap="xs">
              <Text fw={600}>{t("ui.documents.upload")}</Text>
              <Text size="sm" c="dimmed">
                {t("ui.documents.upload_hint")}
              </Text>
              <FileInput
                label={t("ui.documents.upload_file")}
                value={file}
                onChange={setFile}
                accept=".docx,.pdf"
                size="md"
                error={upload.errors.file}
              />
              <TextInput
                label={t("ui.documents.summary")}
                value={uploadSummary}
                onChange={(e) => setUploadSummary(e.currentTarget.value)}
                size="md"
              />
              <Button
                type="submit"
                size="md"
                variant="light"
                loading={upload.busy}
                disabled={!file || !uploadSummary.trim()}
              >
                {t("ui.documents.upload")}
              </Button>
            </Stack>
          </form>
        </Card>
      )}
    </Stack>
  );
}

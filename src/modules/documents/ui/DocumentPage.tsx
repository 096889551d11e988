import { useEffect, useState } from "react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { formatDate, todayIso, useT } from "../../../web/i18n";
import { PageError, PageLoader, notifySuccess, useApiForm, usePageTitle } from "../../../web/ui";
import { type SectionContent, wasIssued } from "../model";
import { StatusBadge } from "./DocumentsTab";
import type { DocumentComment, DocumentDetail, DocumentView, IssuePreviewView } from "../present";

/** Issued, made by chibo, and its files not stored yet: they follow the issue by a moment (ADR 0177). */
const filesPending = (d: DocumentDetail) => wasIssued(d.status) && d.origin !== "upload" && !d.pdfSha256;

export function useDocument(id: string) {
  return useQuery({
    queryKey: ["document", id],
    queryFn: () => api.get<DocumentDetail>(`/api/documents/${id}`),
    // Just issued: its files are stored a moment after the answer (ADR 0177); look again until their checksums show.
    refetchInterval: (query) => (query.state.data && filesPending(query.state.data) ? 3_000 : false),
  });
}

function Editor({ doc, onSaved }: { doc: DocumentDetail; onSaved: () => void }) {
  const t = useT();
  const [summary, setSummary] = useState(doc.summary);
  const [signerName, setSignerName] = useState(doc.signerName ?? "");
  const [signerRole, setSignerRole] = useState<string | null>(doc.signerRole ?? "secretary");
  const [recipients, setRecipients] = useState(doc.recipients.join("\n"));
  const [sections, setSections] = useState<SectionContent[]>(doc.sections);
  useEffect(() => setSections(doc.sections), [doc.version, doc.sections]);
  const save = useApiForm(
    () =>
      api.put<DocumentView>(`/api/documents/${doc.id}`, {
        summary,
        signerName,
        signerRole,
        sections,
        recipients: recipients
          .split("\n")
          .map((r) => r.trim())
          .filter(Boolean),
        version: doc.version,
      }),
    () => {
      notifySuccess(t("ui.documents.saved"));
      onSaved();
    },
  );
  const set = (i: number, patch: Partial<SectionContent>) =>
    setSections((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <form onSubmit={save.run}>
      <Stack gap="sm">
        <Textarea
          label={t("ui.documents.summary")}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          autosize
          minRows={1}
          size="md"
          error={save.errors.summary}
        />
        <Group grow wrap="wrap">
          <TextInput
            label={t("ui.documents.signer")}
            value={signerName}
            onChange={(e) => setSignerName(e.currentTarget.value)}
            size="md"
            error={save.errors.signerName}
          />
          <Select
            label={t("ui.documents.signer_role")}
            data={[
              { value: "secretary", label: t("ui.documents.role.secretary") },
              { value: "deputy_secretary", label: t("ui.documents.role.deputy_secretary") },
            ]}
            value={signerRole}
            onChange={setSignerRole}
            allowDeselect={false}
            size="md"
          />
        </Group>
        <Text size="sm" c="dimmed">
          {t("ui.documents.section_help")}
        </Text>
        {sections.map((s, i) => (
          <Card key={`${s.key}-${i}`} withBorder padding="sm">
            <Stack gap="xs">
              <TextInput
                label={t("ui.documents.section_heading")}
                value={s.heading}
                onChange={(e) => set(i, { heading: e.currentTarget.value })}
                size="md"
              />
              <Textarea
                label={t("ui.documents.section_text")}
                value={s.text}
                onChange={(e) => set(i, { text: e.currentTarget.value })}
                autosize
                minRows={4}
                size="md"
                error={i === 0 ? save.errors.sections : undefined}
              />
              <Button
                variant="subtle"
                color="red"
                size="sm"
                onClick={() => setSections((all) => all.filter((_, j) => j !== i))}
                style={{ alignSelf: "flex-start" }}
              >
                {t("ui.documents.remove_section")}
              </Button>
            </Stack>
          </Card>
        ))}
        <Button
          variant="light"
          onClick={() => setSections((all) => [...all, { key: `s${Date.now().toString(36)}`, heading: "", text: "" }])}
          style={{ alignSelf: "flex-start" }}
        >
          {t("ui.documents.add_section")}
        </Button>
        <Textarea
          label={t("ui.documents.recipients")}
          value={recipients}
          onChange={(e) => setRecipients(e.currentTarget.value)}
          autosize
          minRows={2}
          size="md"
        />
        <Button type="submit" size="md" loading={save.busy}>
          {t("ui.documents.save")}
        </Button>
      </Stack>
    </form>
  );
}

function Comments({ doc, onChanged }: { doc: DocumentDetail; onChanged: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const sectionOptions = [
    ...doc.sections.map((s, i) => ({ value: s.key, label: s.heading || `${i + 1}` })),
    { value: "general", label: t("ui.documents.comment_general") },
  ];
  const [sectionKey, setSectionKey] = useState<string | null>(sectionOptions[0]?.value ?? "general");
  const [text, setText] = useState("");
  const send = useApiForm(
    () => api.post(`/api/documents/${doc.id}/comments`, { sectionKey, text }),
    () => {
      setText("");
      onChanged();
    },
  );
  const report = useApiForm(
    () => api.post<DocumentView>(`/api/documents/${doc.id}/opinion-report`),
    (r) => navigate(`/van-ban/${r.id}`),
  );
  const open = doc.status === "consultation";
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t("ui.documents.comments")}
      </Title>
      {doc.comments.length === 0 && <Text c="dimmed">{t("ui.documents.comment_none")}</Text>}
      {sectionOptions.map((opt) => {
        const list = doc.comments.filter((c) => c.sectionKey === opt.value);
        if (!list.length) return null;
        return (
          <Stack key={opt.value} gap={4}>
            <Text fw={700}>{opt.label}</Text>
            {list.map((c) => (
              <CommentRow key={c.id} doc={doc} comment={c} onChanged={onChanged} />
            ))}
          </Stack>
        );
      })}
      {open && doc.permissions.comment && (
        <form onSubmit={send.run}>
          <Stack gap="xs">
            <Select
              label={t("ui.documents.comment_section")}
              data={sectionOptions}
              value={sectionKey}
              onChange={setSectionKey}
              allowDeselect={false}
              size="md"
              error={send.errors.sectionKey}
            />
            <Textarea
              label={t("ui.documents.comment_text")}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              autosize
              minRows={3}
              size="md"
              error={send.errors.text}
            />
            <Button type="submit" size="md" loading={send.busy} disabled={!text.trim()}>
              {t("ui.documents.comment_send")}
            </Button>
          </Stack>
        </form>
      )}
      {doc.permissions.manage && doc.comments.length > 0 && (
        <Button variant="light" size="md" onClick={() => void report.run()} loading={report.busy}>
          {t("ui.documents.opinion_report")}
        </Button>
      )}
      {report.errors.comments && <Alert color="red">{report.errors.comments}</Alert>}
    </Stack>
  );
}

function CommentRow({
  doc,
  comment,
  onChanged,
}: {
  doc: DocumentDetail;
  comment: DocumentComment;
  onChanged: () => void;
}) {
  const t = useT();
  const [resolution, setResolution] = useState<string | null>(comment.resolution);
  const [response, setResponse] = useState(comment.response ?? "");
  const save = useApiForm(
    () =>
      api.post(`/api/documents/${doc.id}/comments/${comment.id}/resolve`, {
        resolution,
        response,
        version: comment.version,
      }),
    onChanged,
  );
  return (
    <Card withBorder padding="xs">
      <Text size="sm">
        <b>{comment.authorName}</b>: {comment.text}
      </Text>
      {doc.permissions.manage ? (
        <Group align="end" gap="xs" mt={4} wrap="wrap">
          <Select
            aria-label={t("ui.documents.resolution.pending")}
            placeholder={t("ui.documents.resolution.pending")}
            data={(["accepted", "explained", "rejected"] as const).map((r) => ({
              value: r,
              label: t(`ui.documents.resolution.${r}`),
            }))}
            value={resolution}
            onChange={setResolution}
            size="sm"
            style={{ flex: "1 1 140px" }}
          />
          <TextInput
            placeholder={t("ui.documents.response")}
            value={response}
            onChange={(e) => setResponse(e.currentTarget.value)}
            size="sm"
            style={{ flex: "2 1 160px" }}
          />
          <Button size="sm" onClick={() => void save.run()} loading={save.busy} disabled={!resolution}>
            {t("ui.documents.save")}
          </Button>
        </Group>
      ) : (
        <Badge variant="light" mt={4}>
          {t(`ui.documents.resolution.${comment.resolution ?? "pending"}`)}
        </Badge>
      )}
    </Card>
  );
}

export function DocumentPage() {
  const { id = "" } = useParams();
  const t = useT();
  const client = useQueryClient();
  const doc = useDocument(id);
  usePageTitle(doc.data ? (doc.data.numberText ?? doc.data.summary) : null);
  const [issuedOn, setIssuedOn] = useState<string | null>(todayIso());
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["document", id] });
    void client.invalidateQueries({ queryKey: ["documents"] });
  };
  const [moving, setMoving] = useState(false);
  const moveTo = async (to: string) => {
    setMoving(true);
    try {
      await api.post(`/api/documents/${id}/status`, { to, version: doc.data!.version });
      refresh();
    } finally {
      setMoving(false);
    }
  };
  // "Ban hành" first asks the server what it will do (the number, computed without drawing it); only the
  // confirmation issues.
  const [preview, setPreview] = useState<IssuePreviewView | null>(null);
  const ask = useApiForm(
    () => api.get<IssuePreviewView>(`/api/documents/${id}/issue-check?issuedOn=${issuedOn ?? ""}`),
    setPreview,
  );
  const issue = useApiForm(
    () => api.post<DocumentView>(`/api/documents/${id}/issue`, { issuedOn, version: doc.data!.version }),
    (d) => {
      setPreview(null);
      notifySuccess(t("ui.documents.issued", { number: d.numberText ?? "" }));
      refresh();
    },
  );
  if (doc.isPending) return <PageLoader />;
  if (doc.isError) return <PageError error={doc.error} onRetry={() => void doc.refetch()} />;
  const d = doc.data;
  const editable =
    d.permissions.manage && ["draft", "consultation", "adopted"].includes(d.status) && d.origin !== "upload";
  const issued = wasIssued(d.status);
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={`/to-chuc/${d.organizationId}?tab=van-ban`} size="sm">
          {d.organizationName}
        </Anchor>
        <Title order={1} size="h2">
          {d.model.typeName} {d.numberText ? `— ${d.numberText}` : ""}
        </Title>
        <Text size="lg">{d.summary}</Text>
        <Group gap="xs" mt={6} wrap="wrap">
          <StatusBadge status={d.status} />
          {d.issuedOn && <Text size="sm">{formatDate(d.issuedOn)}</Text>}
          {d.origin === "upload" && <Badge variant="outline">{t("ui.documents.from_above")}</Badge>}
        </Group>
        <Text size="xs" c="dimmed" mt={4}>
          {t("ui.documents.layout", { title: d.layout.source })}
        </Text>
      </div>

      <Group gap="sm" wrap="wrap">
        {d.origin === "upload" ? (
          <Button component="a" href={`/api/documents/${d.id}/file/original`} variant="light" size="md">
            {t("ui.documents.download_original")}
          </Button>
        ) : (
          <>
            <Button
              component="a"
              href={`/api/documents/${d.id}/file/docx`}
              variant="light"
              size="md"
              data-testid="download-docx"
            >
              {t("ui.documents.download_docx")}
            </Button>
            <Button
              component="a"
              href={`/api/documents/${d.id}/file/pdf`}
              variant="light"
              size="md"
              data-testid="download-pdf"
            >
              {t("ui.documents.download_pdf")}
            </Button>
            <Button component={Link} to={`/van-ban/${d.id}/in`} variant="subtle" size="md">
              {t("ui.documents.print")}
            </Button>
          </>
        )}
      </Group>

      {issued && (d.pdfSha256 || filesPending(d)) && (
        <Text size="xs" c="dimmed" style={{ wordBreak: "break-all" }}>
          {d.pdfSha256
            ? `${t("ui.documents.hashes")}: PDF ${d.pdfSha256} · DOCX ${d.docxSha256}`
            : t("ui.documents.files_rendering")}
        </Text>
      )}
      {d.status === "superseded" && <Alert color="red">{t("ui.documents.superseded_by")}</Alert>}
      {d.revokedOn && (
        <Alert color="red">
          {t("ui.documents.revokedLine", { date: formatDate(d.revokedOn), reason: d.revokeReason ?? "" })}
        </Alert>
      )}
      {d.origin === "upload" && d.uploadKind === "pdf" && <Alert color="gray">{t("ui.documents.no_text")}</Alert>}

      {d.permissions.manage && !issued && d.origin !== "upload" && (
        <Card withBorder>
          <Stack gap="sm">
            <Group gap="sm" wrap="wrap">
              {d.status === "draft" && (
                <Button variant="light" size="md" loading={moving} onClick={() => void moveTo("consultation")}>
                  {t("ui.documents.open_comments")}
                </Button>
              )}
              {d.status !== "adopted" && (
                <Button variant="light" size="md" loading={moving} onClick={() => void moveTo("adopted")}>
                  {t("ui.documents.adopt")}
                </Button>
              )}
              {d.status !== "draft" && (
                <Button variant="subtle" size="md" loading={moving} onClick={() => void moveTo("draft")}>
                  {t("ui.documents.back_to_draft")}
                </Button>
              )}
            </Group>
            <form onSubmit={ask.run}>
              <Group align="end" wrap="wrap" gap="sm">
                <DateField
                  label={t("ui.documents.issue_date")}
                  value={issuedOn}
                  onChange={(v) => {
                    setIssuedOn(v);
                    setPreview(null);
                  }}
                  size="md"
                  error={ask.errors.issuedOn ?? issue.errors.issuedOn}
                  style={{ flex: "1 1 150px" }}
                />
                {!preview && (
                  <Button type="submit" size="md" color="red" loading={ask.busy} data-testid="issue">
                    {t("ui.documents.issue")}
                  </Button>
                )}
              </Group>
              {Object.entries({ ...ask.errors, ...issue.errors })
                .filter(([field]) => field !== "issuedOn")
                .map(([field, message]) => (
                  <Alert key={field} color="red" mt="xs" data-testid="issue-error">
                    {message}
                  </Alert>
                ))}
              {!preview && ask.lastError && Object.keys(ask.errors).length === 0 && (
                <Alert color="red" mt="xs" data-testid="issue-error">
                  {ask.lastError.problem.detail}
                </Alert>
              )}
            </form>
            {preview && (
              <Alert
                color="red"
                variant="light"
                data-testid="issue-preview"
                title={t("ui.documents.issue_preview_title")}
              >
                <Stack gap="sm">
                  <Text size="md">
                    {t("ui.documents.issue_preview", {
                      number: preview.numberText.replace(/^Số\s*/u, ""),
                      date: formatDate(preview.issuedOn),
                    })}
                  </Text>
                  {preview.replacesNumber && (
                    <Text size="sm">
                      {t("ui.documents.issue_preview_replaces", { number: preview.replacesNumber })}
                    </Text>
                  )}
                  <Text size="sm" c="dimmed">
                    {t("ui.documents.issue_confirm")}
                  </Text>
                  <Group gap="sm" wrap="wrap">
                    <Button
                      size="md"
                      color="red"
                      loading={issue.busy}
                      onClick={() => void issue.run()}
                      data-testid="issue-confirm"
                    >
                      {t("ui.documents.issue_preview_confirm")}
                    </Button>
                    <Button size="md" variant="default" onClick={() => setPreview(null)}>
                      {t("ui.documents.issue_preview_cancel")}
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            )}
          </Stack>
        </Card>
      )}

      {editable && d.status !== "consultation" && !d.hasMinutes && <Editor doc={d} onSaved={refresh} />}
      {(d.status === "consultation" || d.comments.length > 0) && <Comments doc={d} onChanged={refresh} />}
    </Stack>
  );
}

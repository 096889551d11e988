/** Comments and directions of the committee and the overseer, on a task or on a cell's month (ADR 0115). */
import { useState } from "react";
import { Badge, Button, Paper, SegmentedControl, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../web/api";
import { formatDateTime, useT } from "../../../web/i18n";
import { notifySuccess, useApiForm } from "../../../web/ui";
import { TASK_COMMENT_KINDS, type TaskCommentKind } from "../../tasks/model";
import type { TaskComment } from "../../tasks/present";
import { OtherFieldErrors } from "./shared";

/**
 * The thread and its form. `listUrl` answers the comments, `postUrl` takes a new one with `extra` (the month).
 * A reader who may not see comments gets a 403: the panel then shows nothing.
 */
export function CommentsPanel({
  title,
  listUrl,
  postUrl,
  extra = {},
  headingOrder = 2,
}: {
  title: string;
  listUrl: string;
  postUrl: string;
  extra?: Record<string, string>;
  headingOrder?: 2 | 3;
}) {
  const t = useT();
  const qc = useQueryClient();
  const key = ["task-comments", listUrl];
  const comments = useQuery({
    queryKey: key,
    queryFn: () => api.get<{ items: TaskComment[] }>(listUrl),
    retry: false,
  });
  const [kind, setKind] = useState<TaskCommentKind>("comment");
  const [body, setBody] = useState("");
  const form = useApiForm(
    () => api.post<TaskComment>(postUrl, { ...extra, kind, body }),
    () => {
      setBody("");
      void qc.invalidateQueries({ queryKey: key });
      notifySuccess(t("ui.tasks.commentSent"));
    },
  );
  if (!comments.isSuccess) return null;
  return (
    <Paper withBorder p="md" radius="md" component="section" data-testid="comments">
      <Title order={headingOrder}>{title}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("ui.tasks.commentsHelp")}
      </Text>
      <Stack gap="sm">
        {comments.data.items.length === 0 && <Text c="dimmed">{t("ui.tasks.noComments")}</Text>}
        {comments.data.items.map((c) => (
          <div key={c.id} data-testid="comment">
            <Text size="sm" fw={600}>
              {c.kind === "direction" && (
                <Badge color="brand.7" mr={6} style={{ verticalAlign: "middle" }}>
                  {t("ui.tasks.commentKind.direction")}
                </Badge>
              )}
              {t("ui.tasks.commentBy", { name: c.authorName, at: formatDateTime(c.createdAt) })}
            </Text>
            <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{c.body}</Text>
          </div>
        ))}
        <form onSubmit={form.run} noValidate>
          <Stack gap="xs">
            <SegmentedControl
              aria-label={t("ui.tasks.commentKind")}
              value={kind}
              onChange={(v) => setKind(v as TaskCommentKind)}
              data={TASK_COMMENT_KINDS.map((k) => ({ value: k, label: t(`ui.tasks.commentKind.${k}`) }))}
              fullWidth
            />
            <Textarea
              label={t("fields.body")}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              autosize
              minRows={2}
              required
              error={form.errors.body ?? form.errors.kind}
            />
            <OtherFieldErrors errors={form.errors} placed={["body", "kind"]} />
            <Button type="submit" loading={form.busy}>
              {t("ui.tasks.commentSend")}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

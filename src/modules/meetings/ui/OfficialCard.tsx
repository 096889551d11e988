import { useState } from "react";
import { Anchor, Button, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../../web/api";
import { useT } from "../../../web/i18n";
import { FormModal } from "../../../web/FormModal";
import { notifySuccess, useNotifyError } from "../../../web/ui";
import { meetingKeys, type MeetingDetail } from "./queries";
import type { IssuedMinutes } from "../present";
import type { Wire } from "../../../core/http/present";
import type { issuedResolutionSchema } from "../../resolutions/present";

/**
 * The meeting's official outputs: the minutes as Word and PDF in the official layout, "Ban hành biên bản"
 * once approved, and the resolution the meeting adopted with "Ban hành nghị quyết".
 */
export function OfficialCard({ m }: { m: MeetingDetail }) {
  const t = useT();
  const qc = useQueryClient();
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const doc = m.official.minutesDocument;
  const resolution = m.official.resolution;
  const refresh = () => qc.invalidateQueries({ queryKey: meetingKeys.detail(m.id) });

  const issueMinutes = async () => {
    setBusy("minutes");
    try {
      const row = await api.post<IssuedMinutes>(`/api/meetings/${m.id}/minutes/issue`, {});
      notifySuccess(t("ui.minutes.issued", { number: row.numberText ?? "" }));
      setConfirming(false);
      await refresh();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };
  // What "Ban hành" will do, with the register's next number read without taking it ("Sẽ cấp số 02-BB/CB…").
  const issueWarning = () => {
    const next = m.official.nextMinutesNumber;
    if (!next) return t("ui.minutes.issueConfirmNoNumber");
    const number = next.charAt(0).toLocaleLowerCase("vi") + next.slice(1);
    return doc
      ? t("ui.minutes.reissueConfirm", { number, old: doc.numberText ?? "" })
      : t("ui.minutes.issueConfirm", { number });
  };
  const issueResolution = async () => {
    if (!resolution) return;
    setBusy("resolution");
    try {
      const row = await api.post<Wire<typeof issuedResolutionSchema>>(`/api/resolutions/${resolution.id}/issue`, {
        version: resolution.version,
      });
      notifySuccess(t("ui.meeting.resolutionIssued", { number: row.document.numberText ?? "" }));
      await refresh();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" data-testid="meeting-official">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t("ui.meetings.minutes")}
        </Title>
        {m.status !== "approved" && <Text size="sm">{t("ui.minutes.draftNote")}</Text>}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Button component="a" href={`/api/meetings/${m.id}/minutes/file/docx`} download size="lg" variant="outline">
            {t("ui.minutes.downloadDocx")}
          </Button>
          <Button component="a" href={`/api/meetings/${m.id}/minutes/file/pdf`} download size="lg" variant="outline">
            {t("ui.minutes.downloadPdf")}
          </Button>
        </SimpleGrid>
        {doc && (
          <Text fw={600}>
            {t("ui.minutes.issuedAs", { number: doc.numberText ?? "" })}{" "}
            <Anchor component={Link} to={`/van-ban/${doc.id}`}>
              {t("ui.minutes.openDocument")}
            </Anchor>
          </Text>
        )}
        {m.status === "approved" && m.permissions.manage && (!doc || m.amendments.length > 0) && (
          <Button size="lg" color="teal.9" onClick={() => setConfirming(true)}>
            {doc ? t("ui.minutes.reissue") : t("ui.minutes.issue")}
          </Button>
        )}
        <FormModal
          opened={confirming}
          onClose={() => setConfirming(false)}
          title={doc ? t("ui.minutes.reissue") : t("ui.minutes.issue")}
          submitLabel={t("ui.minutes.issue")}
          busy={busy === "minutes"}
          color="teal.9"
          onSubmit={(e) => {
            e.preventDefault();
            void issueMinutes();
          }}
        >
          <Text data-testid="issue-confirm">{issueWarning()}</Text>
        </FormModal>

        {resolution && (
          <>
            <Title order={3} size="h4" mt="sm">
              {t("ui.meeting.resolution")}
            </Title>
            <Anchor component={Link} to={`/nghi-quyet/${resolution.id}`} fw={600}>
              {resolution.number ? `${resolution.number} · ` : ""}
              {resolution.title}
            </Anchor>
            <Text size="sm">
              {t("ui.meeting.resolutionState", {
                state: t(`ui.resolution.state.${resolution.state}` as "ui.resolution.state.draft"),
              })}
            </Text>
            {resolution.documentId && (
              <Anchor component={Link} to={`/van-ban/${resolution.documentId}`}>
                {t("ui.minutes.openDocument")}
              </Anchor>
            )}
            {resolution.state === "adopted" && m.permissions.manage && (
              <Button size="lg" color="teal.9" loading={busy === "resolution"} onClick={() => void issueResolution()}>
                {t("ui.meeting.resolutionIssue")}
              </Button>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

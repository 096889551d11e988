import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { Link, useParams } from "react-router";
import "@fontsource/tinos/400.css";
import "@fontsource/tinos/700.css";
import { useT } from "../../../web/i18n";
import { PageError, PageLoader, usePageTitle } from "../../../web/ui";
import type { MinutesData } from "../minutes";
import { useMinutes } from "./queries";
import "./meetings.css";

const upper = (s: string) => s.toLocaleUpperCase("vi");

function clock(iso: string | null): string {
  if (!iso) return "…";
  const [date, time] = iso.split("T");
  const [y, m, d] = date!.split("-");
  const [hh, mm] = time!.split(":");
  return `${Number(hh)} giờ ${mm} phút, ngày ${d}/${m}/${y}`;
}

/** The biên bản as a printable page (A4, serif); the official DOCX/PDF come from the documents module. */
export function MinutesPage() {
  const { id } = useParams();
  const t = useT();
  const minutes = useMinutes(id);
  usePageTitle(t("ui.meetings.minutes"));
  if (minutes.isPending) return <PageLoader />;
  if (minutes.isError) return <PageError error={minutes.error} onRetry={() => void minutes.refetch()} />;
  const d = minutes.data;
  return (
    <Stack gap="md">
      <Group className="chibo-no-print" gap="sm">
        <Button component={Link} to={`/cuoc-hop/${id}`} variant="default">
          {t("ui.live.back")}
        </Button>
        <Button onClick={() => window.print()}>{t("ui.minutes.print")}</Button>
      </Group>
      {d.status === "draft" && (
        <Alert className="chibo-no-print" color="orange" variant="light" title={t("ui.minutes.draft")} />
      )}
      <MinutesDocument d={d} />
    </Stack>
  );
}

export function MinutesDocument({ d }: { d: MinutesData }) {
  const a = d.attendance;
  return (
    <article className="chibo-minutes" data-testid="minutes">
      <div className="chibo-minutes-header">
        <div>
          <div>{upper(d.organizationName)}</div>
          <div>*</div>
        </div>
        <div>
          <div style={{ fontWeight: 700, textDecoration: "underline" }}>ĐẢNG CỘNG SẢN VIỆT NAM</div>
        </div>
      </div>
      <h1>BIÊN BẢN</h1>
      <div className="chibo-minutes-sub">{d.meetingTitle}</div>
      <p>Thời gian bắt đầu: {clock(d.startedAt)}.</p>
      <p>Địa điểm: {d.place}.</p>
      <p>
        Chủ trì: đồng chí {d.chair || "…"}. Thư ký: đồng chí {d.minuteTaker || "…"}.
      </p>
      {d.guests.length > 0 && <p>Đại biểu dự: {d.guests.join("; ")}.</p>}
      {d.purpose && d.purpose.length > 0 && <p>Lý do, mục đích: {d.purpose.join(" ")}</p>}
      <p data-testid="minutes-attendance">
        Tổng số đảng viên: {a.total}; miễn sinh hoạt: {a.exempt}; có mặt: {a.present}/{a.total - a.exempt}; vắng có lý
        do: {a.absentWithReason.length}; vắng không lý do: {a.absentWithoutReason.length}.
      </p>
      {a.absentWithReason.length > 0 && (
        <p>Vắng có lý do: {a.absentWithReason.map((x) => `đồng chí ${x.name} (${x.reason})`).join("; ")}.</p>
      )}
      {a.absentWithoutReason.length > 0 && (
        <p>Vắng không lý do: {a.absentWithoutReason.map((x) => `đồng chí ${x}`).join("; ")}.</p>
      )}
      {a.late.length > 0 && <p>Đến muộn: {a.late.map((x) => `đồng chí ${x}`).join("; ")}.</p>}
      {a.exemptNames.length > 0 && <p>Miễn sinh hoạt: {a.exemptNames.map((x) => `đồng chí ${x}`).join("; ")}.</p>}
      <h2 style={{ fontSize: 16 }}>NỘI DUNG</h2>
      {d.agenda.length > 0 && (
        <>
          <p>
            <b>Chương trình:</b>
          </p>
          <ol>
            {d.agenda.map((x, i) => (
              <li key={i}>{x}</li>
            ))}
          </ol>
        </>
      )}
      {d.dues && (
        <p>
          <b>Đảng phí:</b> {d.dues}
        </p>
      )}
      {d.content.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      {d.contributions.length > 0 && (
        <>
          <p>
            <b>Ý kiến thảo luận:</b>
          </p>
          {d.contributions.map((c, i) => (
            <p key={i}>
              - Đồng chí {c.speaker}: {c.text}
            </p>
          ))}
        </>
      )}
      {d.criticism.length > 0 && (
        <>
          <p>
            <b>Tự phê bình và phê bình:</b>
          </p>
          {d.criticism.map((c, i) => (
            <p key={i}>- {c}</p>
          ))}
        </>
      )}
      {d.tasks.length > 0 && (
        <>
          <p>
            <b>Phân công nhiệm vụ:</b>
          </p>
          {d.tasks.map((x, i) => (
            <p key={i}>
              - {x.what}: đồng chí {x.who}, thời hạn {x.deadline}.
            </p>
          ))}
        </>
      )}
      {d.conclusion.length > 0 && (
        <>
          <p>
            <b>Kết luận của chủ trì:</b>
          </p>
          {d.conclusion.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </>
      )}
      {d.vote && (
        <p data-testid="minutes-vote">
          <b>Biểu quyết</b> {d.vote.subject}: {d.vote.inFavour}/{d.vote.eligible} đồng chí tán thành, {d.vote.against}{" "}
          không tán thành, {d.vote.other} ý kiến khác — {d.vote.passed ? "được thông qua" : "không được thông qua"} (
          {d.vote.rule}).
        </p>
      )}
      {d.quality && (
        <p>
          <b>Chất lượng buổi sinh hoạt:</b> {d.quality}.
        </p>
      )}
      <p>
        Cuộc họp kết thúc lúc {clock(d.endedAt)}
        {d.durationMinutes !== null ? `, thời gian sinh hoạt ${d.durationMinutes} phút` : ""}.
      </p>
      {d.amendments.length > 0 && (
        <>
          <p>
            <b>Đính chính:</b>
          </p>
          {d.amendments.map((x, i) => (
            <p key={i}>
              - {clock(x.at)}, {x.by}: {x.text}
            </p>
          ))}
        </>
      )}
      <div className="chibo-minutes-sign">
        <div>
          NGƯỜI GHI BIÊN BẢN
          <br />
          <br />
          <br />
          <span style={{ fontWeight: 400 }}>{d.minuteTaker}</span>
        </div>
        <div>
          CHỦ TRÌ
          <br />
          <br />
          <br />
          <span style={{ fontWeight: 400 }}>{d.chair}</span>
        </div>
      </div>
      {d.status === "approved" && d.approvedAt && (
        <Text size="xs" mt="md">
          Biên bản đã được chủ trì và thư ký thông qua lúc {clock(d.approvedAt)}.
        </Text>
      )}
    </article>
  );
}

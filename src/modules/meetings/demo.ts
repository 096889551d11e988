import { eq, sql } from "drizzle-orm";
import { queryRows, type Tx } from "../../core/db/index.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { addMonths } from "../../core/time.js";
import { members } from "../members/schema.js";
import { organizations } from "../organizations/schema.js";
import {
  meetingAttendance,
  meetingContributions,
  meetings,
  meetingScores,
  meetingSteps,
  meetingTasks,
  meetingVotes,
} from "./schema.js";
import { factsOf, scoreSheetFor } from "./operations.js";
import { getMeeting } from "./store.js";
import { scoreMeeting, type Judgement } from "./scoring.js";
import type { AttendanceStatus, MeetingRules } from "./model.js";

/** 14:00 Hanoi on a date, plus minutes. */
const at = (date: string, minutes = 0) => new Date(Date.parse(`${date}T14:00:00+07:00`) + minutes * 60_000);
const third = (iso: string) => `${iso.slice(0, 8)}03`;
const daysBefore = (date: string, days: number, hour = 9) =>
  new Date(Date.parse(`${date}T${String(hour).padStart(2, "0")}:00:00+07:00`) - days * 86_400_000);

const CONTENT = [
  "Đánh giá kết quả thực hiện nghị quyết tháng trước: hoàn thành lịch giảng các lớp trung cấp lý luận chính trị; hoàn thiện hồ sơ đề tài khoa học cấp trường.",
  "Phương hướng, nhiệm vụ tháng tới: tổ chức dự giờ, thao giảng; chuẩn bị nội dung sinh hoạt chuyên đề quý; đôn đốc đảng viên hoàn thành kế hoạch công tác cá nhân.",
];
const SAYINGS = [
  "Đề nghị bổ sung chỉ tiêu về số bài báo khoa học của khoa trong năm.",
  "Thống nhất với dự thảo; đề nghị phân công cụ thể người phụ trách lớp bồi dưỡng cấp ủy viên cơ sở.",
  "Lịch giảng ở các huyện còn chồng chéo; đề nghị phối hợp sớm với Phòng Quản lý đào tạo.",
  "Đề nghị chi bộ quan tâm hơn đến việc bồi dưỡng đảng viên dự bị.",
  "Cần đưa nội dung học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh vào đăng ký cá nhân.",
  "Báo cáo tiến độ biên soạn tài liệu bồi dưỡng; dự kiến hoàn thành đúng hạn.",
];

/**
 * The meeting stories of the demo (seeds [002], [003]): CB-LLCS held its monthly meetings on the 3rd
 * with attendance, speakers, tasks, a vote and approved minutes; one thematic meeting in the last
 * quarter; the next meeting is being prepared. Other cells have a thinner record for the overview.
 */
export async function loadMeetingDemo(tx: Tx, today: string): Promise<void> {
  const cells = await tx
    .select({ id: organizations.id, code: organizations.code, path: organizations.path })
    .from(organizations)
    .where(eq(organizations.kind, "cell"));
  const users = await queryRows<{ id: string; member_id: string }>(
    tx,
    sql`SELECT id, member_id FROM users WHERE member_id IS NOT NULL`,
  );
  const userOf = new Map(users.map((u) => [u.member_id, u]));
  const sayings = SAYINGS;

  for (const cell of cells) {
    const roster = await tx
      .select({ id: members.id, fullName: members.fullName, status: members.status })
      .from(members)
      .where(eq(members.organizationId, cell.id))
      .orderBy(sql`${members.sortKey} COLLATE "C"`);
    const byName = (name: string) => roster.find((r) => r.fullName === name)?.id ?? null;
    const llcs = cell.code === "CB-LLCS";
    const [secretary] = await queryRows<{ member_id: string }>(
      tx,
      sql`SELECT member_id FROM positions WHERE organization_id = ${cell.id} AND role = 'secretary' LIMIT 1`,
    );
    const [deputy] = await queryRows<{ member_id: string }>(
      tx,
      sql`SELECT member_id FROM positions WHERE organization_id = ${cell.id} AND role = 'deputy_secretary' LIMIT 1`,
    );
    const chair = secretary?.member_id ?? roster[0]!.id;
    const taker = deputy?.member_id ?? roster[1]!.id;
    const chairUser = userOf.get(chair);
    const doneBy = { doneByUserId: chairUser?.id ?? null, doneByName: roster.find((r) => r.id === chair)!.fullName };

    // Past months: CB-LLCS every month; the others skip some, so the overview has cells needing help.
    const months = llcs ? 6 : cell.code === "CB-XDD" ? 4 : 5;
    for (let back = months; back >= 0; back--) {
      const date = third(addMonths(today, -back));
      if (date >= today) continue;
      if (!llcs && cell.code === "CB-XDD" && back === 2) continue;
      if (!llcs && cell.code === "CB-TCHC" && back === 3) continue;
      const rules = await rulebookInForce<MeetingRules>(tx, "meeting", cell.path, date);
      const month = Number(date.slice(5, 7));
      const [m] = await tx
        .insert(meetings)
        .values({
          organizationId: cell.id,
          kind: "monthly",
          date,
          startTime: "14:00",
          place: llcs ? "Phòng họp Khoa Lý luận cơ sở" : "Phòng họp tầng 2",
          status: "approved",
          rulebookKey: rules.key,
          chairMemberId: chair,
          minuteTakerMemberId: taker,
          preparerMemberId: taker,
          purpose: `Sinh hoạt chi bộ thường kỳ tháng ${month}: đánh giá kết quả tháng trước, triển khai nhiệm vụ tháng ${month}.`,
          guests: llcs && back % 2 === 0 ? ["Đồng chí Lâm Văn Thành, Đảng ủy viên phụ trách chi bộ"] : [],
          agenda: [
            "Đánh giá kết quả thực hiện nghị quyết tháng trước",
            "Phương hướng, nhiệm vụ tháng tới",
            "Tự phê bình và phê bình",
          ],
          dues: `Đã thu đảng phí tháng ${month} của ${roster.length}/${roster.length} đồng chí.`,
          content: CONTENT.join("\n"),
          draftResolution: `Dự thảo nghị quyết tháng ${month}.`,
          conclusion:
            "Chi bộ thống nhất đánh giá kết quả tháng trước và nhiệm vụ tháng tới; giao các đồng chí được phân công triển khai đúng thời hạn.",
          startedAt: at(date, llcs ? 0 : 10),
          endedAt: at(date, llcs ? 95 + (back % 3) * 10 : 80),
          chairApprovedAt: at(date, 110),
          takerApprovedAt: at(date, 112),
          chairApprovedBy: chair,
          takerApprovedBy: taker,
          approvedAt: at(date, 112),
          createdAt: daysBefore(date, 9),
        })
        .returning();
      const id = m!.id;
      for (const [i, step] of rules.data.preparation.steps.entries()) {
        if (step.committeeOnly && !llcs) continue;
        // One month the documents went out on the day itself: flagged as late.
        const late = llcs && back === 4 && step.id === "publish_documents";
        await tx.insert(meetingSteps).values({
          meetingId: id,
          phase: "prep",
          stepId: step.id,
          doneAt: late ? daysBefore(date, 0, 8) : daysBefore(date, 8 - i * 2),
          ...doneBy,
        });
      }
      for (const [i, step] of rules.data.liveSteps.steps.entries()) {
        await tx
          .insert(meetingSteps)
          .values({ meetingId: id, phase: "live", stepId: step.id, doneAt: at(date, 2 + i * 7), ...doneBy });
      }
      // Attendance: one member away on business each month; one unexcused absence and a late arrival in some months.
      const marks: { memberId: string; status: AttendanceStatus; reason: string | null }[] = roster.map((r, i) => {
        if (i === (back + 3) % roster.length && r.id !== chair && r.id !== taker)
          return { memberId: r.id, status: "absent_with_reason", reason: back % 2 ? "Đi công tác" : "Ốm" };
        if (!llcs && back === 1 && i === roster.length - 1)
          return { memberId: r.id, status: "absent_without_reason", reason: null };
        if (llcs && back === 3 && i === roster.length - 1)
          return { memberId: r.id, status: "absent_without_reason", reason: null };
        if (i === (back + 5) % roster.length && back % 2 === 0) return { memberId: r.id, status: "late", reason: null };
        return { memberId: r.id, status: "present", reason: null };
      });
      await tx.insert(meetingAttendance).values(marks.map((a) => ({ meetingId: id, ...a })));
      const present = roster.filter((r) =>
        ["present", "late"].includes(marks.find((a) => a.memberId === r.id)!.status),
      );
      const speakers = present.filter((r) => r.id !== chair).slice(back % 3, (back % 3) + (llcs ? 5 : 2));
      for (const [i, s] of speakers.entries()) {
        await tx.insert(meetingContributions).values({
          meetingId: id,
          memberId: s.id,
          speakerName: s.fullName,
          text: sayings[(i + back) % sayings.length]!,
          createdAt: at(date, 40 + i * 5),
        });
      }
      if (llcs) {
        await tx.insert(meetingContributions).values({
          meetingId: id,
          memberId: chair,
          speakerName: roster.find((r) => r.id === chair)!.fullName,
          part: "criticism",
          text: "Tự nhận còn chậm trong đôn đốc tiến độ đề tài khoa học; sẽ khắc phục trong tháng tới.",
          createdAt: at(date, 70),
        });
      }
      await tx.insert(meetingTasks).values([
        {
          meetingId: id,
          what: "Hoàn thành lịch giảng và hồ sơ môn học",
          responsibleMemberId: taker,
          deadline: `${addMonths(date, 1).slice(0, 8)}01`,
        },
        {
          meetingId: id,
          what: "Tổng hợp đăng ký kế hoạch công tác cá nhân",
          responsibleMemberId: speakers[0]?.id ?? taker,
          deadline: `${addMonths(date, 1).slice(0, 8)}01`,
        },
      ]);
      await tx.insert(meetingVotes).values({
        meetingId: id,
        subject: `Nghị quyết sinh hoạt chi bộ tháng ${month}`,
        rule: "ordinary",
        mode: "counted",
        eligible: present.length,
        fullMembers: roster.filter((r) => r.status === "full").length,
        inFavour: present.length,
        against: 0,
        other: 0,
        passed: true,
        createdAt: at(date, 85),
      });
      await scoreDemo(tx, id, doneBy, llcs ? 8 + (back % 3) : 6);
    }

    if (!llcs) continue;

    // The thematic meeting of the last quarter (seed [002]: the five steps).
    const thematicDate = `${addMonths(today, -2).slice(0, 8)}20`;
    if (thematicDate < today) {
      const rules = await rulebookInForce<MeetingRules>(tx, "meeting", cell.path, thematicDate);
      const [th] = await tx
        .insert(meetings)
        .values({
          organizationId: cell.id,
          kind: "thematic",
          title: "Nâng cao chất lượng bồi dưỡng lý luận chính trị cho cán bộ cơ sở",
          date: thematicDate,
          startTime: "14:00",
          place: "Phòng họp Khoa Lý luận cơ sở",
          status: "approved",
          rulebookKey: rules.key,
          chairMemberId: chair,
          minuteTakerMemberId: taker,
          preparerMemberId: taker,
          agenda: ["Báo cáo khảo sát", "Thảo luận dự thảo nghị quyết chuyên đề", "Biểu quyết"],
          content: "Báo cáo kết quả khảo sát chất lượng bồi dưỡng tại 12 xã, phường.\nDự thảo nghị quyết chuyên đề.",
          conclusion: "Chi bộ thống nhất thông qua nghị quyết chuyên đề; giao chi ủy xây dựng kế hoạch triển khai.",
          thematic: {
            criteria: ["important_task", "systemic_weakness"],
            topic: "Nâng cao chất lượng bồi dưỡng lý luận chính trị cho cán bộ cơ sở",
            survey: "Khảo sát 240 học viên tại 12 xã, phường: 35% đề nghị tăng thời lượng thực hành.",
            purpose: "Đổi mới phương pháp giảng dạy, gắn lý luận với thực tiễn cơ sở.",
            solutions: "Mỗi giảng viên có ít nhất một bài giảng tình huống; tổ chức thực tế tại cơ sở mỗi học kỳ.",
            obstacles: "Kinh phí đi thực tế hạn chế: phối hợp với các huyện để bố trí.",
            assignment: "Đồng chí Phó Bí thư phụ trách; các tổ bộ môn thực hiện.",
            interimReviewOn: addMonths(thematicDate, 6),
            finalReviewOn: addMonths(thematicDate, 12),
          },
          startedAt: at(thematicDate),
          endedAt: at(thematicDate, 125),
          chairApprovedAt: at(thematicDate, 130),
          takerApprovedAt: at(thematicDate, 131),
          chairApprovedBy: chair,
          takerApprovedBy: taker,
          approvedAt: at(thematicDate, 131),
        })
        .returning();
      for (const [i, step] of rules.data.thematic.steps.entries()) {
        await tx.insert(meetingSteps).values({
          meetingId: th!.id,
          phase: "thematic",
          stepId: step.id,
          doneAt: daysBefore(thematicDate, 20 - i * 5),
          ...doneBy,
        });
      }
      await tx
        .insert(meetingAttendance)
        .values(roster.map((r) => ({ meetingId: th!.id, memberId: r.id, status: "present" as const })));
      await tx.insert(meetingVotes).values({
        meetingId: th!.id,
        subject: "Nghị quyết chuyên đề",
        rule: "ordinary",
        mode: "counted",
        eligible: roster.length,
        fullMembers: roster.filter((r) => r.status === "full").length,
        inFavour: roster.length,
        against: 0,
        other: 0,
        passed: true,
      });
    }

    // The next meeting, in preparation: the deputy prepares, the draft is on its way.
    let next = third(today);
    if (next <= today) next = third(addMonths(today, 1));
    const rules = await rulebookInForce<MeetingRules>(tx, "meeting", cell.path, next);
    const [upcoming] = await tx
      .insert(meetings)
      .values({
        organizationId: cell.id,
        kind: "monthly",
        date: next,
        startTime: "14:00",
        place: "Phòng họp Khoa Lý luận cơ sở",
        rulebookKey: rules.key,
        chairMemberId: chair,
        preparerMemberId: byName("Trần Quốc Bảo") ?? taker,
        draftResolution: "Dự thảo nghị quyết: tập trung hoàn thành kế hoạch giảng dạy học kỳ, chuẩn bị tổng kết năm.",
      })
      .returning();
    await tx.insert(meetingSteps).values({
      meetingId: upcoming!.id,
      phase: "prep",
      stepId: "assign_preparer",
      doneAt: new Date(Date.now() - 3 * 86_400_000),
      ...doneBy,
    });
  }
}

/** The secretary scored each demo meeting: the sheet computes the rest from the record. */
async function scoreDemo(
  tx: Tx,
  meetingId: string,
  by: { doneByUserId: string | null; doneByName: string },
  points: number,
): Promise<void> {
  const m = (await getMeeting(tx, meetingId))!;
  const sheet = await scoreSheetFor(tx, m.organizationPath, m.date);
  if (!sheet) return;
  const facts = await factsOf(tx, m);
  const judgements: Judgement[] = sheet.data.sections
    .flatMap((s) => s.criteria)
    .filter((c) => c.rule.type === "judgement")
    .map((c) => ({
      criterionId: c.id,
      points: Math.min(points, c.max),
      note: "Đánh giá của bí thư chi bộ sau buổi sinh hoạt.",
    }));
  const result = scoreMeeting(sheet.data, facts, judgements);
  await tx.insert(meetingScores).values({
    meetingId,
    sheetKey: sheet.key,
    sheetEffectiveFrom: sheet.effectiveFrom,
    facts,
    judgements,
    total: result.total,
    max: result.max,
    rating: result.rating,
    criteria: result.criteria,
    scoredAt: new Date(m.approvedAt ?? Date.now()),
    scoredByUserId: by.doneByUserId,
    scoredByName: by.doneByName,
  });
}

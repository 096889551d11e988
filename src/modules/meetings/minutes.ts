/**
 * The minutes (biên bản) of a meeting as plain data: what the meeting module records and what the
 * documents module renders. Every field is already formatted for reading (names, dd/mm/yyyy dates);
 * the renderer adds no facts of its own. Fields may be added; none may be removed or renamed.
 */
export interface MinutesData {
  /** "Chi bộ Khoa Lý luận cơ sở" */
  organizationName: string;
  /** "sinh hoạt chi bộ thường kỳ tháng 11 năm 2026" — what the meeting was, for the title line */
  meetingTitle: string;
  kind: "monthly" | "thematic" | "combined" | "committee";
  place: string;
  /** ISO date-times with offset, e.g. "2026-11-03T14:00:00+07:00" */
  startedAt: string;
  endedAt: string | null;
  durationMinutes: number | null;
  chair: string;
  minuteTaker: string;
  guests: string[];
  /** "Lý do, mục đích" as the chair announced it, as paragraphs; older minutes may lack it */
  purpose?: string[];
  attendance: {
    /** members of the cell on the meeting date */
    total: number;
    exempt: number;
    present: number;
    late: string[];
    absentWithReason: { name: string; reason: string }[];
    absentWithoutReason: string[];
    exemptNames: string[];
  };
  agenda: string[];
  /** e.g. "Đã thu đảng phí tháng 11/2026 của 13/13 đồng chí." */
  dues: string;
  /** the content the chair presented, as paragraphs */
  content: string[];
  contributions: { speaker: string; text: string }[];
  criticism: string[];
  tasks: { what: string; who: string; deadline: string }[];
  conclusion: string[];
  vote: {
    subject: string;
    eligible: number;
    inFavour: number;
    against: number;
    other: number;
    passed: boolean;
    /** e.g. "quá nửa số đảng viên có mặt" */
    rule: string;
  } | null;
  /** e.g. "Tốt (92 điểm)" when scored */
  quality: string | null;
  status: "draft" | "approved";
  approvedAt: string | null;
  amendments: { at: string; by: string; text: string }[];
}

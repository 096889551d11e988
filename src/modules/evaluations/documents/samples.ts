import type { IssuerInfo } from "../../documents/compose.js";
import { CELL_ISSUER } from "../../documents/samples.js";
import type {
  CellReportDoc,
  CellResult,
  DecisionDoc,
  DecisionEntry,
  FactSource,
  MemberResult,
  NoticeDoc,
  ReviewMinutesDoc,
  ScoreSection,
  SelfAssessmentDoc,
  SummaryDoc,
} from "./types.js";

/**
 * The 2026 review of the demo cell (Chi bộ Khoa Lý luận cơ sở) and its đảng bộ, as the evaluations module
 * hands it to the documents: for the tests, the guide's screenshots and the demo. Every person is invented.
 */

export const COMMITTEE: IssuerInfo = {
  kind: "party_committee",
  name: "Đảng bộ Trường Chính trị tỉnh Lâm Đồng",
  abbreviation: "ĐU",
  place: "Lâm Đồng",
  superiorName: "Đảng bộ Khối các cơ quan tỉnh Lâm Đồng",
  termLabel: "2025–2030",
};

const source = (module: FactSource["module"]): FactSource => ({
  module,
  ids: ["x"],
  readAt: "2026-12-05T08:00:00+07:00",
});

/** chibo's reading of the rubric for a member without a post: 30 common points and 70 for the tasks. */
export const RUBRIC_2B: ScoreSection[] = [
  {
    label: "Tiêu chí chung (tư tưởng chính trị, đạo đức, lối sống, ý thức kỷ luật)",
    criteria: [
      { label: "Tư tưởng chính trị", max: 10, score: 9 },
      { label: "Phẩm chất đạo đức, lối sống", max: 10, score: 9.5 },
      { label: "Ý thức tổ chức kỷ luật, tác phong, lề lối làm việc", max: 10, score: 9 },
    ],
  },
  {
    label: "Kết quả thực hiện nhiệm vụ được giao",
    criteria: [
      { label: "Khối lượng, tiến độ công việc", max: 30, score: 26 },
      { label: "Chất lượng, hiệu quả công việc", max: 30, score: 25 },
      { label: "Thực hiện nhiệm vụ chi bộ phân công", max: 10, score: 9 },
    ],
  },
];

export const SELF_2B: SelfAssessmentDoc = {
  form: "2B",
  period: { kind: "year", year: 2026 },
  cell: CELL_ISSUER,
  member: {
    fullName: "Trần Văn Bình",
    birthDate: "1986-04-07",
    partyPost: "Đảng viên",
    post: "Giảng viên",
    workplace: "Khoa Lý luận cơ sở, Trường Chính trị tỉnh Lâm Đồng",
    residence: null,
  },
  facts: {
    tasks: { assigned: 12, onTime: 10, late: 1, undone: 1, exceeded: 4, source: source("tasks") },
    attendance: {
      meetings: 12,
      present: 11,
      absentWithReason: 1,
      absentWithoutReason: 0,
      ratePercent: 91.67,
      source: source("meetings"),
    },
    personalPlan: {
      items: [
        { what: "Biên soạn 02 bài giảng chuyên đề", result: "Hoàn thành" },
        { what: "Hướng dẫn 01 tiểu luận", result: "Hoàn thành" },
        { what: "Đăng 01 bài tạp chí", result: null },
      ],
      reviewNote: "Hoàn thành tốt kế hoạch năm",
      source: source("plans"),
    },
    shortcomings: {
      items: [
        { text: "Có lúc chậm nộp báo cáo tháng", fixed: true },
        { text: "Ít tham gia ý kiến trong sinh hoạt", fixed: false },
      ],
      source: source("evaluations"),
    },
    discipline: { entries: [], source: source("committee") },
  },
  sections: {
    politics:
      "Luôn trung thành với chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh, đường lối của Đảng; chấp hành nghiêm chủ " +
      "trương của Đảng, chính sách, pháp luật của Nhà nước.",
    ethics: "Giữ gìn phẩm chất đạo đức, lối sống giản dị, lành mạnh; không có biểu hiện suy thoái.",
    discipline: "Chấp hành nghiêm nguyên tắc tập trung dân chủ, nội quy cơ quan; sinh hoạt chi bộ đầy đủ.",
    duties:
      "Hoàn thành 560 giờ giảng, vượt định mức 12%; biên soạn 02 bài giảng chuyên đề về xây dựng Đảng ở cơ sở.\n- " +
      "Một nhiệm vụ hoàn thành chậm 5 ngày do trùng lịch giảng.",
    shortcomings: "Có lúc chưa chủ động đề xuất nội dung sinh hoạt chuyên đề; một nhiệm vụ chưa hoàn thành đúng hạn.",
    causes: "Khối lượng giảng dạy lớn vào quý IV; sắp xếp thời gian chưa hợp lý.",
    fixedPrevious: "Đã nộp báo cáo tháng đúng hạn từ tháng 3/2026.",
    explanations: "",
    direction: "Chủ động lập kế hoạch công việc theo tháng; tích cực tham gia ý kiến xây dựng nghị quyết chi bộ.",
  },
  scores: RUBRIC_2B,
  proposedLevel: "good",
  day: "2026-12-10",
  draft: false,
};

export const SELF_2A: SelfAssessmentDoc = {
  ...SELF_2B,
  form: "2A",
  member: {
    fullName: "Nguyễn Thị Thu Hà",
    birthDate: "1978-09-12",
    partyPost: "Bí thư Chi bộ",
    post: "Trưởng Khoa Lý luận cơ sở",
    workplace: "Trường Chính trị tỉnh Lâm Đồng",
    residence: null,
  },
  sections: {
    ...SELF_2B.sections,
    responsibility:
      "Là bí thư chi bộ, chịu trách nhiệm chính về việc chi bộ chưa tổ chức đủ sinh hoạt chuyên đề trong quý II.",
  },
  scores: RUBRIC_2B.map((s) => ({ ...s, criteria: s.criteria.map((c) => ({ ...c, score: c.max - 1 })) })),
  proposedLevel: "excellent",
};

export const CELL_REPORT: CellReportDoc = {
  cell: CELL_ISSUER,
  number: null,
  day: "2026-12-08",
  draft: true,
  facts: {
    year: 2026,
    members: {
      total: 14,
      evaluated: 12,
      excluded: [
        { name: "Hoàng Văn Nghĩa", reason: "exempt" },
        { name: "Phan Thị Mai", reason: "admitted_recently" },
      ],
    },
    meetings: { held: 12, byRating: { good: 8, fair: 3, average: 1, poor: 0, unrated: 0 }, source: source("meetings") },
    tasks: { assigned: 46, onTime: 41, late: 3, undone: 2, source: source("tasks") },
    proposedLevels: { excellent: 2, good: 9, completed: 1, not_completed: 0 },
    disciplined: 0,
  },
  targets: [
    { title: "Đảng viên hoàn thành tốt nhiệm vụ trở lên", planned: "từ 85% trở lên", result: "91,7%", met: true },
    { title: "Sinh hoạt chuyên đề", planned: "4 buổi", result: "3 buổi", met: false },
  ],
  sections: {
    leadership: "Chi bộ lãnh đạo Khoa hoàn thành kế hoạch giảng dạy năm 2026, tổ chức 02 hội thảo khoa học cấp trường.",
    shortcomings: "Sinh hoạt chuyên đề chưa đủ số buổi theo kế hoạch; một số đảng viên ít phát biểu.",
    causes: "Lịch giảng dày vào quý II; việc chuẩn bị nội dung chuyên đề chưa sớm.",
    fixedPrevious: "Đã khắc phục việc chậm gửi báo cáo lên Đảng ủy.",
    direction:
      "Xây dựng lịch sinh hoạt chuyên đề cả năm ngay từ tháng 1/2027; phân công chuẩn bị nội dung trước 15 ngày.",
  },
  proposedLevel: "good",
  signerName: "Nguyễn Thị Thu Hà",
  signerRole: "secretary",
};

const named = (
  eligible: number,
  counts: Partial<Record<"excellent" | "good" | "completed" | "not_completed", number>>,
) => ({
  method: "named" as const,
  eligible,
  counts,
});

export const REVIEW_MINUTES: ReviewMinutesDoc = {
  cell: CELL_ISSUER,
  year: 2026,
  number: 14,
  draft: false,
  place: "Phòng họp số 2, Trường Chính trị tỉnh Lâm Đồng",
  startedAt: "2026-12-15T14:00:00+07:00",
  endedAt: "2026-12-15T17:10:00+07:00",
  chair: "Nguyễn Thị Thu Hà",
  minuteTaker: "Lê Thị Ngọc Ánh",
  guests: ["Lâm Văn Thành, Đảng ủy viên phụ trách chi bộ"],
  attendance: {
    total: 14,
    exempt: 1,
    present: 12,
    absentWithReason: [{ name: "Đỗ Văn Hải", reason: "ốm" }],
    absentWithoutReason: [],
  },
  report: { presenter: "Nguyễn Thị Thu Hà", sentOn: "2026-12-09" },
  members: [
    {
      fullName: "Trần Văn Bình",
      selfScore: 87.5,
      selfLevel: "good",
      comments: [
        {
          speaker: "Lê Thị Ngọc Ánh",
          text: "Đồng chí hoàn thành vượt định mức giờ giảng; cần chủ động hơn trong sinh hoạt.",
        },
      ],
      residenceComment: null,
      vote: named(12, { excellent: 0, good: 12, completed: 0, not_completed: 0 }),
      proposedLevel: "good",
    },
    {
      fullName: "Nguyễn Thị Thu Hà",
      selfScore: 94,
      selfLevel: "excellent",
      comments: [],
      residenceComment: "Gương mẫu chấp hành quy định nơi cư trú (Chi bộ Tổ dân phố 5, Phường 2).",
      vote: named(12, { excellent: 10, good: 2, completed: 0, not_completed: 0 }),
      proposedLevel: "excellent",
    },
    {
      fullName: "Lê Thị Ngọc Ánh",
      selfScore: 76,
      selfLevel: "good",
      comments: [{ speaker: "Trần Văn Bình", text: "Thống nhất với bản tự kiểm điểm." }],
      residenceComment: null,
      vote: named(12, { good: 11, completed: 1 }),
      proposedLevel: "good",
    },
  ],
  cellVote: { ...named(12, { excellent: 1, good: 11 }), proposedLevel: "good" },
  conclusion: [
    "Đồng chí chủ trì kết luận: chi bộ thống nhất đề nghị Đảng ủy xem xét, công nhận mức xếp loại như trên.",
  ],
};

const entry = (
  name: string,
  cellName: string,
  level: DecisionEntry["level"],
  subjectKind: "member" | "cell" = "member",
): DecisionEntry => ({
  subjectKind,
  name,
  cellName,
  form: subjectKind === "member" ? "2B" : "01",
  score: null,
  proposedLevel: level,
  level,
  decidedOn: "2027-01-20",
});

const LLCS = "Chi bộ Khoa Lý luận cơ sở";
const XDD = "Chi bộ Khoa Xây dựng Đảng";

export const DECISION: DecisionDoc = {
  committee: COMMITTEE,
  subject: "members",
  year: 2026,
  number: 5,
  day: "2027-01-20",
  draft: false,
  entries: [
    entry("Nguyễn Thị Thu Hà", LLCS, "excellent"),
    entry("Trần Văn Bình", LLCS, "good"),
    entry("Lê Thị Ngọc Ánh", LLCS, "good"),
    entry("Vũ Đức Anh", XDD, "good"),
    entry("Đặng Thị Yến", XDD, "excellent"),
    entry("Bùi Văn Cường", XDD, "completed"),
    entry(LLCS, COMMITTEE.name, "good", "cell"),
  ],
  superiorCommittee: "Ban Tổ chức Đảng ủy Khối các cơ quan tỉnh",
  signerName: "Phạm Quốc Hưng",
  signerRole: "secretary",
};

export const NOTICE: NoticeDoc = {
  committee: COMMITTEE,
  year: 2026,
  number: 3,
  day: "2027-01-22",
  draft: false,
  decision: { numberText: "Số 05-QĐ/ĐU", day: "2027-01-20" },
  totals: {
    member: { excellent: 2, good: 3, completed: 1, not_completed: 0 },
    cell: { excellent: 0, good: 1, completed: 0, not_completed: 0 },
  },
  signerName: "Phạm Quốc Hưng",
  signerRole: "secretary",
};

export const CELL_RESULTS: CellResult[] = [
  {
    name: LLCS,
    members: 14,
    evaluated: 12,
    levels: { excellent: 2, good: 9, completed: 1, not_completed: 0 },
    proposedLevel: "good",
    decidedLevel: "good",
  },
  {
    name: XDD,
    members: 9,
    evaluated: 9,
    levels: { excellent: 1, good: 7, completed: 1, not_completed: 0 },
    proposedLevel: "excellent",
    decidedLevel: "excellent",
  },
  {
    name: "Chi bộ Phòng Quản lý đào tạo",
    members: 7,
    evaluated: 6,
    levels: { excellent: 0, good: 5, completed: 0, not_completed: 1 },
    proposedLevel: "good",
    decidedLevel: null,
  },
];

export const SUMMARY: SummaryDoc = {
  committee: COMMITTEE,
  year: 2026,
  number: 2,
  day: "2027-01-25",
  draft: false,
  superiorCommittee: "Đảng ủy Khối các cơ quan tỉnh Lâm Đồng",
  dueOn: "2027-02-01",
  quotaPercent: 20,
  cells: CELL_RESULTS,
  excluded: { exempt: 1, admitted_recently: 2 },
  signerName: "Phạm Quốc Hưng",
  signerRole: "secretary",
};

export const MEMBER_RESULTS: MemberResult[] = [
  {
    name: "Trần Văn Bình",
    cellName: LLCS,
    birthDate: "1986-04-07",
    post: "Giảng viên",
    form: "2B",
    score: 87.5,
    selfLevel: "good",
    proposedLevel: "good",
    level: "good",
    decidedOn: "2027-01-20",
  },
  {
    name: "Nguyễn Thị Thu Hà",
    cellName: LLCS,
    birthDate: "1978-09-12",
    post: "Trưởng khoa",
    form: "2A",
    score: 94,
    selfLevel: "excellent",
    proposedLevel: "excellent",
    level: "excellent",
    decidedOn: "2027-01-20",
  },
  {
    name: "Vũ Đức Anh",
    cellName: XDD,
    birthDate: null,
    post: null,
    form: "2B",
    score: 80,
    selfLevel: "good",
    proposedLevel: "good",
    level: null,
    decidedOn: null,
  },
];

import { z } from "zod";
import { isoDate, version } from "../../core/http/schemas.js";
// Shared with the browser: zod and pure functions only.

export const REVIEW_KINDS = ["monthly", "yearly", "mid_term", "end_of_term"] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** Structured content the documents module renders in the official format: headings, paragraphs, tables. */
export interface ReviewSection {
  heading: string;
  paragraphs: string[];
  table?: { columns: string[]; rows: string[][] };
}
export interface ReviewContent {
  title: string;
  sections: ReviewSection[];
}

export const reviewContentSchema = z.object({
  title: z.string().min(1).max(300),
  sections: z
    .array(
      z.object({
        heading: z.string().min(1).max(300),
        paragraphs: z.array(z.string().max(5000)).max(50),
        table: z
          .object({
            columns: z.array(z.string().max(200)).max(10),
            rows: z.array(z.array(z.string().max(1000)).max(10)).max(300),
          })
          .optional(),
      }),
    )
    .min(1)
    .max(30),
});

export const generateReviewBody = z
  .object({ kind: z.enum(REVIEW_KINDS), periodStart: isoDate(), periodEnd: isoDate() })
  .refine((v) => v.periodEnd >= v.periodStart, { path: ["periodEnd"], message: "validation.invalid_date" });
export const updateReviewBody = z.object({ content: reviewContentSchema, version: version() });
export const issueReviewBody = z.object({ issuedOn: isoDate().optional(), version: version() });

export interface ReviewFacts {
  organizationName: string;
  kind: ReviewKind;
  periodStart: string;
  periodEnd: string;
  targets: {
    name: string;
    unit: string;
    baseline: number;
    goal: number;
    latest: number | null;
    attainment: number | null;
    workProgress: number | null;
  }[];
  tasksDone: { title: string; owner: string; doneOn: string | null }[];
  tasksLate: { title: string; owner: string; dueOn: string; progress: number }[];
  tasksOpen: number;
  meetings: { heldOn: string; rating: string | null }[] | null;
  plans: { title: string; progress: number | null }[];
}

const KIND_TITLE: Record<ReviewKind, string> = {
  monthly: "BÁO CÁO SƠ KẾT CÔNG TÁC THÁNG",
  yearly: "BÁO CÁO TỔNG KẾT CÔNG TÁC NĂM",
  mid_term: "BÁO CÁO SƠ KẾT GIỮA NHIỆM KỲ",
  end_of_term: "BÁO CÁO TỔNG KẾT NHIỆM KỲ",
};

const vnDate = (iso: string) => iso.split("-").reverse().join("/");
const pct = (n: number | null) => (n === null ? "—" : `${Math.round(n)}%`);
const num = (n: number | null) => (n === null ? "—" : Number.isInteger(n) ? String(n) : n.toFixed(1).replace(".", ","));

/** A first draft of a review report, written from the facts in Vietnamese; the secretary edits it before issuing. */
export function draftReview(f: ReviewFacts): ReviewContent {
  const period = `từ ngày ${vnDate(f.periodStart)} đến ngày ${vnDate(f.periodEnd)}`;
  const met = f.targets.filter((t) => t.attainment !== null && t.attainment >= 100).length;
  const behind = f.targets.filter((t) => t.attainment !== null && t.attainment < 50);
  const sections: ReviewSection[] = [
    {
      heading: "I. Kết quả thực hiện các chỉ tiêu nghị quyết",
      paragraphs: [
        f.targets.length === 0
          ? "Chưa có chỉ tiêu nào được theo dõi trong kỳ."
          : `Trong kỳ (${period}), ${f.organizationName} theo dõi ${f.targets.length} chỉ tiêu; ${met} chỉ tiêu đã đạt mục tiêu.`,
      ],
      table: f.targets.length
        ? {
            columns: ["Chỉ tiêu", "Đơn vị", "Ban đầu", "Mục tiêu", "Hiện tại", "Mức đạt", "Tiến độ công việc"],
            rows: f.targets.map((t) => [
              t.name,
              t.unit,
              num(t.baseline),
              num(t.goal),
              num(t.latest),
              pct(t.attainment),
              pct(t.workProgress),
            ]),
          }
        : undefined,
    },
    {
      heading: "II. Việc đã hoàn thành",
      paragraphs: [
        f.tasksDone.length === 0
          ? "Chưa có nhiệm vụ nào hoàn thành trong kỳ."
          : `Hoàn thành ${f.tasksDone.length} nhiệm vụ.`,
      ],
      table: f.tasksDone.length
        ? {
            columns: ["Nhiệm vụ", "Người chịu trách nhiệm", "Ngày xong"],
            rows: f.tasksDone.map((t) => [t.title, t.owner, t.doneOn ? vnDate(t.doneOn) : "—"]),
          }
        : undefined,
    },
    {
      heading: "III. Việc chậm tiến độ và trách nhiệm",
      paragraphs: [
        f.tasksLate.length === 0
          ? "Không có nhiệm vụ chậm tiến độ."
          : `Có ${f.tasksLate.length} nhiệm vụ quá hạn chưa hoàn thành; ${f.tasksOpen} nhiệm vụ khác đang thực hiện.`,
      ],
      table: f.tasksLate.length
        ? {
            columns: ["Nhiệm vụ", "Người chịu trách nhiệm", "Hạn", "Tiến độ"],
            rows: f.tasksLate.map((t) => [t.title, t.owner, vnDate(t.dueOn), pct(t.progress)]),
          }
        : undefined,
    },
  ];
  if (f.meetings !== null) {
    sections.push({
      heading: "IV. Sinh hoạt chi bộ",
      paragraphs: [
        f.meetings.length === 0
          ? "Chưa có cuộc sinh hoạt nào được ghi nhận trong kỳ."
          : `Tổ chức ${f.meetings.length} cuộc sinh hoạt.`,
      ],
      table: f.meetings.length
        ? { columns: ["Ngày", "Xếp loại"], rows: f.meetings.map((m) => [vnDate(m.heldOn), m.rating ?? "—"]) }
        : undefined,
    });
  }
  const adjust = [
    ...behind.map(
      (t) => `Chỉ tiêu "${t.name}" mới đạt ${pct(t.attainment)}: cần rà soát giải pháp và điều chỉnh kế hoạch.`,
    ),
    ...f.tasksLate.map(
      (t) => `Đồng chí ${t.owner} khẩn trương hoàn thành "${t.title}" (quá hạn từ ${vnDate(t.dueOn)}).`,
    ),
  ];
  sections.push({
    heading: `${f.meetings !== null ? "V" : "IV"}. Phương hướng, điều chỉnh kế hoạch`,
    paragraphs: adjust.length ? adjust : ["Tiếp tục thực hiện kế hoạch đã đề ra."],
  });
  return { title: `${KIND_TITLE[f.kind]} (${period})`, sections };
}

import { describe, expect, it } from "vitest";
import { draftReview, reviewContentSchema, type ReviewFacts } from "./model.js";

const facts: ReviewFacts = {
  organizationName: "Chi bộ Khoa Lý luận cơ sở",
  kind: "monthly",
  periodStart: "2026-10-01",
  periodEnd: "2026-10-31",
  targets: [
    {
      name: "Đảng viên hoàn thành tốt nhiệm vụ",
      unit: "%",
      baseline: 80,
      goal: 90,
      latest: 82.5,
      attainment: 25,
      workProgress: 40,
    },
  ],
  tasksDone: [{ title: "Soạn chương trình hành động", owner: "Nguyễn Thị Thu Hà", doneOn: "2026-10-10" }],
  tasksLate: [{ title: "Tổ chức sinh hoạt chuyên đề", owner: "Phạm Văn Đức", dueOn: "2026-10-20", progress: 30 }],
  tasksOpen: 4,
  meetings: null,
  plans: [],
};

describe("draftReview", () => {
  it("writes the sections from the facts, with owners of late work and what to adjust", () => {
    const c = draftReview(facts);
    expect(c.title).toBe("BÁO CÁO SƠ KẾT CÔNG TÁC THÁNG (từ ngày 01/10/2026 đến ngày 31/10/2026)");
    expect(c.sections.map((s) => s.heading)).toEqual([
      "I. Kết quả thực hiện các chỉ tiêu nghị quyết",
      "II. Việc đã hoàn thành",
      "III. Việc chậm tiến độ và trách nhiệm",
      "IV. Phương hướng, điều chỉnh kế hoạch",
    ]);
    expect(c.sections[0]!.table!.rows[0]).toEqual([
      "Đảng viên hoàn thành tốt nhiệm vụ",
      "%",
      "80",
      "90",
      "82,5",
      "25%",
      "40%",
    ]);
    expect(c.sections[2]!.table!.rows[0]).toEqual(["Tổ chức sinh hoạt chuyên đề", "Phạm Văn Đức", "20/10/2026", "30%"]);
    expect(c.sections[3]!.paragraphs.join(" ")).toContain("Phạm Văn Đức");
    expect(reviewContentSchema.safeParse(c).success).toBe(true);
  });
  it("adds the meetings section when meeting facts exist", () => {
    const c = draftReview({
      ...facts,
      meetings: [{ heldOn: "2026-10-03", rating: "Tốt" }],
      tasksLate: [],
      targets: [],
    });
    expect(c.sections.map((s) => s.heading)).toContain("IV. Sinh hoạt chi bộ");
    expect(c.sections.at(-1)!.heading.startsWith("V.")).toBe(true);
    expect(c.sections.at(-1)!.paragraphs).toEqual(["Tiếp tục thực hiện kế hoạch đã đề ra."]);
  });
});

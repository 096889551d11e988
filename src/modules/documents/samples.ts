import type { MinutesData } from "../meetings/minutes.js";
import type { IssuerInfo } from "./compose.js";
import type { SectionContent } from "./model.js";

/**
 * Realistic content for the demo cell (Chi bộ Khoa Lý luận cơ sở, CB-LLCS), used by
 * the demo data, the visual regression references and the benchmark. Every person is invented.
 */

export const CELL_ISSUER: IssuerInfo = {
  kind: "cell",
  name: "Chi bộ Khoa Lý luận cơ sở",
  abbreviation: "CB",
  place: "Lâm Đồng",
  superiorName: "Đảng bộ Trường Chính trị tỉnh Lâm Đồng",
  termLabel: "2025–2027",
};

/** The demo cell's November 2026 monthly meeting, as the meetings module hands it over. */
export const NOVEMBER_MINUTES: MinutesData = {
  organizationName: "Chi bộ Khoa Lý luận cơ sở",
  meetingTitle: "sinh hoạt chi bộ thường kỳ tháng 11 năm 2026",
  kind: "monthly",
  place: "Phòng họp số 2, Trường Chính trị tỉnh Lâm Đồng",
  startedAt: "2026-11-03T14:00:00+07:00",
  endedAt: "2026-11-03T15:45:00+07:00",
  durationMinutes: 105,
  chair: "Nguyễn Thị Thu Hà",
  minuteTaker: "Lê Thị Ngọc Ánh",
  guests: ["Lâm Văn Thành, Đảng ủy viên phụ trách chi bộ"],
  attendance: {
    total: 14,
    exempt: 1,
    present: 12,
    late: [],
    absentWithReason: [{ name: "Đỗ Văn Hải", reason: "đi công tác" }],
    absentWithoutReason: [],
    exemptNames: ["Hoàng Văn Nghĩa"],
  },
  agenda: [
    "Đánh giá kết quả thực hiện nhiệm vụ tháng 10 năm 2026",
    "Triển khai nhiệm vụ trọng tâm tháng 11 năm 2026",
    "Thảo luận, biểu quyết thông qua nghị quyết tháng 11",
  ],
  dues: "Đã thu đảng phí tháng 11/2026 của 13/13 đồng chí.",
  content: [
    'Trong tháng 10, chi bộ lãnh đạo khoa hoàn thành kế hoạch giảng dạy lớp Trung cấp lý luận chính trị K38; tổ chức thành công hội thảo khoa học "Nâng cao chất lượng sinh hoạt chi bộ ở cơ sở"; 100% đảng viên hoàn thành nhiệm vụ được giao.',
    "Hạn chế: việc biên soạn bài giảng điện tử còn chậm so với kế hoạch; một số đảng viên chưa chủ động đăng ký nội dung nghiên cứu thực tế.",
  ],
  contributions: [
    {
      speaker: "Trần Quốc Bảo",
      text: "Đề nghị phân công cụ thể từng đồng chí phụ trách bài giảng điện tử, có mốc thời gian kiểm tra giữa tháng.",
    },
    {
      speaker: "Phạm Văn Đức",
      text: "Thống nhất với dự thảo; đề nghị bổ sung nhiệm vụ chuẩn bị hội giảng cấp trường.",
    },
  ],
  criticism: ["Đồng chí bí thư tự phê bình việc chưa kịp thời đôn đốc tiến độ biên soạn bài giảng điện tử."],
  tasks: [
    { what: "Hoàn thành 04 bài giảng điện tử học phần Xây dựng Đảng", who: "Trần Quốc Bảo", deadline: "25/11/2026" },
    { what: "Chuẩn bị hồ sơ hội giảng cấp trường", who: "Phạm Văn Đức", deadline: "20/11/2026" },
  ],
  conclusion: [
    "Đồng chí chủ trì kết luận: chi bộ thống nhất các nhiệm vụ trọng tâm tháng 11 và giao đồng chí Phó Bí thư hoàn chỉnh dự thảo nghị quyết theo ý kiến đóng góp.",
  ],
  vote: {
    subject: "thông qua Nghị quyết tháng 11 năm 2026",
    eligible: 12,
    inFavour: 12,
    against: 0,
    other: 0,
    passed: true,
    rule: "quá nửa số đảng viên có mặt",
  },
  quality: "Tốt (92 điểm)",
  status: "approved",
  approvedAt: "2026-11-03T15:45:00+07:00",
  amendments: [],
};

/** A sample is issued by CELL_ISSUER with the template of its own type. */
export interface SampleDocument {
  type: string;
  summary: string;
  sections: SectionContent[];
  recipients: string[];
  day: string;
  minutes?: MinutesData;
}

const cellRecipients = ["- Đảng ủy (để b/c),", "- Đảng viên trong chi bộ,"];

/** One document of every templated type, as a secretary or the office would write it. */
export const SAMPLES: SampleDocument[] = [
  {
    type: "NQ",
    summary: "lãnh đạo thực hiện nhiệm vụ tháng 11 năm 2026",
    day: "2026-11-05",
    recipients: cellRecipients,
    sections: [
      {
        key: "assessment",
        heading: "I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 10",
        text: "Chi bộ lãnh đạo khoa hoàn thành kế hoạch giảng dạy lớp Trung cấp lý luận chính trị K38; tổ chức thành công hội thảo khoa học cấp trường; 100% đảng viên hoàn thành nhiệm vụ được giao.\n\nHạn chế: việc biên soạn bài giảng điện tử còn chậm; một số đảng viên chưa chủ động đăng ký nội dung nghiên cứu thực tế.",
      },
      {
        key: "tasks",
        heading: "II. NHIỆM VỤ VÀ GIẢI PHÁP TRỌNG TÂM THÁNG 11",
        text: "- Hoàn thành 04 bài giảng điện tử học phần Xây dựng Đảng trước ngày 25/11/2026.\n- Chuẩn bị chu đáo hồ sơ tham gia hội giảng cấp trường.\n- Tổ chức sinh hoạt chuyên đề quý IV về nâng cao chất lượng nghiên cứu thực tế.",
      },
      {
        key: "implementation",
        heading: "III. TỔ CHỨC THỰC HIỆN",
        text: "| Nhiệm vụ | Người thực hiện | Thời hạn |\n| Bài giảng điện tử | Trần Quốc Bảo | 25/11/2026 |\n| Hồ sơ hội giảng | Phạm Văn Đức | 20/11/2026 |\n| Sinh hoạt chuyên đề quý IV | Lê Thị Ngọc Ánh | 15/12/2026 |",
      },
    ],
  },
  {
    type: "BB",
    summary: "sinh hoạt chi bộ thường kỳ tháng 11 năm 2026",
    day: "2026-11-03",
    recipients: [],
    sections: [],
    minutes: NOVEMBER_MINUTES,
  },
  {
    type: "CTr",
    summary: "thực hiện Nghị quyết Đại hội Chi bộ Khoa Lý luận cơ sở nhiệm kỳ 2025–2027",
    day: "2025-04-10",
    recipients: cellRecipients,
    sections: [
      {
        key: "purpose",
        heading: "I. MỤC ĐÍCH, YÊU CẦU",
        text: "- Cụ thể hóa Nghị quyết Đại hội chi bộ thành các nhiệm vụ trọng tâm từng năm.\n- Phân công rõ người, rõ việc, rõ thời hạn; không chờ quyết định chuẩn y của Đảng ủy.",
      },
      {
        key: "tasks",
        heading: "II. NHIỆM VỤ TRỌNG TÂM TỪNG NĂM",
        text: "| Năm | Nhiệm vụ trọng tâm | Người phụ trách |\n| 2025 | Đổi mới phương pháp giảng dạy, 100% bài giảng có tình huống thực tiễn | Trần Quốc Bảo |\n| 2026 | Nâng cao chất lượng sinh hoạt chi bộ, mỗi quý một chuyên đề | Nguyễn Thị Thu Hà |\n| 2027 | Tổng kết nhiệm kỳ, chuẩn bị đại hội | Nguyễn Thị Thu Hà |",
      },
      {
        key: "measures",
        heading: "III. BIỆN PHÁP THỰC HIỆN",
        text: "- Hằng tháng đánh giá tiến độ tại buổi sinh hoạt chi bộ.\n- Sơ kết giữa nhiệm kỳ vào quý II năm 2026.",
      },
      {
        key: "implementation",
        heading: "IV. TỔ CHỨC THỰC HIỆN",
        text: "Chi ủy chịu trách nhiệm triển khai, kiểm tra, đôn đốc thực hiện chương trình; định kỳ báo cáo Đảng ủy.",
      },
    ],
  },
  {
    type: "KH",
    summary: "thực hiện nhiệm vụ năm 2026",
    day: "2026-01-08",
    recipients: cellRecipients,
    sections: [
      {
        key: "purpose",
        heading: "I. MỤC ĐÍCH, YÊU CẦU",
        text: "1. Mục đích: triển khai Nghị quyết của Đảng ủy và chương trình hành động của chi bộ trong năm 2026.\n2. Yêu cầu: nội dung cụ thể, phân công rõ ràng, có kiểm tra, đôn đốc.",
      },
      {
        key: "content",
        heading: "II. NỘI DUNG, NHIỆM VỤ",
        text: "| Nội dung | Phương pháp | Người thực hiện | Thời hạn |\n| Hội giảng cấp khoa | Dự giờ, góp ý | Trần Quốc Bảo | Quý II |\n| Nghiên cứu thực tế tại cơ sở | Theo nhóm | Phạm Văn Đức | Quý III |\n| Sinh hoạt chuyên đề | Mỗi quý một chuyên đề | Lê Thị Ngọc Ánh | Hằng quý |",
      },
      {
        key: "implementation",
        heading: "III. TỔ CHỨC THỰC HIỆN",
        text: "Các đồng chí được phân công xây dựng kế hoạch chi tiết, báo cáo chi bộ tại buổi sinh hoạt hằng tháng.",
      },
    ],
  },
  {
    type: "BC",
    summary: "sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội chi bộ nhiệm kỳ 2025–2027",
    day: "2026-06-25",
    recipients: ["- Đảng ủy (để b/c),"],
    sections: [
      {
        key: "results",
        heading: "I. KẾT QUẢ THỰC HIỆN",
        text: "Sau một năm thực hiện, 8/10 chỉ tiêu đạt và vượt; chất lượng sinh hoạt chi bộ được nâng lên, 10/12 tháng xếp loại Tốt.",
      },
      {
        key: "limits",
        heading: "II. HẠN CHẾ, NGUYÊN NHÂN",
        text: "- Chỉ tiêu bài giảng điện tử mới đạt 60%.\n- Nghiên cứu thực tế chưa đều giữa các đảng viên.",
      },
      {
        key: "lessons",
        heading: "III. BÀI HỌC KINH NGHIỆM",
        text: "Phân công cụ thể, kiểm tra thường xuyên là yếu tố quyết định.",
      },
      {
        key: "next",
        heading: "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        text: "- Tập trung hoàn thành chỉ tiêu bài giảng điện tử trong năm 2026.",
      },
      {
        key: "proposals",
        heading: "V. ĐỀ XUẤT, KIẾN NGHỊ",
        text: "Đề nghị Đảng ủy hỗ trợ tập huấn kỹ năng thiết kế bài giảng điện tử.",
      },
    ],
  },
  {
    type: "QC",
    summary: "làm việc của Chi bộ Khoa Lý luận cơ sở nhiệm kỳ 2025–2027",
    day: "2025-04-15",
    recipients: cellRecipients,
    sections: [
      {
        key: "cell",
        heading: "Chương I. TRÁCH NHIỆM VÀ QUYỀN HẠN CỦA CHI BỘ",
        text: "Điều 1. Chi bộ lãnh đạo thực hiện nhiệm vụ chính trị của Khoa; lãnh đạo công tác tư tưởng, tổ chức, cán bộ và các đoàn thể.\n\nĐiều 2. Chi bộ sinh hoạt thường kỳ mỗi tháng một lần vào ngày 03 hằng tháng.",
      },
      {
        key: "secretary",
        heading: "Chương II. TRÁCH NHIỆM VÀ QUYỀN HẠN CỦA BÍ THƯ CHI BỘ",
        text: "Điều 3. Bí thư chịu trách nhiệm chung; chuẩn bị nội dung và chủ trì sinh hoạt chi bộ; phối hợp với Trưởng khoa tổ chức thực hiện nghị quyết.",
      },
      {
        key: "principles",
        heading: "Chương III. NGUYÊN TẮC VÀ CHẾ ĐỘ LÀM VIỆC",
        text: "Điều 4. Chi bộ làm việc theo nguyên tắc tập trung dân chủ, tập thể lãnh đạo, cá nhân phụ trách.",
      },
      {
        key: "relations",
        heading: "Chương IV. MỐI QUAN HỆ CÔNG TÁC VỚI CÁC KHOA, PHÒNG VÀ ĐOÀN THỂ",
        text: "Điều 5. Chi bộ lãnh đạo Khoa thông qua nghị quyết; Trưởng khoa báo cáo chi bộ tình hình thực hiện nhiệm vụ chuyên môn hằng tháng.",
      },
      { key: "final", heading: "Chương V. ĐIỀU KHOẢN THI HÀNH", text: "" },
    ],
  },
  {
    type: "TTr",
    summary: "đề nghị chuẩn y kết quả bầu cử bí thư chi bộ nhiệm kỳ 2025–2027",
    day: "2025-03-24",
    recipients: ["- Như trên,"],
    sections: [
      {
        key: "grounds",
        heading: "",
        text: "Căn cứ Quy chế bầu cử trong Đảng; căn cứ kết quả Đại hội Chi bộ Khoa Lý luận cơ sở nhiệm kỳ 2025–2027 ngày 20/3/2025,",
      },
      {
        key: "request",
        heading: "",
        text: "Chi bộ Khoa Lý luận cơ sở kính đề nghị Đảng ủy xem xét, chuẩn y đồng chí Nguyễn Thị Thu Hà giữ chức Bí thư chi bộ nhiệm kỳ 2025–2027 (trúng cử với 13/13 phiếu, đạt 100%).",
      },
    ],
  },
  {
    type: "TB",
    summary: "triệu tập sinh hoạt chi bộ tháng 12 năm 2026",
    day: "2026-12-01",
    recipients: ["- Đảng viên trong chi bộ,", "- Đồng chí Lâm Văn Thành, Đảng ủy viên phụ trách chi bộ,"],
    sections: [
      {
        key: "notice",
        heading: "",
        text: "- Thời gian: 14 giờ 00, ngày 03/12/2026.\n- Địa điểm: Phòng họp số 2, Trường Chính trị tỉnh Lâm Đồng.\n- Nội dung: đánh giá nhiệm vụ tháng 11, triển khai nhiệm vụ tháng 12; góp ý dự thảo báo cáo tổng kết năm.\n- Thành phần: toàn thể đảng viên trong chi bộ.",
      },
    ],
  },
];

/** A yearly plan long enough to fill about ten pages (benchmark). */
export function longPlan(): SampleDocument {
  const rows = Array.from(
    { length: 42 },
    (_, i) =>
      `| ${i + 1}. Tổ chức nghiên cứu, quán triệt và triển khai nội dung số ${i + 1} của nghị quyết tới toàn thể đảng viên | Thảo luận nhóm, viết thu hoạch | ${["Trần Quốc Bảo", "Phạm Văn Đức", "Lê Thị Ngọc Ánh"][i % 3]} | ${String((i % 12) + 1).padStart(2, "0")}/2026 |`,
  );
  const para =
    "Tiếp tục đổi mới nội dung, phương thức lãnh đạo của chi bộ; nâng cao chất lượng sinh hoạt chi bộ, phát huy vai trò tiên phong, gương mẫu của cán bộ, đảng viên; gắn việc thực hiện nhiệm vụ chính trị của Khoa với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.";
  return {
    ...SAMPLES[3]!,
    summary: "thực hiện nhiệm vụ năm 2026 (bản chi tiết)",
    sections: [
      { key: "purpose", heading: "I. MỤC ĐÍCH, YÊU CẦU", text: Array.from({ length: 10 }, () => para).join("\n\n") },
      {
        key: "content",
        heading: "II. NỘI DUNG, NHIỆM VỤ",
        text: `| Nội dung | Phương pháp | Người thực hiện | Thời hạn |\n${rows.join("\n")}`,
      },
      {
        key: "implementation",
        heading: "III. TỔ CHỨC THỰC HIỆN",
        text: Array.from({ length: 12 }, (_, i) => `- ${para} (${i + 1})`).join("\n"),
      },
    ],
  };
}

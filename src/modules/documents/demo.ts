import { sql } from "drizzle-orm";
import type { Tx } from "../../core/db/index.js";
import { queryRows } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { getOrganization } from "../organizations/store.js";
import { createDocument, issueDocument, moveDocument } from "./operations.js";
import { NOVEMBER_MINUTES, SAMPLES } from "./samples.js";

/**
 * The documents of the demo: the register of Chi bộ Khoa Lý luận cơ sở tells the seeds' story after its
 * 2025 congress — the ratification submission, the action programme and the working regulations issued
 * without waiting for ratification ([000]), the 2026 plan, the November minutes — and the November
 * resolution adopted at the meeting, waiting to be issued. The đảng ủy has its own inspection plan.
 */
export async function loadDocumentsDemo(tx: Tx): Promise<void> {
  const actorOf = async (username: string): Promise<Actor> => {
    const [u] = await queryRows<{ id: string; display_name: string }>(
      tx,
      sql`SELECT id, display_name FROM users WHERE username = ${username}`,
    );
    return {
      userId: u!.id,
      username,
      displayName: u!.display_name,
      memberId: null,
      isAdmin: false,
      locale: "vi",
      mustChangePassword: false,
      scopes: [],
      sessionId: "",
      csrfToken: "",
    };
  };
  const orgByCode = async (code: string) => {
    const [row] = await queryRows<{ id: string }>(tx, sql`SELECT id FROM organizations WHERE code = ${code}`);
    return (await getOrganization(tx, row!.id))!;
  };
  const cell = await orgByCode("CB-LLCS");
  const committee = await orgByCode("DB-TCT");
  const secretary = await actorOf("bithu.llcs");
  const office = await actorOf("vanphong");

  const sample = (type: string) => SAMPLES.find((s) => s.type === type)!;
  const issue = async (
    org: typeof cell,
    actor: Actor,
    type: string,
    overrides: Partial<{ summary: string; day: string; sections: (typeof SAMPLES)[number]["sections"] }> = {},
  ) => {
    const s = { ...sample(type), ...overrides };
    const draft = await createDocument(tx, actor, org, {
      type,
      summary: s.summary,
      sections: s.sections,
      recipients: s.recipients,
      minutes: s.minutes ?? null,
    });
    return issueDocument(tx, actor, draft.id, { issuedOn: s.day, version: draft.version });
  };

  await issue(cell, secretary, "TTr");
  await issue(cell, secretary, "CTr");
  await issue(cell, secretary, "QC");
  await issue(cell, secretary, "KH");
  await issue(cell, secretary, "BB", { summary: NOVEMBER_MINUTES.meetingTitle });

  // The November resolution: voted at the meeting (adopted), not yet issued.
  const nq = sample("NQ");
  const draft = await createDocument(tx, secretary, cell, {
    type: "NQ",
    summary: nq.summary,
    sections: nq.sections,
    recipients: nq.recipients,
  });
  await moveDocument(tx, secretary, draft, "adopted", draft.version);

  await issue(committee, office, "KH", {
    summary: "kiểm tra, giám sát của Đảng ủy năm 2026",
    day: "2026-01-12",
    sections: [
      {
        key: "purpose",
        heading: "I. MỤC ĐÍCH, YÊU CẦU",
        text: "Kiểm tra, giám sát việc thực hiện nghị quyết đại hội các chi bộ trực thuộc nhiệm kỳ 2025–2027; phát hiện, chấn chỉnh kịp thời hạn chế.",
      },
      {
        key: "content",
        heading: "II. NỘI DUNG, NHIỆM VỤ",
        text: "| Chi bộ | Nội dung | Thời gian | Phụ trách |\n| Chi bộ Khoa Lý luận cơ sở | Chất lượng sinh hoạt chi bộ | Quý II | Lâm Văn Thành |\n| Chi bộ Khoa Xây dựng Đảng | Thực hiện chương trình hành động | Quý III | Mai Thị Hoa |",
      },
      {
        key: "implementation",
        heading: "III. TỔ CHỨC THỰC HIỆN",
        text: "Ủy ban Kiểm tra Đảng ủy giúp Đảng ủy tổ chức thực hiện kế hoạch; báo cáo kết quả tại hội nghị Đảng ủy cuối năm.",
      },
    ],
  });
}

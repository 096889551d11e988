import type { Actor } from "../../core/access/index.js";
import type { Tx } from "../../core/db/index.js";
import { formatDate } from "../../core/i18n/index.js";
import { issueNewDocument } from "../documents/operations.js";
import type { DocumentSummary } from "../documents/store.js";
import type { OrganizationRow } from "../organizations/store.js";
import type { Ledger } from "./ledger.js";
import { formatDong, monthLabel } from "./model.js";

/** Documents of the register issued for a handover are found by this origin and the handover's cell and month. */
export const HANDOVER_ORIGIN = "dues-handover";

const KIND_LABEL = {
  salary: "Lương",
  sick_leave: "Trợ cấp ốm đau, thai sản",
  pension: "Lương hưu",
  student: "Học sinh, sinh viên",
  other: "Khác",
} as const;

/**
 * The report that goes up with the month's sum ("Báo cáo thu, nộp đảng phí tháng …"): the cell's totals and one
 * line per member, issued through the document register (numbered, rendered in the official layout, frozen).
 */
export async function issueHandoverReport(
  tx: Tx,
  actor: Actor,
  cell: OrganizationRow,
  ledger: Ledger,
  handedOn: string,
): Promise<DocumentSummary> {
  const t = ledger.totals;
  const month = monthLabel(ledger.month);
  const rows = ledger.lines.map(
    (l, i) =>
      `| ${i + 1} | ${l.fullName} | ${l.basisKind ? KIND_LABEL[l.basisKind] : "—"} | ${
        l.due === null ? "—" : formatDong(l.due)
      } | ${l.payment ? formatDong(l.payment.amount) : l.exemption ? "Miễn" : "Chưa nộp"} |`,
  );
  const sections = [
    {
      key: "results",
      heading: "I. KẾT QUẢ THU ĐẢNG PHÍ",
      text: [
        `Tháng ${month}, chi bộ có ${t.members} đảng viên; ${t.owing} đồng chí phải đóng, ${t.exempt} đồng chí được miễn.`,
        `Đã thu của ${t.paid} đồng chí, tổng số tiền ${formatDong(t.collected)} (phải thu ${formatDong(t.due)}).`,
        "",
        "| STT | Họ và tên | Căn cứ | Phải đóng | Đã nộp |",
        ...rows,
      ].join("\n"),
    },
    {
      key: "handover",
      heading: "II. NỘP LÊN CẤP TRÊN",
      text: `Ngày ${formatDate(handedOn)}, chi bộ nộp lên Đảng ủy số tiền ${formatDong(t.collected)} đảng phí tháng ${month}.`,
    },
  ];
  return issueNewDocument(
    tx,
    actor,
    cell,
    {
      type: "BC",
      // Not a template of the register: the body is composed here from the ledger.
      templateKey: "dues-report",
      summary: `thu, nộp đảng phí tháng ${month}`,
      sections,
      recipients: ["- Đảng ủy (để b/c),"],
      origin: HANDOVER_ORIGIN,
      originRef: `${cell.id}:${ledger.month}`,
    },
    handedOn,
  );
}

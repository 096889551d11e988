import type { Actor } from "../../core/access/index.js";
import type { Tx } from "../../core/db/index.js";
import { addDays, addMonths } from "../../core/time.js";
import { findOrganizationByCode } from "../organizations/store.js";
import { commentOnStay, createStay, transferIn, transferOut } from "./operations.js";

/**
 * The demo đảng bộ's moves across its edge, dated from today so the page always looks current: Đinh Văn Khánh leaving
 * for the Sở Nội vụ with his giấy giới thiệu issued a week ago (still valid, so it can be withdrawn); a lecturer of
 * the Đà Lạt university staying with CB-NNPL for six months (listed apart, not counted); a member received from the
 * Sở Giáo dục last month; and Đỗ Văn Hải of CB-LLCS working at CB-QLDT, whose host has commented — CB-LLCS reads the
 * comment at its year-end review.
 */
export async function loadTransfersDemo(
  tx: Tx,
  memberIds: Map<string, string>,
  today: string,
  officeUserId: string,
): Promise<void> {
  const root = (await findOrganizationByCode(tx, "DB-TCT"))!;
  const nnpl = (await findOrganizationByCode(tx, "CB-NNPL"))!;
  const xdd = (await findOrganizationByCode(tx, "CB-XDD"))!;
  const qldt = (await findOrganizationByCode(tx, "CB-QLDT"))!;
  // The office of the đảng ủy records them, as its account (the letter is a document it created).
  const office: Actor = {
    userId: officeUserId,
    username: "vanphong",
    displayName: "Văn phòng Đảng ủy",
    memberId: null,
    isAdmin: false,
    locale: "vi",
    mustChangePassword: false,
    scopes: [{ role: "manager", organizationId: root.id, path: root.path, subtree: true }],
    sessionId: "",
    csrfToken: "",
  };

  await transferOut(
    tx,
    office,
    root,
    {
      memberId: memberIds.get("Đinh Văn Khánh")!,
      counterpart: "Đảng bộ Sở Nội vụ tỉnh Lâm Đồng",
      decisionRef: "Quyết định điều động số 412/QĐ-UBND",
      decisionOn: addDays(today, -20),
      reason: "chuyển công tác",
      letterIssuedOn: addDays(today, -7),
      lateReason: null,
    },
    today,
  );

  await createStay(tx, office, root, {
    memberId: null,
    fullName: "Trần Minh Khoa",
    dateOfBirth: "1988-04-12",
    homeName: "Chi bộ Khoa Lý luận chính trị, Đảng bộ Trường Đại học Đà Lạt",
    hostOrganizationId: nnpl.id,
    hostName: null,
    purpose: "work",
    startsOn: addMonths(today, -2),
    endsOn: addMonths(today, 4),
    letterNumber: "15-GT/ĐU",
  });

  await transferIn(
    tx,
    office,
    root,
    {
      cellId: xdd.id,
      counterpart: "Đảng bộ Sở Giáo dục và Đào tạo tỉnh Lâm Đồng",
      letterNumber: "27-GT/ĐU",
      letterIssuedOn: addDays(today, -45),
      presentedOn: addDays(today, -40),
      lateReason: null,
      fullName: "Nguyễn Thị Minh Thư",
      status: "full",
      cardNumber: "79002451",
      dateOfBirth: "1986-09-03",
      gender: "female",
      admissionDate: "2012-05-19",
      officialDate: "2013-05-19",
      unit: "Khoa Xây dựng Đảng",
    },
    today,
  );

  const away = await createStay(tx, office, root, {
    memberId: memberIds.get("Đỗ Văn Hải")!,
    fullName: null,
    dateOfBirth: null,
    homeName: null,
    hostOrganizationId: qldt.id,
    hostName: null,
    purpose: "work",
    startsOn: addMonths(today, -5),
    endsOn: addMonths(today, 4),
    letterNumber: null,
  });
  await commentOnStay(
    tx,
    office,
    away,
    {
      comment:
        "Đồng chí chấp hành tốt sự phân công, tham gia đầy đủ sinh hoạt chi bộ, hoàn thành tốt nhiệm vụ được giao " +
        "ở Phòng Quản lý đào tạo - NCKH.",
      commentedOn: addDays(today, -3),
      version: away.version,
    },
    today,
  );
}

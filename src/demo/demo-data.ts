import { renderPendingIssuedFiles } from "../modules/documents/issued-files.js";
import { sql } from "drizzle-orm";
import type { Database, Tx } from "../core/db/index.js";
import { grants } from "../core/access/schema.js";
import { addMonths, todayIso } from "../core/time.js";
import { users } from "../modules/accounts/schema.js";
import { hashPassword } from "../modules/accounts/passwords.js";
import { members, memberTransfers } from "../modules/members/schema.js";
import { normalizeName, vietnameseSortKey } from "../modules/members/names.js";
import { searchTextOf } from "../modules/members/store.js";
import { organizations, oversights, positions, terms } from "../modules/organizations/schema.js";
import { childPath, type PositionRole } from "../modules/organizations/model.js";

import { loadMeetingDemo } from "../modules/meetings/demo.js";

import { loadPlansDemo } from "../modules/plans/demo.js";

import { loadDocumentsDemo } from "../modules/documents/demo.js";

import { loadEvaluationsDemo } from "../modules/evaluations/demo.js";

import { loadAdmissionsDemo } from "../modules/admissions/demo.js";
import { loadDuesDemo } from "../modules/dues/demo.js";
import { loadInspectionsDemo } from "../modules/inspections/demo.js";
import { loadMassOrganizationsDemo } from "../modules/mass-organizations/demo.js";
import { loadStudiesDemo } from "../modules/studies/demo.js";
import { loadTransfersDemo } from "../modules/transfers/demo.js";
import { loadCongressesDemo } from "../modules/congresses/demo.js";

/**
 * The demo organisation tells the story of seed [000]: the Đảng bộ Trường Chính trị tỉnh Lâm Đồng
 * (term 2020–2025), whose five cells all held their congresses for 2020–2022 by 21/02/2020.
 * Every person is invented. The password is printed at start and is for trying chibo only.
 */
export const DEMO_PASSWORD = "demo-chibo-2026";

export interface DemoAccount {
  username: string;
  password: string;
  who: string;
}

type CellSpec = {
  code: string;
  name: string;
  congress: string;
  members: [fullName: string, gender: "male" | "female", role?: PositionRole | "probationary"][];
};

const CELLS: CellSpec[] = [
  {
    code: "CB-LLCS",
    name: "Chi bộ Khoa Lý luận cơ sở",
    congress: "2020-02-12",
    members: [
      ["Nguyễn Thị Thu Hà", "female", "secretary"],
      ["Trần Quốc Bảo", "male", "deputy_secretary"],
      ["Lê Thị Ngọc Ánh", "female", "committee_member"],
      ["Phạm Văn Đức", "male"],
      ["Hoàng Thị Mai", "female"],
      ["Võ Minh Tuấn", "male"],
      ["Đặng Thị Hồng Nhung", "female"],
      ["Bùi Văn An", "male"],
      ["Ngô Thị Lan", "female"],
      ["Đỗ Văn Hải", "male"],
      ["Huỳnh Thị Kim Oanh", "female", "probationary"],
      ["Nguyễn Văn An", "male"],
    ],
  },
  {
    code: "CB-XDD",
    name: "Chi bộ Khoa Xây dựng Đảng",
    congress: "2020-02-14",
    members: [
      ["Trần Văn Hùng", "male", "secretary"],
      ["Phan Thị Thanh Hương", "female", "deputy_secretary"],
      ["Lý Văn Phúc", "male"],
      ["Dương Thị Bích Ngọc", "female"],
      ["Tạ Quang Vinh", "male"],
      ["Cao Thị Yến", "female", "probationary"],
    ],
  },
  {
    code: "CB-NNPL",
    name: "Chi bộ Khoa Nhà nước và Pháp luật",
    congress: "2020-02-17",
    members: [
      ["Lâm Văn Thành", "male", "secretary"],
      ["Mai Thị Hoa", "female", "deputy_secretary"],
      ["Châu Văn Lộc", "male"],
      ["Trịnh Thị Thảo", "female"],
      ["Kiều Văn Sơn", "male"],
    ],
  },
  {
    code: "CB-TCHC",
    name: "Chi bộ Phòng Tổ chức - Hành chính",
    congress: "2020-02-19",
    members: [
      ["Hồ Thị Phương", "female", "secretary"],
      ["Lương Văn Toàn", "male", "deputy_secretary"],
      ["Vương Thị Diệu Linh", "female"],
      ["Đinh Văn Khánh", "male"],
    ],
  },
  {
    code: "CB-QLDT",
    name: "Chi bộ Phòng Quản lý đào tạo - Nghiên cứu khoa học",
    congress: "2020-02-21",
    members: [
      ["Quách Văn Long", "male", "secretary"],
      ["Âu Thị Minh Châu", "female", "deputy_secretary"],
      ["Tôn Thất Nam", "male"],
      ["Ung Thị Xuân", "female"],
      ["Khúc Văn Quang", "male", "probationary"],
    ],
  },
];

const UNITS: Record<string, string> = {
  "CB-LLCS": "Khoa Lý luận cơ sở",
  "CB-XDD": "Khoa Xây dựng Đảng",
  "CB-NNPL": "Khoa Nhà nước và Pháp luật",
  "CB-TCHC": "Phòng Tổ chức - Hành chính",
  "CB-QLDT": "Phòng Quản lý đào tạo - Nghiên cứu khoa học",
};

/** A deterministic pseudo-random sequence, so the demo looks the same every time. */
function sequence(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

export async function isEmpty(database: Database): Promise<boolean> {
  const [row] = await database.rows<{ n: number }>(
    sql`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM organizations) AS n`,
  );
  return Number(row?.n ?? 0) === 0;
}

/** Removes every row from every table: only for `chibo demo` and tests. */
export async function wipe(tx: Tx): Promise<void> {
  await tx.execute(
    sql`TRUNCATE sessions, users, grants, audit_events, local_rulebooks, oversights, positions, terms, member_transfers, members, organizations RESTART IDENTITY CASCADE`,
  );
}

export async function loadDemo(database: Database): Promise<DemoAccount[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const today = todayIso();
  const random = sequence(20200221);
  const accounts = await database.db.transaction(async (tx) => {
    await wipe(tx);
    const rootId = crypto.randomUUID();
    const rootPath = childPath(null, rootId);
    await tx.insert(organizations).values({
      id: rootId,
      path: rootPath,
      kind: "party_committee",
      name: "Đảng bộ Trường Chính trị tỉnh Lâm Đồng",
      code: "DB-TCT",
      abbreviation: "ĐU",
      superiorName: "ĐẢNG BỘ TỈNH LÂM ĐỒNG",
      place: "Lâm Đồng",
    });
    await tx.insert(terms).values([
      { organizationId: rootId, label: "2020–2025", startsOn: "2020-06-20", endsOn: "2025-06-20" },
      { organizationId: rootId, label: "2025–2030", startsOn: "2025-06-20", endsOn: "2030-06-20" },
    ]);

    const accounts: DemoAccount[] = [];
    const memberIds = new Map<string, string>();
    let card = 79_001_000;
    for (const [cellIndex, cell] of CELLS.entries()) {
      const cellId = crypto.randomUUID();
      await tx.insert(organizations).values({
        id: cellId,
        parentId: rootId,
        path: childPath(rootPath, cellId),
        kind: "cell",
        name: cell.name,
        code: cell.code,
        abbreviation: "CB",
        place: "Lâm Đồng",
      });
      const [term] = await tx
        .insert(terms)
        .values([
          { organizationId: cellId, label: "2020–2022", startsOn: cell.congress, endsOn: "2022-03-15" },
          { organizationId: cellId, label: "2022–2025", startsOn: "2022-03-15", endsOn: "2025-03-20" },
          { organizationId: cellId, label: "2025–2027", startsOn: "2025-03-20", endsOn: "2027-03-20" },
        ])
        .returning();
      for (const [i, [name, gender, role]] of cell.members.entries()) {
        const fullName = normalizeName(name);
        const birthYear = 1968 + Math.floor(random() * 27);
        const dateOfBirth = `${birthYear}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
        const probationary = role === "probationary";
        // Probationary members are placed so the demo always shows one due soon and one overdue.
        const ceremonyDate = probationary
          ? addMonths(today, cellIndex === 0 ? -11 : cellIndex === 1 ? -13 : -4)
          : `${birthYear + 25 + Math.floor(random() * 8)}-05-19`;
        const admissionDate = probationary ? addMonths(ceremonyDate, -1) : ceremonyDate;
        const fields = {
          organizationId: cellId,
          fullName,
          status: probationary ? ("probationary" as const) : ("full" as const),
          cardNumber: probationary ? null : String(card++),
          dateOfBirth,
          gender,
          ethnicity: i % 7 === 3 ? "K'Ho" : "Kinh",
          education: i % 3 === 0 ? "Thạc sĩ" : "Đại học",
          admissionDate,
          ceremonyDate,
          officialDate: probationary ? null : addMonths(ceremonyDate, 12),
          phone: `09${String(10_000_000 + Math.floor(random() * 89_999_999))}`,
          email: null,
          unit: UNITS[cell.code]!,
        };
        const [m] = await tx
          .insert(members)
          .values({ ...fields, sortKey: vietnameseSortKey(fullName), searchText: searchTextOf(fields) })
          .returning();
        memberIds.set(fullName, m!.id);
        await tx
          .insert(memberTransfers)
          .values({ memberId: m!.id, toOrganizationId: cellId, transferredOn: "2020-01-01", note: "create" });
        if (role && role !== "probationary") {
          await tx
            .insert(positions)
            .values({ organizationId: cellId, termId: term!.id, memberId: m!.id, role, startsOn: cell.congress });
        }
      }
    }

    const account = async (
      username: string,
      who: string,
      memberName: string | null,
      extra: Partial<typeof users.$inferInsert> = {},
    ) => {
      const memberId = memberName ? memberIds.get(memberName)! : null;
      const [u] = await tx
        .insert(users)
        .values({ username, displayName: memberName ?? who, passwordHash, memberId, ...extra })
        .returning();
      accounts.push({ username, password: DEMO_PASSWORD, who });
      return u!;
    };

    // Đảng ủy: its secretary, a member who follows two cells, and the inspection committee chair.
    await tx.insert(positions).values([
      { organizationId: rootId, memberId: memberIds.get("Quách Văn Long")!, role: "secretary", startsOn: "2020-06-20" },
      {
        organizationId: rootId,
        memberId: memberIds.get("Lâm Văn Thành")!,
        role: "committee_member",
        startsOn: "2020-06-20",
      },
      {
        organizationId: rootId,
        memberId: memberIds.get("Mai Thị Hoa")!,
        role: "committee_member",
        startsOn: "2020-06-20",
      },
      {
        organizationId: rootId,
        memberId: memberIds.get("Hồ Thị Phương")!,
        role: "inspection_chair",
        startsOn: "2020-06-20",
      },
    ]);
    const follows: [string, string][] = [
      ["Lâm Văn Thành", "CB-LLCS"],
      ["Lâm Văn Thành", "CB-QLDT"],
      ["Mai Thị Hoa", "CB-XDD"],
      ["Mai Thị Hoa", "CB-TCHC"],
    ];
    for (const [name, code] of follows) {
      const [cell] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(sql`${organizations.code} = ${code}`);
      await tx
        .insert(oversights)
        .values({ memberId: memberIds.get(name)!, organizationId: cell!.id, startsOn: "2020-06-20" });
    }

    await account("bithu.llcs", "Bí thư Chi bộ Khoa Lý luận cơ sở", "Nguyễn Thị Thu Hà");
    await account("phobithu.llcs", "Phó Bí thư Chi bộ Khoa Lý luận cơ sở", "Trần Quốc Bảo");
    await account("chiuy.llcs", "Chi ủy viên Chi bộ Khoa Lý luận cơ sở", "Lê Thị Ngọc Ánh");
    await account("dangvien.llcs", "Đảng viên Chi bộ Khoa Lý luận cơ sở", "Phạm Văn Đức");
    await account("bithu.xdd", "Bí thư Chi bộ Khoa Xây dựng Đảng", "Trần Văn Hùng");
    await account("dangvien.xdd", "Đảng viên Chi bộ Khoa Xây dựng Đảng", "Lý Văn Phúc");
    await account(
      "danguyvien",
      "Đảng ủy viên phụ trách Chi bộ Khoa Lý luận cơ sở và Chi bộ Phòng Quản lý đào tạo - NCKH",
      "Lâm Văn Thành",
    );
    await account(
      "danguyvien2",
      "Đảng ủy viên phụ trách Chi bộ Khoa Xây dựng Đảng và Chi bộ Phòng Tổ chức - Hành chính",
      "Mai Thị Hoa",
    );
    await account("bithu.danguy", "Bí thư Đảng ủy, Bí thư Chi bộ Phòng Quản lý đào tạo - NCKH", "Quách Văn Long");
    await account("ubkt", "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy", "Hồ Thị Phương");
    const office = await account("vanphong", "Văn phòng Đảng ủy", null, { displayName: "Văn phòng Đảng ủy" });
    await tx.insert(grants).values({ userId: office.id, organizationId: rootId, role: "office" });
    await account("quantri", "Quản trị hệ thống", null, { displayName: "Quản trị hệ thống", isAdmin: true });
    await loadMeetingDemo(tx, today);

    await loadPlansDemo(tx, memberIds, today);

    await loadDocumentsDemo(tx);

    await loadEvaluationsDemo(tx, today);

    await loadAdmissionsDemo(tx, memberIds);
    await loadInspectionsDemo(tx, memberIds, today);
    await loadMassOrganizationsDemo(tx, memberIds, today);
    await loadStudiesDemo(tx, today);
    await loadDuesDemo(tx, today);
    await loadTransfersDemo(tx, memberIds, today, office.id);
    await loadCongressesDemo(tx, today);

    return accounts;
  });
  // The demo's issued documents have their files before anyone opens them (ADR 0177), as a restored backup would.
  for (let round = 0; round < 100 && (await renderPendingIssuedFiles(database)) > 0; round++);
  return accounts;
}

import ExcelJS from "exceljs";
import type { Session, TestServer } from "./server.js";

/**
 * Records shared by the access-matrix rows of the plans routes: CB-LLCS's congress, a resolution with a target,
 * a programme with an item, and a task for dangvien.llcs (Phạm Văn Đức) with one progress report carrying evidence.
 */
export interface PlansFixture {
  congress: string;
  resolution: string;
  target: string;
  plan: string;
  item: string;
  task: string;
  update: string;
  review: string;
  personalPlan: string;
}

// One fixture per server: test files share this module (ADR 0173), each with its own server and database.
const cached = new WeakMap<TestServer, Promise<PlansFixture>>();
let n = 0;

async function json(s: TestServer, as: Session, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) {
  const res = await s.request(as, { method, url, payload: payload as object });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export function plansFixture(s: TestServer): Promise<PlansFixture> {
  const known = cached.get(s);
  if (known) return known;
  const made = (async () => {
    const office = await s.signIn("vanphong");
    const cell = await s.orgId("CB-LLCS");
    const ha = await s.memberId("Nguyễn Thị Thu Hà");
    const duc = await s.memberId("Phạm Văn Đức");
    // The demo's congress of CB-LLCS when it exists, else one recorded here.
    const existing = (await json(s, office, "GET", `/api/organizations/${cell}/congresses`)).items.find(
      (c: { heldOn: string }) => c.heldOn === "2025-03-20",
    );
    const congress =
      existing ??
      (await json(s, office, "POST", `/api/organizations/${cell}/congresses`, {
        heldOn: "2025-03-20",
        termLabel: "2025–2027",
        termEndsOn: "2027-03-20",
        delegatesTotal: 12,
        delegatesPresent: 12,
        elected: [{ memberId: ha, role: "secretary" }],
      }));
    const resolution = await json(s, office, "POST", `/api/organizations/${cell}/resolutions`, {
      kind: "congress",
      title: "Nghị quyết thử",
      congressId: congress.id,
      targets: [{ name: "Chỉ tiêu thử", measureUnit: "%", baseline: 0, goal: 100 }],
    });
    const plan = await json(s, office, "POST", `/api/organizations/${cell}/plans`, {
      kind: "programme",
      title: "Chương trình thử",
      resolutionId: resolution.id,
      startsOn: "2025-03-20",
      endsOn: "2099-12-31",
    });
    const item = await json(s, office, "POST", `/api/plans/${plan.id}/items`, {
      what: "Nội dung thử",
      dueOn: "2099-12-31",
      responsibleMemberId: duc,
      targetIds: [resolution.targets[0].id],
    });
    const task = await json(s, office, "POST", `/api/organizations/${cell}/tasks`, {
      title: "Việc thử",
      responsibleMemberId: duc,
      startsOn: "2026-01-01",
      dueOn: "2099-12-31",
      source: { kind: "plan_item", id: item.id },
    });
    await json(s, office, "POST", `/api/tasks/${task.id}/progress`, {
      percent: 10,
      note: "Bắt đầu",
      evidence: { name: "a.txt", type: "text/plain", base64: Buffer.from("minh chứng").toString("base64") },
      version: 1,
    });
    const detail = await json(s, office, "GET", `/api/tasks/${task.id}`);
    const review = await json(s, office, "POST", `/api/organizations/${cell}/reviews`, {
      kind: "monthly",
      periodStart: "2026-10-01",
      periodEnd: "2026-10-31",
    });
    const member = await s.signIn("dangvien.llcs");
    const personal = await json(s, member, "POST", `/api/organizations/${cell}/personal-plans`, {
      year: 2099,
      items: [{ what: "Việc cá nhân thử" }],
    });
    return {
      congress: congress.id,
      resolution: resolution.id,
      target: resolution.targets[0].id,
      plan: plan.id,
      item: item.id,
      task: task.id,
      update: detail.updates[0].id,
      review: review.id,
      personalPlan: personal.id,
    };
  })();
  cached.set(s, made);
  return made;
}

/** A congress with no checklist (long before the checklist rulebook), for rows that change a congress once. */
export async function freshCongress(s: TestServer): Promise<{ id: string; version: number }> {
  const office = await s.signIn("vanphong");
  const year = 1950 + n++;
  const c = await json(s, office, "POST", `/api/organizations/${await s.orgId("CB-LLCS")}/congresses`, {
    heldOn: `${year}-01-01`,
    termLabel: `${year}`,
    termEndsOn: `${year}-06-30`,
    delegatesTotal: 3,
    delegatesPresent: 3,
    elected: [{ memberId: await s.memberId("Nguyễn Thị Thu Hà"), role: "secretary" }],
  });
  return { id: c.id, version: c.version };
}

export function congressPayload(year: number, secretaryId: string) {
  return {
    heldOn: `${year}-01-01`,
    termLabel: `${year}`,
    termEndsOn: `${year}-06-30`,
    delegatesTotal: 3,
    delegatesPresent: 3,
    elected: [{ memberId: secretaryId, role: "secretary" }],
  };
}

export async function freshResolution(s: TestServer) {
  const office = await s.signIn("vanphong");
  return json(s, office, "POST", `/api/organizations/${await s.orgId("CB-LLCS")}/resolutions`, {
    kind: "thematic",
    title: `Nghị quyết chuyên đề ${n++}`,
  });
}

export async function freshPlan(s: TestServer) {
  const office = await s.signIn("vanphong");
  return json(s, office, "POST", `/api/organizations/${await s.orgId("CB-LLCS")}/plans`, {
    kind: "yearly",
    title: `Kế hoạch thử ${n++}`,
    startsOn: "2099-01-01",
    endsOn: "2099-12-31",
  });
}

export async function freshItem(s: TestServer) {
  const office = await s.signIn("vanphong");
  const f = await plansFixture(s);
  return json(s, office, "POST", `/api/plans/${f.plan}/items`, {
    what: `Nội dung ${n++}`,
    dueOn: "2099-06-30",
    responsibleUnit: "Tổ đảng 1",
  });
}

export async function nextOpenChecklistItem(s: TestServer) {
  const office = await s.signIn("vanphong");
  const f = await plansFixture(s);
  const list = await json(s, office, "GET", `/api/organizations/${await s.orgId("CB-LLCS")}/congresses`);
  const congress = list.items.find((c: { id: string }) => c.id === f.congress);
  return congress.checklist.find((i: { done: boolean }) => !i.done) as { id: string; version: number };
}

export async function progressSheet(s: TestServer): Promise<Buffer> {
  const office = await s.signIn("vanphong");
  const res = await s.request(office, {
    method: "GET",
    url: `/api/organizations/${await s.orgId("CB-LLCS")}/tasks.xlsx`,
  });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function nextCounter(): number {
  return n++;
}

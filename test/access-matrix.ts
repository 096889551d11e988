/**
 * Who may call which route on the demo's Chi bộ Khoa Lý luận cơ sở (CB-LLCS) and its members.
 * One row per route; a route without a row fails the access-matrix test.
 *
 * Actors (demo accounts):
 *   anonymous          nobody signed in
 *   memberSame         dangvien.llcs — ordinary member of CB-LLCS
 *   memberOther        dangvien.xdd  — ordinary member of CB-XDD
 *   secretarySame      bithu.llcs    — secretary of CB-LLCS
 *   secretaryOther     bithu.xdd     — secretary of CB-XDD
 *   committeeOther     danguyvien2   — đảng ủy member who does not oversee CB-LLCS
 *   overseer           danguyvien    — đảng ủy member who oversees CB-LLCS
 *   office             vanphong      — office of the đảng ủy (grant over the whole đảng bộ)
 *   inspector          ubkt          — chair of the inspection committee
 */
export const ACTORS = {
  anonymous: null,
  memberSame: "dangvien.llcs",
  memberOther: "dangvien.xdd",
  secretarySame: "bithu.llcs",
  secretaryOther: "bithu.xdd",
  committeeOther: "danguyvien2",
  overseer: "danguyvien",
  office: "vanphong",
  inspector: "ubkt",
} as const;
export type ActorName = keyof typeof ACTORS;

/** ok = the handler ran (2xx, or the row's own status); 401/403/404 = refused. */
export type Outcome = "ok" | 401 | 403 | 404;

type Policy = Record<ActorName, Outcome>;
const policy = (ok: ActorName[], forbidden: ActorName[]): Policy => {
  const all = Object.keys(ACTORS) as ActorName[];
  return Object.fromEntries(
    all.map((a) => [a, a === "anonymous" ? 401 : ok.includes(a) ? "ok" : forbidden.includes(a) ? 403 : 404]),
  ) as Policy;
};

const signedIn = policy(
  ["memberSame", "memberOther", "secretarySame", "secretaryOther", "committeeOther", "overseer", "office", "inspector"],
  [],
);
export const POLICIES = {
  public: { ...signedIn, anonymous: "ok" } as Policy,
  signedIn,
  /** org.view / member.list on CB-LLCS */
  viewCell: policy(["memberSame", "secretarySame", "overseer", "office", "inspector"], []),
  /** member.view, audit.view */
  memberDetail: policy(["secretarySame", "overseer", "office", "inspector"], ["memberSame"]),
  /** roster.export needs member.view too; the UBKT reads but does not export */
  rosterExport: policy(["secretarySame", "overseer", "office"], ["memberSame", "inspector"]),
  /** member.manage, committee.manage, roster.import */
  manageCell: policy(["secretarySame", "office"], ["memberSame", "overseer", "inspector"]),
  /** org.manage, account.manage */
  officeOnly: policy(["office"], ["memberSame", "secretarySame", "overseer", "inspector"]),
  /** a notice addressed to dangvien.llcs: only its owner reads it; for anyone else it does not exist */
  ownNotice: policy(["memberSame"], []),
  /** approving minutes: only the meeting's chair (bithu.llcs) and minute-taker (dangvien.llcs in the fixture) */
  chairOrTaker: policy(["secretarySame", "memberSame"], ["overseer", "office", "inspector"]),
  /** the whole database: administrators alone (none among these actors), not even the office of the đảng bộ */
  backup: policy(
    [],
    [
      "memberSame",
      "memberOther",
      "secretarySame",
      "secretaryOther",
      "committeeOther",
      "overseer",
      "office",
      "inspector",
    ],
  ),
  /** whether backups are current: whoever runs the installation (an office, an administrator) */
  backupStatus: policy(
    ["office"],
    ["memberSame", "memberOther", "secretarySame", "secretaryOther", "committeeOther", "overseer", "inspector"],
  ),
  /** document.comment: members, committee, overseer; the UBKT reads but does not comment */
  commentCell: policy(["memberSame", "secretarySame", "overseer", "office"], ["inspector"]),
  /** progress on a task: its responsible member (dangvien.llcs) and whoever manages the cell's plans */
  reportProgress: policy(["memberSame", "secretarySame", "office"], ["overseer", "inspector"]),
  /** a member's own personal work plan, registered in their own cell */
  ownCellMember: policy(["memberSame", "secretarySame"], ["overseer", "office", "inspector"]),
  /** evaluation.decide on the đảng bộ: its office (and the đảng ủy's secretary, not among these actors) */
  decideEvaluations: policy(["office"], ["committeeOther", "overseer", "inspector"]),
  /** evaluation.view on the đảng bộ: the office and the UBKT read every cell's scores */
  viewEvaluations: policy(["office", "inspector"], ["committeeOther", "overseer"]),
  /** a member's own self-assessment (dangvien.llcs): nobody else writes it, not even the office */
  ownSelfAssessment: policy(["memberSame"], ["secretarySame", "overseer", "office", "inspector"]),
  /** evaluation.self on CB-LLCS: its members and committee read the published levels; readers of scores do not */
  cellResults: policy(["memberSame", "secretarySame", "office"], ["overseer", "inspector"]),
  /** comments and directions on a cell's tasks and months: its committee, its overseer, the office; not the UBKT */
  directCell: policy(["secretarySame", "overseer", "office"], ["memberSame", "inspector"]),
  /** member.manage on the đảng bộ: the đảng ủy decides admission and recognition (its office among these actors) */
  decideAdmissions: policy(["office"], ["committeeOther", "overseer", "inspector"]),
  /**
   * member.view on the đảng bộ: the admission pipeline of every cell, for the office and the UBKT; a đảng ủy member
   * reads the candidates of the cells they follow on each cell's list
   */
  viewPipeline: policy(["office", "inspector"], ["committeeOther", "overseer"]),
  // ── inspections ──
  /** the UBKT alone, on the đảng bộ: confidential intake and discipline proposals */
  inspectorOnRoot: policy(["inspector"], ["committeeOther", "overseer", "office"]),
  /** who opened a confidential file: the UBKT chair alone; for anyone else the log does not exist */
  inspectionChair: policy(["inspector"], []),
  /** the discipline file: the UBKT and the deciding committee (đảng ủy members), not the office */
  disciplineFile: policy(["inspector", "overseer", "committeeOther"], ["office"]),
  /** a discipline decision: the UBKT records it; the committee reads the file but does not write it */
  decideDiscipline: policy(["inspector"], ["overseer", "committeeOther"]),
  /** meeting.view on the đảng bộ: its office, its committee members and the UBKT, not the cells' members */
  studyOverview: policy(["office", "inspector", "overseer", "committeeOther"], []),
  /** an appeal received on paper: the UBKT records it; the member lodges their own through own-appeal */
  appealDiscipline: policy(["inspector"], ["memberSame", "overseer", "committeeOther"]),
  // ── inspections-documents ──
  /** a discipline decision's file: the member once decided, the UBKT and the đảng ủy; no one else knows it */
  disciplineDecisionFile: policy(["memberSame", "inspector", "overseer", "committeeOther"], []),
  /** the UBKT's report counts confidential cases: the UBKT and the đảng ủy read it; for others it does not exist */
  inspectionReport: policy(["inspector", "overseer", "committeeOther"], []),
  /** the UBKT writes and issues its report; the đảng ủy reads it */
  inspectionReportWrite: policy(["inspector"], ["overseer", "committeeOther"]),
  /** counting ballots: the counting board (dangvien.llcs in the fixture) and whoever runs the cell's congress */
  countBallots: policy(["memberSame", "secretarySame", "office"], ["overseer", "inspector"]),
  // ── dues ──
  /** a receipt of dangvien.llcs's payment: the payer, and whoever reads the cell's ledger (member.view) */
  ownReceipt: policy(["memberSame", "secretarySame", "overseer", "office", "inspector"], []),
  // ── inspections-supervision ──
  /** a routine supervision for the đảng ủy: each member over the cell they oversee, the office; not the UBKT's */
  routineSupervision: policy(["overseer", "committeeOther", "office"], ["inspector"]),
  // ── inspections-appeals ──
  /** the disciplined member's own appeal (dangvien.llcs); those who read the file may not lodge it for them */
  ownAppeal: policy(["memberSame"], ["inspector", "overseer", "committeeOther"]),
  /** an appeal's resolution: the UBKT records it; the member and the đảng ủy read it */
  resolveAppeal: policy(["inspector"], ["memberSame", "overseer", "committeeOther"]),
} satisfies Record<string, Policy>;
export type PolicyName = keyof typeof POLICIES;

export const MATRIX: Record<string, PolicyName> = {
  "GET /api/health": "public",
  "POST /api/auth/login": "public",
  "POST /api/auth/logout": "signedIn",
  "POST /api/auth/logout-everywhere": "signedIn",
  "GET /api/auth/me": "signedIn",
  "GET /api/auth/me/data": "signedIn",
  "POST /api/auth/password": "signedIn",
  "PUT /api/auth/locale": "signedIn",
  "POST /api/members/:id/account": "officeOnly",
  "POST /api/users/:id/reset-password": "officeOnly",
  "GET /api/members/:id/account": "officeOnly",
  "GET /api/organizations/:id/office-accounts": "officeOnly",
  "POST /api/organizations/:id/office-accounts": "officeOnly",
  "GET /api/organizations": "signedIn",
  "POST /api/organizations": "officeOnly",
  "GET /api/organizations/:id": "viewCell",
  "PUT /api/organizations/:id": "officeOnly",
  "POST /api/organizations/:id/move": "officeOnly",
  "POST /api/organizations/:id/close": "officeOnly",
  "POST /api/organizations/:id/terms": "manageCell",
  "POST /api/organizations/:id/positions": "manageCell",
  "POST /api/organizations/:id/positions/:itemId/end": "manageCell",
  "POST /api/organizations/:id/oversights": "officeOnly",
  "POST /api/organizations/:id/oversights/:itemId/end": "officeOnly",
  "GET /api/organizations/:id/audit": "memberDetail",
  "GET /api/organizations/:id/rulebooks/:kind": "viewCell",
  "POST /api/organizations/:id/rulebooks": "officeOnly",
  "GET /api/organizations/:id/members": "viewCell",
  "POST /api/members": "manageCell",
  "GET /api/members/:id": "memberDetail",
  "GET /api/members/:id/history": "memberDetail",
  "PUT /api/members/:id": "manageCell",
  "POST /api/members/:id/transfer": "manageCell",
  "POST /api/members/:id/leave": "manageCell",
  "POST /api/members/:id/status": "manageCell",
  "POST /api/organizations/:id/roster/preview": "manageCell",
  "POST /api/organizations/:id/roster/import": "manageCell",
  "GET /api/organizations/:id/roster.xlsx": "rosterExport",
  "GET /api/notices": "signedIn",
  "GET /api/backup": "backup",
  "GET /api/backup/status": "backupStatus",
  "GET /api/organizations/:id/export": "officeOnly",
  "POST /api/notices/read-all": "signedIn",
  "POST /api/notices/:id/read": "ownNotice",

  "GET /api/organizations/:id/meetings": "viewCell",
  "POST /api/organizations/:id/meetings": "manageCell",
  "GET /api/organizations/:id/meeting-overview": "viewCell",
  "GET /api/meetings/:id": "viewCell",
  "PUT /api/meetings/:id": "manageCell",
  "POST /api/meetings/:id/transition": "manageCell",
  "POST /api/meetings/:id/steps/:phase/:stepId": "manageCell",
  "PUT /api/meetings/:id/attendance/:memberId": "manageCell",
  "POST /api/meetings/:id/contributions": "manageCell",
  "PUT /api/meetings/:id/contributions/:itemId": "manageCell",
  "POST /api/meetings/:id/tasks": "manageCell",
  "POST /api/meetings/:id/votes": "manageCell",
  "POST /api/meetings/:id/approve": "chairOrTaker",
  "POST /api/meetings/:id/amendments": "manageCell",
  "GET /api/meetings/:id/minutes": "viewCell",
  "PUT /api/meetings/:id/score": "manageCell",
  "GET /api/meetings/:id/minutes/file/:format": "viewCell",
  "POST /api/meetings/:id/minutes/issue": "manageCell",
  "GET /api/members/:id/attendance": "memberDetail",
  "GET /api/calendar-feed": "signedIn",
  "POST /api/calendar-feed": "signedIn",
  "DELETE /api/calendar-feed": "signedIn",
  "GET /api/calendar/:file": "public",

  "GET /api/organizations/:id/congresses": "viewCell",
  "POST /api/organizations/:id/congresses": "manageCell",
  "POST /api/congresses/:id/submission": "manageCell",
  "POST /api/congresses/:id/ratification": "officeOnly",
  "POST /api/checklist-items/:id/complete": "manageCell",
  "GET /api/organizations/:id/checklists": "viewCell",
  "GET /api/organizations/:id/resolutions": "viewCell",
  "POST /api/organizations/:id/resolutions": "manageCell",
  "GET /api/resolutions/:id": "viewCell",
  "POST /api/resolutions/:id/transition": "manageCell",
  "POST /api/resolutions/:id/issue": "manageCell",
  "POST /api/resolutions/:id/targets": "manageCell",
  "POST /api/resolutions/:id/tasks": "manageCell",
  "POST /api/targets/:id/measurements": "manageCell",
  "GET /api/organizations/:id/plans": "viewCell",
  "POST /api/organizations/:id/plans": "manageCell",
  "GET /api/plans/:id": "viewCell",
  "POST /api/plans/:id/issue": "manageCell",
  "POST /api/plans/:id/items": "manageCell",
  "PUT /api/plan-items/:id": "manageCell",
  "POST /api/plan-items/:id/close": "manageCell",
  "DELETE /api/plan-items/:id": "manageCell",
  "GET /api/organizations/:id/personal-plans": "viewCell",
  "POST /api/organizations/:id/personal-plans": "ownCellMember",
  "POST /api/personal-plans/:id/review": "manageCell",
  "GET /api/organizations/:id/tasks": "viewCell",
  "POST /api/organizations/:id/tasks": "manageCell",
  "GET /api/me/tasks": "signedIn",
  "GET /api/tasks/:id": "viewCell",
  "PUT /api/tasks/:id": "manageCell",
  "POST /api/tasks/:id/progress": "reportProgress",
  "GET /api/task-updates/:id/evidence": "viewCell",
  "GET /api/organizations/:id/tasks.xlsx": "manageCell",
  "POST /api/organizations/:id/tasks/progress-preview": "manageCell",
  "POST /api/organizations/:id/tasks/progress-import": "manageCell",
  "GET /api/organizations/:id/dashboard": "viewCell",
  "GET /api/organizations/:id/dashboard/cells": "viewCell",
  "GET /api/organizations/:id/reviews": "viewCell",
  "POST /api/organizations/:id/reviews": "manageCell",
  "GET /api/reviews/:id": "viewCell",
  "PUT /api/reviews/:id": "manageCell",
  "POST /api/reviews/:id/issue": "manageCell",

  "GET /api/organizations/:id/documents": "viewCell",
  "POST /api/organizations/:id/documents": "manageCell",
  "POST /api/organizations/:id/documents/upload": "manageCell",
  "GET /api/documents/:id": "viewCell",
  "PUT /api/documents/:id": "manageCell",
  "POST /api/documents/:id/status": "manageCell",
  "POST /api/documents/:id/issue": "manageCell",
  "GET /api/documents/:id/file/:format": "viewCell",
  "POST /api/documents/:id/comments": "commentCell",
  "POST /api/documents/:id/comments/:commentId/resolve": "manageCell",
  "POST /api/documents/:id/opinion-report": "manageCell",

  "POST /api/organizations/:id/evaluation-periods": "decideEvaluations",
  "GET /api/organizations/:id/evaluation-periods": "viewEvaluations",
  "GET /api/evaluation-periods/:id": "viewEvaluations",
  "POST /api/evaluation-periods/:id/close": "decideEvaluations",
  "POST /api/evaluation-periods/:id/publish": "decideEvaluations",
  "GET /api/evaluation-periods/:id/decisions": "viewEvaluations",
  "GET /api/evaluation-periods/:id/cells": "viewEvaluations",
  "GET /api/evaluation-periods/:id/cells/:cellId": "memberDetail",
  "GET /api/evaluation-periods/:id/cells/:cellId/results": "cellResults",
  "GET /api/evaluation-subjects/:id": "viewCell",
  "GET /api/evaluation-subjects/:id/form": "ownSelfAssessment",
  "PUT /api/evaluation-subjects/:id/self-assessment": "ownSelfAssessment",
  "POST /api/evaluation-subjects/:id/comments": "manageCell",
  "POST /api/evaluation-subjects/:id/proposal": "manageCell",
  "POST /api/evaluation-subjects/:id/decision": "decideEvaluations",
  "POST /api/evaluation-subjects/:id/re-rank": "decideEvaluations",
  "GET /api/me/evaluations": "signedIn",
  "GET /api/members/:id/evaluations": "viewCell",
  "GET /api/evaluation-subjects/:id/file": "viewCell",
  "GET /api/evaluation-periods/:id/cells/:cellId/report/file": "memberDetail",
  "GET /api/evaluation-periods/:id/cells/:cellId/minutes/file": "memberDetail",
  "GET /api/evaluation-periods/:id/decision/file": "viewEvaluations",
  "GET /api/evaluation-periods/:id/decision-list/file": "viewEvaluations",
  "GET /api/evaluation-periods/:id/notice/file": "viewEvaluations",
  "GET /api/evaluation-periods/:id/summary/file": "viewEvaluations",
  "GET /api/evaluation-periods/:id/summary.xlsx": "viewEvaluations",
  "POST /api/evaluation-periods/:id/issue-decision": "decideEvaluations",
  "POST /api/meetings/:id/attendance/all-present": "manageCell",
  "GET /api/documents/:id/issue-check": "manageCell",
  "POST /api/evaluation-periods/:id/cells/:cellId/review-meeting": "manageCell",
  "GET /api/meetings/:id/evaluation-review": "viewCell",

  "POST /api/tasks/:id/extend": "manageCell",
  "GET /api/tasks/:id/comments": "directCell",
  "POST /api/tasks/:id/comments": "directCell",
  "GET /api/organizations/:id/month-comments": "directCell",
  "POST /api/organizations/:id/month-comments": "directCell",

  "GET /api/organizations/:id/candidates": "memberDetail",
  "POST /api/organizations/:id/candidates": "manageCell",
  "GET /api/candidates/:id": "memberDetail",
  "POST /api/candidates/:id/forms": "manageCell",
  "POST /api/candidates/:id/resolution": "manageCell",
  "POST /api/candidates/:id/decision": "decideAdmissions",
  "POST /api/candidates/:id/ceremony": "manageCell",
  "POST /api/candidates/:id/recognition-vote": "manageCell",
  "POST /api/candidates/:id/recognition-decision": "decideAdmissions",
  "GET /api/organizations/:id/admission-pipeline": "viewPipeline",
  // ── inspections ──
  "GET /api/organizations/:id/inspection-programmes": "viewCell",
  "POST /api/organizations/:id/inspection-programmes": "manageCell",
  "GET /api/inspection-programmes/:id": "viewCell",
  "POST /api/inspection-programmes/:id/items": "manageCell",
  "POST /api/inspection-programmes/:id/adopt": "manageCell",
  "GET /api/organizations/:id/inspections": "viewCell",
  "POST /api/organizations/:id/inspections": "manageCell",
  "POST /api/organizations/:id/denunciations": "inspectorOnRoot",
  "GET /api/inspections/:id": "viewCell",
  "POST /api/inspections/:id/steps": "manageCell",
  "GET /api/inspections/:id/openings": "inspectionChair",
  "POST /api/inspections/:id/findings": "manageCell",
  "POST /api/findings/:id/report": "reportProgress",
  "POST /api/findings/:id/close": "manageCell",
  "GET /api/organizations/:id/discipline": "disciplineFile",
  "POST /api/organizations/:id/discipline": "inspectorOnRoot",
  "POST /api/discipline/:id/decide": "decideDiscipline",
  "POST /api/discipline/:id/appeal": "appealDiscipline",
  "GET /api/organizations/:id/inspection-dashboard": "viewCell",
  // ── inspections-documents ──
  "GET /api/inspection-programmes/:id/file/:format": "viewCell",
  "GET /api/inspections/:id/file/:document/:format": "viewCell",
  "GET /api/discipline/:id/file/:format": "disciplineDecisionFile",
  "GET /api/organizations/:id/inspection-reports": "disciplineFile",
  "POST /api/organizations/:id/inspection-reports": "inspectorOnRoot",
  "GET /api/inspection-reports/:id": "inspectionReport",
  "PUT /api/inspection-reports/:id": "inspectionReportWrite",
  "POST /api/inspection-reports/:id/issue": "inspectionReportWrite",
  "GET /api/inspection-reports/:id/file/:format": "inspectionReport",
  // ── transfers ──
  "GET /api/organizations/:id/transfers": "memberDetail",
  "POST /api/organizations/:id/transfers/out": "decideAdmissions",
  "POST /api/organizations/:id/transfers/in": "decideAdmissions",
  "POST /api/organizations/:id/temporary-stays": "decideAdmissions",
  "POST /api/temporary-stays/:id/comment": "manageCell",
  // ── congress-preparation ──
  "GET /api/organizations/:id/congress-preparations": "viewCell",
  "POST /api/organizations/:id/congress-preparations": "manageCell",
  "GET /api/congress-preparations/:id": "viewCell",
  "PATCH /api/preparation-steps/:id": "manageCell",
  "POST /api/preparation-steps/:id/complete": "manageCell",
  "POST /api/congress-preparations/:id/drafts": "manageCell",
  "POST /api/congress-preparations/:id/minutes": "manageCell",
  "PUT /api/congress-preparations/:id/quotas": "manageCell",
  "PUT /api/congress-preparations/:id/cells/:cellId/delegates": "manageCell",
  "GET /api/organizations/:id/congress-delegates": "viewCell",
  "POST /api/congress-delegates/:id/credential": "manageCell",
  "POST /api/congress-delegates/:id/attendance": "manageCell",
  "PUT /api/congress-preparations/:id/day": "manageCell",
  "POST /api/congress-preparations/:id/current-item": "manageCell",
  "GET /api/congress-preparations/:id/hall": "viewCell",
  // ── elections ──
  "GET /api/organizations/:id/elections": "viewCell",
  "POST /api/organizations/:id/elections": "manageCell",
  "GET /api/elections/:id": "viewCell",
  "POST /api/elections/:id/rounds": "manageCell",
  "POST /api/election-rounds/:id/ballots": "countBallots",
  "GET /api/election-rounds/:id/missing": "countBallots",
  "POST /api/election-rounds/:id/tally": "countBallots",
  "POST /api/election-rounds/:id/release": "manageCell",
  "GET /api/election-rounds/:id/ballots/file": "manageCell",
  "GET /api/election-rounds/:id/minutes/file": "viewCell",
  "POST /api/organizations/:id/elections/congress": "manageCell",
  "GET /api/push/key": "signedIn",
  "PUT /api/push/subscription": "signedIn",
  "DELETE /api/push/subscription": "signedIn",
  // ── mass organisations and studies ──
  "GET /api/organizations/:id/mass-organizations": "viewCell",
  "POST /api/organizations/:id/mass-organizations": "manageCell",
  "GET /api/mass-organizations/:id": "viewCell",
  "PUT /api/mass-organizations/:id": "manageCell",
  "POST /api/mass-organizations/:id/sessions": "manageCell",
  "POST /api/mass-organizations/:id/introductions": "manageCell",
  "GET /api/organizations/:id/studies": "viewCell",
  "POST /api/organizations/:id/study-sessions": "manageCell",
  "GET /api/study-sessions/:id": "viewCell",
  "POST /api/study-sessions/:id/attendance": "manageCell",
  "POST /api/study-sessions/:id/reflection": "ownCellMember",
  "POST /api/study-sessions/:id/paper-reflections": "manageCell",
  "POST /api/study-sessions/:id/report": "manageCell",
  "GET /api/organizations/:id/study-overview": "studyOverview",
  // ── dues ──
  "GET /api/organizations/:id/dues": "memberDetail",
  "POST /api/organizations/:id/dues/payments": "manageCell",
  "POST /api/organizations/:id/dues/all-paid": "manageCell",
  "POST /api/organizations/:id/dues/handover": "manageCell",
  "POST /api/organizations/:id/dues/import": "manageCell",
  "POST /api/dues-payments/:id/cancel": "manageCell",
  "GET /api/dues-payments/:id/receipt": "ownReceipt",
  "GET /api/members/:id/dues-basis": "memberDetail",
  "POST /api/members/:id/dues-basis": "manageCell",
  "GET /api/organizations/:id/dues-collection": "viewPipeline",
  "GET /api/me/dues": "signedIn",
  "GET /api/meetings/:id/dues": "viewCell",
  // ── home-batch ──
  "GET /api/home": "signedIn",
  "GET /api/home/first": "signedIn",
  "GET /api/home/rest": "signedIn",
  // ── inspections-supervision ──
  "POST /api/organizations/:id/routine-supervisions": "routineSupervision",
  // ── inspections-appeals ──
  "POST /api/discipline/:id/own-appeal": "ownAppeal",
  "POST /api/discipline/:id/appeal-resolution": "resolveAppeal",
  "GET /api/me/discipline": "signedIn",
  "GET /api/discipline/:id/appeal-resolution/file/:format": "disciplineDecisionFile",
  // ── admission dossier files: personal data, the cell's committee and the office upload, member.view reads ──
  "POST /api/candidates/:id/form-files": "manageCell",
  "GET /api/admission-form-files/:id": "memberDetail",
  // ── transfers: cancelling ──
  "POST /api/party-transfers/:id/cancel": "decideAdmissions",
  "POST /api/temporary-stays/:id/cancel": "decideAdmissions",
  // ── election corrections ──
  "GET /api/election-rounds/:id/count": "countBallots",
  "GET /api/election-rounds/:id/ballots/:serial": "countBallots",
  "PUT /api/election-rounds/:id/ballots/:serial": "countBallots",
};

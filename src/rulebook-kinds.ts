import { registerRulebookKind } from "./core/rulebooks/index.js";
import { membershipRulesSchema } from "./modules/organizations/model.js";

// ── meetings imports (begin) ──
import { meetingRulesSchema } from "./modules/meetings/model.js";
// ── meetings imports (end) ──

// ── plans imports (begin) ──
import { checklistRulesSchema } from "./modules/congresses/model.js";
import { taskRulesSchema } from "./modules/tasks/model.js";
// ── plans imports (end) ──

// ── documents imports (begin) ──
import { layoutRulesSchema, templateRulesSchema } from "./modules/documents/model.js";
// ── documents imports (end) ──

// ── scoring imports (begin) ──
import { scoreSheetSchema } from "./modules/meetings/scoring.js";
// ── scoring imports (end) ──

/** Every kind of rulebook the modules define, with the schema its JSON must satisfy. */
export function registerRulebookKinds(): void {
  registerRulebookKind("membership", membershipRulesSchema);
  // ── meetings (begin) ──
  registerRulebookKind("meeting", meetingRulesSchema);
  // ── meetings (end) ──

  // ── plans (begin) ──
  registerRulebookKind("post-congress-checklist", checklistRulesSchema);
  registerRulebookKind("task-rules", taskRulesSchema);
  // ── plans (end) ──

  // ── documents (begin) ──
  registerRulebookKind("document-layout", layoutRulesSchema);
  registerRulebookKind("document-template", templateRulesSchema);
  // ── documents (end) ──

  // ── scoring (begin) ──
  registerRulebookKind("meeting-score", scoreSheetSchema);
  // Sheets a đảng ủy may adopt as its own (never in force by themselves): see ADR 0019.
  registerRulebookKind("meeting-score-example", scoreSheetSchema);
  // ── scoring (end) ──
}

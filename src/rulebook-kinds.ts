import { registerRulebookKind } from "./core/rulebooks/index.js";
import { membershipRulesSchema } from "./modules/organizations/model.js";

// ── meetings imports (begin) ──
// ── meetings imports (end) ──

// ── plans imports (begin) ──
import { checklistRulesSchema } from "./modules/congresses/model.js";
import { taskRulesSchema } from "./modules/tasks/model.js";
// ── plans imports (end) ──

// ── documents imports (begin) ──
// ── documents imports (end) ──

// ── scoring imports (begin) ──
// ── scoring imports (end) ──

/** Every kind of rulebook the modules define, with the schema its JSON must satisfy. */
export function registerRulebookKinds(): void {
  registerRulebookKind("membership", membershipRulesSchema);
  // ── meetings (begin) ──
  // ── meetings (end) ──

  // ── plans (begin) ──
  registerRulebookKind("post-congress-checklist", checklistRulesSchema);
  registerRulebookKind("task-rules", taskRulesSchema);
  // ── plans (end) ──

  // ── documents (begin) ──
  // ── documents (end) ──

  // ── scoring (begin) ──
  // ── scoring (end) ──
}

import { registerRulebookKind } from "./core/rulebooks/index.js";
import { membershipRulesSchema } from "./modules/organizations/model.js";

import { meetingRulesSchema } from "./modules/meetings/model.js";

import { checklistRulesSchema } from "./modules/congresses/model.js";
import { preparationRulesSchema } from "./modules/congresses/preparation-model.js";
import { taskRulesSchema } from "./modules/tasks/model.js";

import { layoutRulesSchema, templateRulesSchema } from "./modules/documents/model.js";

import { scoreSheetSchema } from "./modules/meetings/scoring.js";

import { evaluationRulesSchema, rubricSchema } from "./modules/evaluations/model.js";

import { HOLIDAYS_KIND, holidayCalendarSchema } from "./core/working-days.js";
import { agendaRulesSchema } from "./modules/meetings/agendas.js";
import { admissionRulesSchema } from "./modules/admissions/model.js";
import { inspectionRulesSchema } from "./modules/inspections/model.js";
import { transferRulesSchema } from "./modules/transfers/model.js";
import { electionRulesSchema } from "./modules/congresses/elections-model.js";
import { massOrganizationRulesSchema } from "./modules/mass-organizations/model.js";
import { studyRulesSchema } from "./modules/studies/model.js";
import { duesRulesSchema } from "./modules/dues/model.js";

/** Every kind of rulebook the modules define, with the schema its JSON must satisfy. */
export function registerRulebookKinds(): void {
  registerRulebookKind("membership", membershipRulesSchema);
  registerRulebookKind("meeting", meetingRulesSchema);

  registerRulebookKind("post-congress-checklist", checklistRulesSchema);
  registerRulebookKind("congress-preparation", preparationRulesSchema);
  registerRulebookKind("task-rules", taskRulesSchema);

  registerRulebookKind("document-layout", layoutRulesSchema);
  registerRulebookKind("document-template", templateRulesSchema);

  registerRulebookKind("meeting-score", scoreSheetSchema);
  // Sheets a đảng ủy may adopt as its own (never in force by themselves): see ADR 0019.
  registerRulebookKind("meeting-score-example", scoreSheetSchema);

  registerRulebookKind("evaluation", evaluationRulesSchema);
  // The rubric has no central version: chibo's reading is in force until a đảng ủy adopts its own (ADR 0100).
  registerRulebookKind("evaluation-rubric", rubricSchema);

  // Public holidays and days off, for deadlines counted in working days (ADR 0122).
  registerRulebookKind(HOLIDAYS_KIND, holidayCalendarSchema);
  registerRulebookKind("meeting-agenda", agendaRulesSchema);
  registerRulebookKind("admission", admissionRulesSchema);
  registerRulebookKind("inspection", inspectionRulesSchema);
  registerRulebookKind("transfer", transferRulesSchema);
  registerRulebookKind("election", electionRulesSchema);
  registerRulebookKind("mass-organization", massOrganizationRulesSchema);
  registerRulebookKind("study", studyRulesSchema);
  registerRulebookKind("dues", duesRulesSchema);
}

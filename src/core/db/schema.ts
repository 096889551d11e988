// Every table, for drizzle-kit and for code that needs the whole schema (backup, tests).
export * from "../access/schema.js";
export * from "../audit/schema.js";
export * from "../rulebooks/schema.js";
export * from "../outbox/schema.js";
export * from "../push/schema.js";
export * from "../rate-limit/schema.js";
export * from "../../modules/organizations/schema.js";
export * from "../../modules/members/schema.js";
export * from "../../modules/accounts/schema.js";

export * from "../../modules/meetings/schema.js";

export * from "../../modules/congresses/schema.js";
export * from "../../modules/congresses/preparation-schema.js";
export * from "../../modules/congresses/elections-schema.js";
export * from "../../modules/resolutions/schema.js";
export * from "../../modules/plans/schema.js";
export * from "../../modules/tasks/schema.js";
export * from "../../modules/reviews/schema.js";

export * from "../../modules/documents/schema.js";

export * from "../../modules/evaluations/schema.js";

export * from "../../modules/admissions/schema.js";
export * from "../../modules/inspections/schema.js";
export * from "../../modules/transfers/schema.js";
export * from "../../modules/mass-organizations/schema.js";
export * from "../../modules/studies/schema.js";
export * from "../../modules/dues/schema.js";

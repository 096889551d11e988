// Every part of the personal-data export (Decree 13/2023) and the columns naming a person each reads back;
// test/personal-data-coverage.test.ts checks that together they cover every such column in the schema.
import "./core/access/personal-data.js";
import "./core/push/personal-data.js";
import "./modules/accounts/personal-data.js";
import "./modules/admissions/personal-data.js";
import "./modules/congresses/personal-data.js";
import "./modules/documents/personal-data.js";
import "./modules/evaluations/personal-data.js";
import "./modules/meetings/personal-data.js";
import "./modules/members/personal-data.js";
import "./modules/organizations/personal-data.js";
import "./modules/plans/personal-data.js";
import "./modules/tasks/personal-data.js";
import "./modules/inspections/personal-data.js";
import "./modules/transfers/personal-data.js";
import "./modules/mass-organizations/personal-data.js";
import "./modules/studies/personal-data.js";
import "./modules/dues/personal-data.js";

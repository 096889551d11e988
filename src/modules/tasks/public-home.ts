// What the home's batched read (src/modules/home) takes from tasks: the same reads as its own routes.
export { homeDashboard } from "./dashboard.js";
export { myTasks } from "./queries.js";

import { personalDataColumns } from "../../core/personal-data.js";
import { taskComments, taskExtensions, tasks, taskUpdates } from "./schema.js";

// The "tasks" section (registered beside the routes) reads the tasks a member carries, helps with or assigned, the
// progress they reported, the extensions they granted and the comments they wrote.
personalDataColumns("tasks", [
  tasks.responsibleMemberId,
  tasks.helperIds,
  tasks.assignedByMemberId,
  taskUpdates.memberId,
  taskExtensions.memberId,
  taskComments.authorMemberId,
]);

import { personalDataColumns } from "../../core/personal-data.js";
import { tasks, taskUpdates } from "./schema.js";

// The "tasks" section (registered beside the routes) reads the tasks a member carries or helps with, and the
// progress they reported.
personalDataColumns("tasks", [tasks.responsibleMemberId, tasks.helperIds, taskUpdates.memberId]);

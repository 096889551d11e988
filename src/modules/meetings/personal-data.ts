import { personalDataColumns } from "../../core/personal-data.js";
import { calendarTokens, meetingAttendance, meetingContributions, meetingTasks } from "./schema.js";

// The "meetings" section (registered beside the routes) reads a member's attendance, what they said, the tasks
// handed to them and their calendar feed.
personalDataColumns("meetings", [
  meetingAttendance.memberId,
  meetingContributions.memberId,
  meetingTasks.responsibleMemberId,
  calendarTokens.memberId,
]);

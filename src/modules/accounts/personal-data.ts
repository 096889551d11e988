import { personalDataColumns } from "../../core/personal-data.js";
import { notices } from "../../core/outbox/schema.js";
import { users } from "./schema.js";

// The "account" and "notices" sections (registered beside the routes) read the account, linked to its member, and
// the notices sent to it.
personalDataColumns("account", [users.memberId]);
personalDataColumns("notices", [notices.userId]);

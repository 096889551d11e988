import { personalDataColumns } from "../../core/personal-data.js";
import { memberTransfers } from "./schema.js";

// The "member" section (registered beside the routes) reads the member's record and their transfers.
personalDataColumns("member", [memberTransfers.memberId]);

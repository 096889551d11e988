import { personalDataColumns } from "../../core/personal-data.js";
import { oversights, positions } from "./schema.js";

// The "positions" section (registered beside the routes) reads a member's positions and oversights.
personalDataColumns("positions", [positions.memberId, oversights.memberId]);

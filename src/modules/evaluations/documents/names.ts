import { issuerHeader, type IssuerInfo } from "../../documents/compose.js";

/** "Đảng bộ xã Tân Hà" issues, and is named in the text, as "Đảng ủy xã Tân Hà", as its header writes it. */
export const committeeName = (committee: Pick<IssuerInfo, "kind" | "name">) => issuerHeader(committee, null).issuer;

// What the congresses module's election papers (ballots, counting minutes) draw with: the embedded Tinos subsets,
// the same fonts the register's documents use.
export { fontFile, fontName, type FontStyle, splitBySubset, STYLES, SUBSETS } from "./fonts.js";

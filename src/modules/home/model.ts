/** The home's batched read: the server names it as a preload in a signed-in home's page, the page then calls it. */
export const HOME_CALL = "/api/home";

/** The id of the script element that carries, in a home the server drew, the answer it drew from (ADR 0191). */
export const DRAWN_HOME_ID = "chibo-home";

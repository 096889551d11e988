/** The home's batched read: the server names it as a preload in a signed-in home's page, the page then calls it. */
export const HOME_CALL = "/api/home";

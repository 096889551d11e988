/** The home's batched read: the server names it as a preload in a signed-in home's page, the page then calls it. */
export const HOME_CALL = "/api/home";
/** Its two halves (ADR 0192): what the first screen shows, drawn and sent first by the server; and the rest. */
export const HOME_FIRST_CALL = "/api/home/first";
export const HOME_REST_CALL = "/api/home/rest";

/** The id of the script element that carries, in a home the server drew, the answer it drew from (ADR 0191). */
export const DRAWN_HOME_ID = "chibo-home";

/**
 * The whole home from its two halves, as `/api/home` answers it (on the server's values or on the JSON alike): each
 * organisation the rest says the person runs gets the review periods the first half read for it. Should their roles
 * change between the two reads, the rest decides which organisations they run.
 */
export function wholeHome<
  First extends { reviews: { organizationId: string; evaluationPeriods: unknown }[] },
  Rest extends { dashboards: unknown[]; managed: { organizationId: string }[] },
>(first: First, rest: Rest) {
  const { reviews, ...shown } = first;
  const periods = new Map(reviews.map((r) => [r.organizationId, r.evaluationPeriods]));
  type Periods = First["reviews"][number]["evaluationPeriods"] | null;
  return {
    ...shown,
    dashboards: rest.dashboards as Rest["dashboards"],
    managed: rest.managed.map((m) => ({
      ...m,
      evaluationPeriods: (periods.get(m.organizationId) ?? null) as Periods,
    })) as (Rest["managed"][number] & { evaluationPeriods: Periods })[],
  };
}

/**
 * The home the server draws its first screen from (ADR 0192): the first half, with nothing of the rest. Nothing below
 * the first screen is drawn (ADR 0187); each run organisation is named only to carry the review periods its card shows.
 */
export function firstScreenHome<First extends { reviews: { organizationId: string; evaluationPeriods: unknown }[] }>(
  first: First,
) {
  const runs = first.reviews.map((r) => ({
    organizationId: r.organizationId,
    detail: null,
    probationers: null,
    membershipRulebook: null,
  }));
  return wholeHome(first, { dashboards: [], managed: runs });
}

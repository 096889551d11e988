import { createContext, useContext, useEffect, type ReactNode } from "react";
import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { Navigate, useLocation, useNavigate } from "react-router";
import { api, ApiError, setCsrfToken } from "./api";
import { readLocaleCookie, useI18n } from "./i18n";
import { PageError, PageLoader } from "./ui";
import { clearOfflineData } from "./pwa/offline";
import { askWholeTreeReads, fetchHome, putHome } from "./home-data";
import type { Home } from "../modules/home/present";
import { disablePush } from "./pwa/push";
import type { Me } from "../modules/accounts/present";

export const ME_KEY = ["me"] as const;

async function fetchMe(queryClient: QueryClient): Promise<Me | null> {
  try {
    // On the home, the person comes with the rest of its first screen in one call.
    const me = window.location.pathname === "/" ? await fetchHome(queryClient) : await api.get<Me>("/api/auth/me");
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

const meQuery = (queryClient: QueryClient) => ({
  queryKey: ME_KEY,
  queryFn: () => fetchMe(queryClient),
  staleTime: 5 * 60_000,
  retry: 1,
});

/**
 * Asks for the signed-in user (on the home, the whole first screen) as soon as the scripts run, before the first render
 * rather than from it: the preloaded answer is usually there by then, and the first render draws the page instead of a
 * loader followed by a second render with the data (ADR 0190).
 */
export function prefetchMe(queryClient: QueryClient): void {
  void queryClient.prefetchQuery(meQuery(queryClient));
}

/**
 * Starts from the home's answer that the server sent inside the page it drew (ADR 0191): the same cache as after
 * `fetchHome`, so the page's first render matches the server's drawing and takes it over without asking again.
 */
export function takeDrawnHome(queryClient: QueryClient, home: Home): void {
  putHome(queryClient, home);
  setCsrfToken(home.me.csrfToken);
  queryClient.setQueryData(ME_KEY, home.me);
  askWholeTreeReads(queryClient, home);
}

/** The signed-in user, or null when signed out. */
export function useMe() {
  const queryClient = useQueryClient();
  return useQuery(meQuery(queryClient));
}

const MeContext = createContext<Me | null>(null);

/** Inside the signed-in part of the app the user is always there. */
export function useCurrentUser(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useCurrentUser outside RequireAuth");
  return me;
}

/** The user if signed in (usable on public pages too). */
export function useOptionalUser(): Me | null {
  return useContext(MeContext);
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const { locale, setLocale } = useI18n();

  // A device without an explicit choice takes the language saved on the account.
  useEffect(() => {
    if (me.data && !readLocaleCookie() && me.data.locale !== locale) setLocale(me.data.locale);
  }, [me.data, locale, setLocale]);

  if (me.isPending) return <PageLoader />;
  if (me.isError) return <PageError error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/dang-nhap" : `/dang-nhap?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.data.mustChangePassword && location.pathname !== "/doi-mat-khau")
    return <Navigate to="/doi-mat-khau" replace />;
  return <MeContext.Provider value={me.data}>{children}</MeContext.Provider>;
}

export function useSignOut(): (everywhere?: boolean) => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async (everywhere = false) => {
    // While the session still holds: this browser stops receiving the account's notices (ADR 0148).
    await disablePush().catch(() => {});
    try {
      await api.post(everywhere ? "/api/auth/logout-everywhere" : "/api/auth/logout");
    } catch {
      // Signed out already, or offline: leave the page anyway; the cookie expires on its own.
    }
    queryClient.clear();
    // Offline or not, what this person read must not stay readable on the phone (ADR 0147).
    await clearOfflineData();
    queryClient.setQueryData(ME_KEY, null);
    navigate("/dang-nhap", { replace: true });
  };
}

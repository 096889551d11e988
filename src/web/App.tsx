import { lazy, Suspense, type ReactNode } from "react";
import { MantineProvider } from "@mantine/core";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter, Route, Routes, StaticRouter } from "react-router";
import { NoticesPage } from "./notices";
import { ApiError } from "./api";
import { ME_KEY, RequireAuth } from "./auth";
import { I18nProvider, type Locale } from "./i18n";
import { AppLayout } from "./layout/AppLayout";
import { HomePage } from "./pages/HomePage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { cssVariablesResolver, theme } from "./theme";
import { PageLoader } from "./ui";
import { lazyStyled } from "./styles";

// Pages past the first screen load on demand, so the home page comes quickly on a weak network. Sign-in loads on
// demand too: a signed-in visit, the usual one, never needs it.
const SignInPage = lazyStyled(() =>
  import("../modules/accounts/ui/SignInPage").then((m) => ({ default: m.SignInPage })),
);
const Toasts = lazy(() => import("./Toasts"));
const OrganizationPage = lazyStyled(() =>
  import("../modules/organizations/ui/OrganizationPage").then((m) => ({ default: m.OrganizationPage })),
);
const MemberFormPage = lazyStyled(() =>
  import("../modules/members/ui/MemberForm").then((m) => ({ default: m.MemberFormPage })),
);
const MemberPage = lazyStyled(() =>
  import("../modules/members/ui/MemberPage").then((m) => ({ default: m.MemberPage })),
);
const RosterImportPage = lazyStyled(() =>
  import("../modules/members/ui/RosterImportPage").then((m) => ({ default: m.RosterImportPage })),
);
const CandidatesPage = lazyStyled(() =>
  import("../modules/admissions/ui/AdmissionPages").then((m) => ({ default: m.CandidatesPage })),
);
const CandidatePage = lazyStyled(() =>
  import("../modules/admissions/ui/AdmissionPages").then((m) => ({ default: m.CandidatePage })),
);
const PipelinePage = lazyStyled(() =>
  import("../modules/admissions/ui/AdmissionPages").then((m) => ({ default: m.PipelinePage })),
);
const TransfersPage = lazyStyled(() =>
  import("../modules/transfers/ui/TransfersPage").then((m) => ({ default: m.TransfersPage })),
);
const PreparationPage = lazyStyled(() =>
  import("../modules/congresses/ui/PreparationPage").then((m) => ({ default: m.PreparationPage })),
);
const HallPage = lazyStyled(() => import("../modules/congresses/ui/HallPage").then((m) => ({ default: m.HallPage })));
const InspectionsPage = lazyStyled(() =>
  import("../modules/inspections/ui/InspectionsPage").then((m) => ({ default: m.InspectionsPage })),
);
const InspectionProgrammePage = lazyStyled(() =>
  import("../modules/inspections/ui/ProgrammePage").then((m) => ({ default: m.ProgrammePage })),
);
const InspectionPage = lazyStyled(() =>
  import("../modules/inspections/ui/InspectionPage").then((m) => ({ default: m.InspectionPage })),
);
const DisciplinePage = lazyStyled(() =>
  import("../modules/inspections/ui/DisciplinePage").then((m) => ({ default: m.DisciplinePage })),
);
const MassOrganizationsPage = lazyStyled(() =>
  import("../modules/mass-organizations/ui/MassOrganizationPages").then((m) => ({
    default: m.MassOrganizationsPage,
  })),
);
const MassOrganizationPage = lazyStyled(() =>
  import("../modules/mass-organizations/ui/MassOrganizationPages").then((m) => ({ default: m.MassOrganizationPage })),
);
const StudiesPage = lazyStyled(() =>
  import("../modules/studies/ui/StudyPages").then((m) => ({ default: m.StudiesPage })),
);
const StudySessionPage = lazyStyled(() =>
  import("../modules/studies/ui/StudyPages").then((m) => ({ default: m.StudySessionPage })),
);
const StudyOverviewPage = lazyStyled(() =>
  import("../modules/studies/ui/StudyPages").then((m) => ({ default: m.StudyOverviewPage })),
);
const DuesLedgerPage = lazyStyled(() =>
  import("../modules/dues/ui/DuesPages").then((m) => ({ default: m.DuesLedgerPage })),
);
const ReceiptPage = lazyStyled(() => import("../modules/dues/ui/DuesPages").then((m) => ({ default: m.ReceiptPage })));
const MyDuesPage = lazyStyled(() => import("../modules/dues/ui/DuesPages").then((m) => ({ default: m.MyDuesPage })));
const CollectionPage = lazyStyled(() =>
  import("../modules/dues/ui/DuesPages").then((m) => ({ default: m.CollectionPage })),
);
const ChangePasswordPage = lazyStyled(() =>
  import("../modules/accounts/ui/ChangePasswordPage").then((m) => ({ default: m.ChangePasswordPage })),
);

const SelfAssessmentPage = lazyStyled(() =>
  import("../modules/evaluations/ui/SelfAssessmentPage").then((m) => ({ default: m.SelfAssessmentPage })),
);
const EvaluationCellPage = lazyStyled(() =>
  import("../modules/evaluations/ui/CellReviewPage").then((m) => ({ default: m.CellReviewPage })),
);
const EvaluationPeriodPage = lazyStyled(() =>
  import("../modules/evaluations/ui/PeriodPage").then((m) => ({ default: m.PeriodPage })),
);
const ElectionPage = lazyStyled(() =>
  import("../modules/congresses/ui/ElectionPage").then((m) => ({ default: m.ElectionPage })),
);
const MeetingPage = lazyStyled(() =>
  import("../modules/meetings/ui/MeetingPage").then((m) => ({ default: m.MeetingPage })),
);
const LiveMeetingPage = lazyStyled(() =>
  import("../modules/meetings/ui/LiveMeetingPage").then((m) => ({ default: m.LiveMeetingPage })),
);
const MinutesPage = lazyStyled(() =>
  import("../modules/meetings/ui/MinutesPage").then((m) => ({ default: m.MinutesPage })),
);
const MeetingOverviewPage = lazyStyled(() =>
  import("../modules/meetings/ui/OverviewPage").then((m) => ({ default: m.OverviewPage })),
);
const MyMeetingsPage = lazyStyled(() =>
  import("../modules/meetings/ui/MyMeetingsPage").then((m) => ({ default: m.MyMeetingsPage })),
);

const PlanPage = lazyStyled(() => import("../modules/plans/ui/PlanPage").then((m) => ({ default: m.PlanPage })));
const ResolutionPage = lazyStyled(() =>
  import("../modules/plans/ui/ResolutionPage").then((m) => ({ default: m.ResolutionPage })),
);
const TaskPage = lazyStyled(() => import("../modules/plans/ui/TaskPage").then((m) => ({ default: m.TaskPage })));
const BulkProgressPage = lazyStyled(() =>
  import("../modules/plans/ui/BulkProgressPage").then((m) => ({ default: m.BulkProgressPage })),
);
const PersonalPlansPage = lazyStyled(() =>
  import("../modules/plans/ui/PersonalPlansPage").then((m) => ({ default: m.PersonalPlansPage })),
);

const DocumentPage = lazyStyled(() =>
  import("../modules/documents/ui/DocumentPage").then((m) => ({ default: m.DocumentPage })),
);
const DocumentPrintPage = lazyStyled(() =>
  import("../modules/documents/ui/PrintPage").then((m) => ({ default: m.PrintPage })),
);

const ScoreSheetEditorPage = lazyStyled(() =>
  import("../modules/meetings/ui/ScoreSheetEditor").then((m) => ({ default: m.ScoreSheetEditorPage })),
);

/**
 * The page's query cache. One per page in the browser; one per drawing on the server (ADR 0191), so no person's data
 * is ever kept from one request to the next.
 */
export function createQueryClient(): QueryClient {
  /** A session that ended (expired, signed out elsewhere) sends the user back to sign in. */
  const onApiError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) queryClient.setQueryData(ME_KEY, null);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: onApiError }),
    mutationCache: new MutationCache({ onError: onApiError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Retry only what may succeed next time: network trouble and server errors.
        retry: (count, error) =>
          count < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
        // Offline, a read still asks once: the service worker answers with the kept copy (ADR 0147).
        networkMode: "offlineFirst",
      },
      // Offline, a write fails at once with its message instead of waiting unseen in memory (ADR 0147).
      mutations: { networkMode: "always" },
    },
  });
  return queryClient;
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoader />}>{children}</Suspense>;
}

function AppRouter({ location, children }: { location: string | undefined; children: ReactNode }) {
  if (location === undefined) return <BrowserRouter>{children}</BrowserRouter>;
  return <StaticRouter location={location}>{children}</StaticRouter>;
}

/**
 * The whole app. In the browser it reads the address bar; the server drawing the home's first screen (ADR 0191)
 * gives the address and the reader's language instead.
 */
export function App({
  queryClient,
  location,
  locale,
}: {
  queryClient: QueryClient;
  location?: string;
  locale?: Locale;
}) {
  return (
    <MantineProvider theme={theme} forceColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <I18nProvider locale={locale}>
          <Suspense fallback={null}>
            <Toasts />
          </Suspense>
          <AppRouter location={location}>
            <Routes>
              <Route
                path="/dang-nhap"
                element={
                  <Lazy>
                    <SignInPage />
                  </Lazy>
                }
              />
              {/* The projector's page: signed in, without the app's menus. */}
              <Route
                path="/hoi-truong/:id"
                element={
                  <RequireAuth>
                    <Lazy>
                      <HallPage />
                    </Lazy>
                  </RequireAuth>
                }
              />
              <Route
                element={
                  <RequireAuth>
                    <AppLayout />
                  </RequireAuth>
                }
              >
                <Route index element={<HomePage />} />
                <Route
                  path="to-chuc/:id"
                  element={
                    <Lazy>
                      <OrganizationPage />
                    </Lazy>
                  }
                />
                <Route
                  path="to-chuc/:id/dang-vien/moi"
                  element={
                    <Lazy>
                      <MemberFormPage />
                    </Lazy>
                  }
                />
                <Route
                  path="to-chuc/:id/nhap-danh-sach"
                  element={
                    <Lazy>
                      <RosterImportPage />
                    </Lazy>
                  }
                />
                <Route
                  path="dang-vien/:id"
                  element={
                    <Lazy>
                      <MemberPage />
                    </Lazy>
                  }
                />
                <Route
                  path="dang-vien/:id/sua"
                  element={
                    <Lazy>
                      <MemberFormPage />
                    </Lazy>
                  }
                />
                <Route
                  path="doi-mat-khau"
                  element={
                    <Lazy>
                      <ChangePasswordPage />
                    </Lazy>
                  }
                />
                <Route
                  path="danh-gia/:id"
                  element={
                    <Lazy>
                      <SelfAssessmentPage />
                    </Lazy>
                  }
                />
                <Route
                  path="danh-gia/ky/:id"
                  element={
                    <Lazy>
                      <EvaluationPeriodPage />
                    </Lazy>
                  }
                />
                <Route
                  path="danh-gia/ky/:periodId/chi-bo/:cellId"
                  element={
                    <Lazy>
                      <EvaluationCellPage />
                    </Lazy>
                  }
                />
                <Route
                  path="bau-cu/:id"
                  element={
                    <Lazy>
                      <ElectionPage />
                    </Lazy>
                  }
                />
                <Route path="thong-bao" element={<NoticesPage />} />
                <Route
                  path="cuoc-hop/:id"
                  element={
                    <Lazy>
                      <MeetingPage />
                    </Lazy>
                  }
                />
                <Route
                  path="cuoc-hop/:id/dien-bien"
                  element={
                    <Lazy>
                      <LiveMeetingPage />
                    </Lazy>
                  }
                />
                <Route
                  path="cuoc-hop/:id/bien-ban"
                  element={
                    <Lazy>
                      <MinutesPage />
                    </Lazy>
                  }
                />
                <Route
                  path="to-chuc/:id/sinh-hoat-tong-hop"
                  element={
                    <Lazy>
                      <MeetingOverviewPage />
                    </Lazy>
                  }
                />
                <Route
                  path="sinh-hoat-cua-toi"
                  element={
                    <Lazy>
                      <MyMeetingsPage />
                    </Lazy>
                  }
                />
                <Route
                  path="dang-vien/:id/sinh-hoat"
                  element={
                    <Lazy>
                      <MyMeetingsPage />
                    </Lazy>
                  }
                />

                <Route
                  path="ke-hoach/:id"
                  element={
                    <Lazy>
                      <PlanPage />
                    </Lazy>
                  }
                />
                <Route
                  path="nghi-quyet/:id"
                  element={
                    <Lazy>
                      <ResolutionPage />
                    </Lazy>
                  }
                />
                <Route
                  path="nhiem-vu/:id"
                  element={
                    <Lazy>
                      <TaskPage />
                    </Lazy>
                  }
                />
                <Route
                  path="to-chuc/:id/tien-do-hang-loat"
                  element={
                    <Lazy>
                      <BulkProgressPage />
                    </Lazy>
                  }
                />
                <Route
                  path="to-chuc/:id/ke-hoach-ca-nhan"
                  element={
                    <Lazy>
                      <PersonalPlansPage />
                    </Lazy>
                  }
                />

                <Route
                  path="van-ban/:id"
                  element={
                    <Lazy>
                      <DocumentPage />
                    </Lazy>
                  }
                />
                <Route
                  path="van-ban/:id/in"
                  element={
                    <Lazy>
                      <DocumentPrintPage />
                    </Lazy>
                  }
                />

                <Route
                  path="to-chuc/:id/phieu-cham-diem"
                  element={
                    <Lazy>
                      <ScoreSheetEditorPage />
                    </Lazy>
                  }
                />

                <Route
                  path="to-chuc/:id/ket-nap"
                  element={
                    <Lazy>
                      <CandidatesPage />
                    </Lazy>
                  }
                />
                <Route
                  path="ket-nap/:id"
                  element={
                    <Lazy>
                      <CandidatePage />
                    </Lazy>
                  }
                />
                <Route
                  path="to-chuc/:id/phat-trien-dang-vien"
                  element={
                    <Lazy>
                      <PipelinePage />
                    </Lazy>
                  }
                />
                <Route
                  path="to-chuc/:id/chuyen-sinh-hoat"
                  element={
                    <Lazy>
                      <TransfersPage />
                    </Lazy>
                  }
                />

                <Route
                  path="dai-hoi/:id"
                  element={
                    <Lazy>
                      <PreparationPage />
                    </Lazy>
                  }
                />

                <Route
                  path="to-chuc/:id/kiem-tra"
                  element={
                    <Lazy>
                      <InspectionsPage />
                    </Lazy>
                  }
                />
                <Route
                  path="kiem-tra/chuong-trinh/:id"
                  element={
                    <Lazy>
                      <InspectionProgrammePage />
                    </Lazy>
                  }
                />
                <Route
                  path="kiem-tra/:id"
                  element={
                    <Lazy>
                      <InspectionPage />
                    </Lazy>
                  }
                />
                <Route
                  path="to-chuc/:id/ky-luat"
                  element={
                    <Lazy>
                      <DisciplinePage />
                    </Lazy>
                  }
                />

                <Route
                  path="to-chuc/:id/doan-the"
                  element={
                    <Lazy>
                      <MassOrganizationsPage />
                    </Lazy>
                  }
                />
                <Route
                  path="doan-the/:id"
                  element={
                    <Lazy>
                      <MassOrganizationPage />
                    </Lazy>
                  }
                />
                <Route
                  path="to-chuc/:id/hoc-tap-nghi-quyet"
                  element={
                    <Lazy>
                      <StudiesPage />
                    </Lazy>
                  }
                />
                <Route
                  path="hoc-tap/:id"
                  element={
                    <Lazy>
                      <StudySessionPage />
                    </Lazy>
                  }
                />
                <Route
                  path="to-chuc/:id/tong-hop-hoc-tap"
                  element={
                    <Lazy>
                      <StudyOverviewPage />
                    </Lazy>
                  }
                />

                <Route
                  path="to-chuc/:id/dang-phi"
                  element={
                    <Lazy>
                      <DuesLedgerPage />
                    </Lazy>
                  }
                />
                <Route
                  path="to-chuc/:id/thu-dang-phi"
                  element={
                    <Lazy>
                      <CollectionPage />
                    </Lazy>
                  }
                />
                <Route
                  path="dang-phi/bien-lai/:id"
                  element={
                    <Lazy>
                      <ReceiptPage />
                    </Lazy>
                  }
                />
                <Route
                  path="dang-phi-cua-toi"
                  element={
                    <Lazy>
                      <MyDuesPage />
                    </Lazy>
                  }
                />

                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </AppRouter>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

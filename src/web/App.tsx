import { lazy, Suspense, type ReactNode } from "react";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter, Route, Routes } from "react-router";
import { NoticesPage } from "./notices";
import { ApiError } from "./api";
import { ME_KEY, RequireAuth } from "./auth";
import { I18nProvider } from "./i18n";
import { AppLayout } from "./layout/AppLayout";
import { HomePage } from "./pages/HomePage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { cssVariablesResolver, theme } from "./theme";
import { PageLoader } from "./ui";
import { SignInPage } from "../modules/accounts/ui/SignInPage";

// Pages past the first screen load on demand, so the sign-in and home pages come quickly on a weak network.
const OrganizationPage = lazy(() =>
  import("../modules/organizations/ui/OrganizationPage").then((m) => ({ default: m.OrganizationPage })),
);
const MemberFormPage = lazy(() =>
  import("../modules/members/ui/MemberForm").then((m) => ({ default: m.MemberFormPage })),
);
const MemberPage = lazy(() => import("../modules/members/ui/MemberPage").then((m) => ({ default: m.MemberPage })));
const RosterImportPage = lazy(() =>
  import("../modules/members/ui/RosterImportPage").then((m) => ({ default: m.RosterImportPage })),
);
const CandidatesPage = lazy(() =>
  import("../modules/admissions/ui/AdmissionPages").then((m) => ({ default: m.CandidatesPage })),
);
const CandidatePage = lazy(() =>
  import("../modules/admissions/ui/AdmissionPages").then((m) => ({ default: m.CandidatePage })),
);
const PipelinePage = lazy(() =>
  import("../modules/admissions/ui/AdmissionPages").then((m) => ({ default: m.PipelinePage })),
);
const ChangePasswordPage = lazy(() =>
  import("../modules/accounts/ui/ChangePasswordPage").then((m) => ({ default: m.ChangePasswordPage })),
);

const SelfAssessmentPage = lazy(() =>
  import("../modules/evaluations/ui/SelfAssessmentPage").then((m) => ({ default: m.SelfAssessmentPage })),
);
const EvaluationCellPage = lazy(() =>
  import("../modules/evaluations/ui/CellReviewPage").then((m) => ({ default: m.CellReviewPage })),
);
const EvaluationPeriodPage = lazy(() =>
  import("../modules/evaluations/ui/PeriodPage").then((m) => ({ default: m.PeriodPage })),
);
const MeetingPage = lazy(() => import("../modules/meetings/ui/MeetingPage").then((m) => ({ default: m.MeetingPage })));
const LiveMeetingPage = lazy(() =>
  import("../modules/meetings/ui/LiveMeetingPage").then((m) => ({ default: m.LiveMeetingPage })),
);
const MinutesPage = lazy(() => import("../modules/meetings/ui/MinutesPage").then((m) => ({ default: m.MinutesPage })));
const MeetingOverviewPage = lazy(() =>
  import("../modules/meetings/ui/OverviewPage").then((m) => ({ default: m.OverviewPage })),
);
const MyMeetingsPage = lazy(() =>
  import("../modules/meetings/ui/MyMeetingsPage").then((m) => ({ default: m.MyMeetingsPage })),
);

const PlanPage = lazy(() => import("../modules/plans/ui/PlanPage").then((m) => ({ default: m.PlanPage })));
const ResolutionPage = lazy(() =>
  import("../modules/plans/ui/ResolutionPage").then((m) => ({ default: m.ResolutionPage })),
);
const TaskPage = lazy(() => import("../modules/plans/ui/TaskPage").then((m) => ({ default: m.TaskPage })));
const BulkProgressPage = lazy(() =>
  import("../modules/plans/ui/BulkProgressPage").then((m) => ({ default: m.BulkProgressPage })),
);
const PersonalPlansPage = lazy(() =>
  import("../modules/plans/ui/PersonalPlansPage").then((m) => ({ default: m.PersonalPlansPage })),
);

const DocumentPage = lazy(() =>
  import("../modules/documents/ui/DocumentPage").then((m) => ({ default: m.DocumentPage })),
);
const DocumentPrintPage = lazy(() =>
  import("../modules/documents/ui/PrintPage").then((m) => ({ default: m.PrintPage })),
);

const ScoreSheetEditorPage = lazy(() =>
  import("../modules/meetings/ui/ScoreSheetEditor").then((m) => ({ default: m.ScoreSheetEditorPage })),
);

/** A session that ended (expired, signed out elsewhere) sends the user back to sign in. */
function onApiError(error: unknown) {
  if (error instanceof ApiError && error.status === 401) queryClient.setQueryData(ME_KEY, null);
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Retry only what may succeed next time: network trouble and server errors.
      retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
    },
  },
});

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoader />}>{children}</Suspense>;
}

export function App() {
  return (
    <MantineProvider theme={theme} forceColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <Notifications position="top-center" limit={3} zIndex={1000} />
          <BrowserRouter>
            <Routes>
              <Route path="/dang-nhap" element={<SignInPage />} />
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

                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

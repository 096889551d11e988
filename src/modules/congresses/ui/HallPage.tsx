import { Box, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { api } from "../../../web/api";
import { formatDate, useT } from "../../../web/i18n";
import { PageError, PageLoader, usePageTitle } from "../../../web/ui";
import type { HallView } from "../preparation-present";

// /hoi-truong/:id — the read-only page a projector shows in the hall: large type, no menus, refreshed every few
// seconds. Results appear only once the elections release them.

const REFRESH_MS = 5_000;

// Type that fills a projector and still fits a 360-px phone: each size grows with the screen's width, from what a
// phone holds up to the projector's size (reached from about 1000 px wide).
const FZ = {
  title: "clamp(1.5rem, 6vw, 2.5rem)",
  subtitle: "clamp(1rem, 4vw, 1.5rem)",
  label: "clamp(0.875rem, 3.5vw, 1.375rem)",
  current: "clamp(1.5rem, 7vw, 2.75rem)",
  line: "clamp(1rem, 3.5vw, 1.375rem)",
  attendance: "clamp(3rem, 15vw, 6rem)",
  round: "clamp(1.125rem, 4.5vw, 1.75rem)",
  detail: "clamp(0.875rem, 3vw, 1.25rem)",
  candidate: "clamp(1rem, 4vw, 1.5rem)",
};

export function HallPage() {
  const { id = "" } = useParams();
  const t = useT();
  const hall = useQuery({
    queryKey: ["congress-hall", id],
    queryFn: () => api.get<HallView>(`/api/congress-preparations/${id}/hall`),
    refetchInterval: REFRESH_MS,
  });
  usePageTitle(hall.data ? t("ui.congress.hall.title", { organization: hall.data.organizationName }) : null);
  if (hall.isPending) return <PageLoader />;
  if (hall.isError) return <PageError error={hall.error} onRetry={() => void hall.refetch()} />;
  const h = hall.data;
  return (
    <Box p={{ base: "sm", sm: "xl" }} mih="100vh" bg="brand.9" c="white" data-testid="hall">
      <Stack gap="lg" maw={1200} mx="auto">
        <div>
          <Title order={1} c="white" fz={FZ.title} ta="center">
            {t("ui.congress.hall.title", { organization: h.organizationName })}
          </Title>
          <Text ta="center" fz={FZ.subtitle}>
            {t("ui.congress.hall.term", { term: h.nextTermLabel })} · {formatDate(h.congressOn)}
          </Text>
        </div>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xl">
          <Box style={{ flex: "2 1 20rem" }}>
            <Text fz={FZ.label} tt="uppercase" c="yellow.3" fw={700}>
              {t("ui.congress.hall.now")}
            </Text>
            <Text fz={FZ.current} fw={700} lh={1.2}>
              {h.currentTitle ?? t("ui.congress.hall.notStarted")}
            </Text>
            <Stack gap={6} mt="lg">
              {h.agenda.map((item, i) => (
                <Text
                  key={i}
                  fz={FZ.line}
                  fw={i === h.currentItem ? 700 : 400}
                  c={i === h.currentItem ? "yellow.3" : "gray.3"}
                >
                  {i + 1}. {item}
                </Text>
              ))}
            </Stack>
          </Box>
          <Box style={{ flex: "1 1 14rem" }} ta="center">
            <Text fz={FZ.label} tt="uppercase" c="yellow.3" fw={700}>
              {t("ui.congress.hall.attendance")}
            </Text>
            <Text fz={FZ.attendance} fw={700} lh={1}>
              {t("ui.congress.hall.attendanceLine", { present: h.attendance.present, expected: h.attendance.expected })}
            </Text>
            {h.attendance.alternatesPresent > 0 && (
              <Text fz={FZ.line}>{t("ui.congress.hall.alternates", { count: h.attendance.alternatesPresent })}</Text>
            )}
          </Box>
        </Group>
        {h.results.length > 0 && (
          <Stack gap="md">
            <Text fz={FZ.label} tt="uppercase" c="yellow.3" fw={700}>
              {t("ui.congress.hall.results")}
            </Text>
            {h.results.map((r) => (
              <Box key={`${r.title}-${r.round}`} data-testid="hall-round">
                <Text fz={FZ.round} fw={700}>
                  {r.round > 1 ? t("ui.congress.hall.round", { title: r.title, round: r.round }) : r.title}
                </Text>
                <Text fz={FZ.detail} c="gray.3" mb="xs">
                  {t("ui.congress.hall.seats", { seats: r.seats, valid: r.validBallots })}
                </Text>
                {r.candidates.map((c) => (
                  <Group key={c.name} justify="space-between" wrap="nowrap" gap="md">
                    <Text fz={FZ.candidate} fw={c.elected ? 700 : 400} c={c.elected ? "yellow.3" : undefined}>
                      {c.name}
                      {/* The mark stays whole on a narrow screen: "— Trúng cử" moves to the next line together. */}
                      {c.elected && (
                        <>
                          {" "}
                          <span style={{ whiteSpace: "nowrap" }}>— {t("ui.congress.hall.elected")}</span>
                        </>
                      )}
                    </Text>
                    <Text fz={FZ.candidate} style={{ whiteSpace: "nowrap" }}>
                      {t("ui.congress.hall.votes", { votes: c.votes, valid: r.validBallots })}
                    </Text>
                  </Group>
                ))}
              </Box>
            ))}
          </Stack>
        )}
      </Stack>
    </Box>
  );
}

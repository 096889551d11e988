import { Suspense } from "react";
import { Anchor, Badge, Group, Stack, Tabs, Text, Title } from "@mantine/core";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError } from "../../../web/api";
import { formatDate, useT } from "../../../web/i18n";
import { NotFoundPage } from "../../../web/pages/NotFoundPage";
import { PageError, PageLoader, usePageTitle } from "../../../web/ui";
import { MemberList } from "../../members/ui/MemberList";
import { ChildrenTab } from "./ChildrenTab";
import { CommitteeTab } from "./CommitteeTab";
import { useOrganization } from "./queries";
import { useInspectionsEntry } from "../../inspections/ui/entry";
import { lazyStyled } from "../../../web/styles";

const HistoryTab = lazyStyled(() => import("./HistoryTab").then((m) => ({ default: m.HistoryTab })));
const DocumentsTab = lazyStyled(() =>
  import("../../documents/ui/DocumentsTab").then((m) => ({ default: m.DocumentsTab })),
);
const PlansTab = lazyStyled(() => import("../../plans/ui/PlansTab").then((m) => ({ default: m.PlansTab })));
const MeetingsTab = lazyStyled(() => import("../../meetings/ui/MeetingsTab").then((m) => ({ default: m.MeetingsTab })));

const TABS = ["dang-vien", "sinh-hoat", "ke-hoach", "van-ban", "cap-uy", "truc-thuoc", "lich-su"] as const;
type Tab = (typeof TABS)[number];

export function OrganizationPage() {
  const { id } = useParams();
  const t = useT();
  const org = useOrganization(id);
  const [params, setParams] = useSearchParams();
  usePageTitle(org.data?.name);
  const inspections = useInspectionsEntry(org.data ?? { id: "", kind: "group", path: "" });

  if (org.isPending) return <PageLoader />;
  if (org.isError) {
    if (org.error instanceof ApiError && org.error.status === 404) return <NotFoundPage />;
    return <PageError error={org.error} onRetry={() => void org.refetch()} />;
  }
  const o = org.data;
  const perms = o.permissions;
  const visible: Record<Tab, boolean> = {
    "dang-vien": perms["member.list"],
    "sinh-hoat": true,
    "ke-hoach": perms["plan.view"],
    "cap-uy": true,
    "truc-thuoc": true,
    "lich-su": perms["audit.view"],
    "van-ban": perms["document.view"],
  };
  const requested = params.get("tab") as Tab | null;
  const tab: Tab =
    requested && TABS.includes(requested) && visible[requested]
      ? requested
      : (TABS.find((k) => visible[k]) ?? "cap-uy");

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{o.name}</Title>
        <Group gap="xs" mt={6}>
          <Badge variant="light" color="brand">
            {t(`kinds.${o.kind}`)}
          </Badge>
          <Text size="sm" c="dimmed">
            {t("ui.org.codeLine", { code: o.code })}
          </Text>
          {o.closedOn && (
            <Badge color="gray.8" variant="filled">
              {t("ui.org.closedOn", { date: formatDate(o.closedOn) })}
            </Badge>
          )}
        </Group>
        {o.parentId && o.parentName && (
          <Text size="sm" mt={4}>
            {t("ui.org.parentLine")}{" "}
            <Anchor component={Link} to={`/to-chuc/${o.parentId}`}>
              {o.parentName}
            </Anchor>
          </Text>
        )}
        {o.kind === "party_committee" && perms["org.manage"] && (
          <Anchor
            component={Link}
            to={`/to-chuc/${o.id}/phieu-cham-diem`}
            size="sm"
            display="inline-block"
            mt={4}
            py={6}
          >
            {t("ui.scoring.link")}
          </Anchor>
        )}
        {perms["member.view"] && o.kind !== "group" && (
          <Anchor
            component={Link}
            to={`/to-chuc/${o.id}/${o.kind === "cell" ? "ket-nap" : "phat-trien-dang-vien"}`}
            size="sm"
            display="block"
            py={6}
          >
            {t(o.kind === "cell" ? "ui.admissions.title" : "ui.admissions.pipelineLink")}
          </Anchor>
        )}
        {perms["member.view"] && o.kind !== "group" && (
          <Anchor component={Link} to={`/to-chuc/${o.id}/chuyen-sinh-hoat`} size="sm" display="block" py={6}>
            {t("ui.transfers.title")}
          </Anchor>
        )}
        {inspections && (
          <Anchor component={Link} to={`/to-chuc/${o.id}/kiem-tra`} size="sm" display="block" py={6}>
            {t("ui.inspections.title")}
          </Anchor>
        )}
        {perms["plan.view"] && o.kind !== "group" && (
          <Anchor component={Link} to={`/to-chuc/${o.id}/doan-the`} size="sm" display="block" py={6}>
            {t("ui.massorg.title")}
          </Anchor>
        )}
        {perms["meeting.view"] && o.kind !== "group" && (
          <Anchor
            component={Link}
            to={`/to-chuc/${o.id}/${o.kind === "cell" ? "hoc-tap-nghi-quyet" : "tong-hop-hoc-tap"}`}
            size="sm"
            display="block"
            py={6}
          >
            {t(o.kind === "cell" ? "ui.studies.title" : "ui.studies.overview")}
          </Anchor>
        )}
        {perms["member.view"] && o.kind !== "group" && (
          <Anchor
            component={Link}
            to={`/to-chuc/${o.id}/${o.kind === "cell" ? "dang-phi" : "thu-dang-phi"}`}
            size="sm"
            display="block"
            py={6}
          >
            {t(o.kind === "cell" ? "ui.nav.dues" : "ui.nav.duesCollection")}
          </Anchor>
        )}
      </div>

      <Tabs
        value={tab}
        onChange={(value) => value && setParams({ tab: value }, { replace: true })}
        keepMounted={false}
        variant="pills"
      >
        <Tabs.List className="chibo-tabs-list">
          {visible["dang-vien"] && (
            <Tabs.Tab value="dang-vien" fz="md" fw={600}>
              {t("ui.org.tabs.members")}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="sinh-hoat" fz="md" fw={600}>
            {t("ui.org.tabs.meetings")}
          </Tabs.Tab>
          {visible["ke-hoach"] && (
            <Tabs.Tab value="ke-hoach" fz="md" fw={600}>
              {t("ui.plans.tab")}
            </Tabs.Tab>
          )}
          <Tabs.Tab
            value="cap-uy"
            fz="md"
            fw={600}
            rightSection={
              o.warnings.length > 0 ? (
                <Badge
                  size="sm"
                  color="orange.9"
                  circle
                  aria-label={t("ui.org.warningCount", { count: o.warnings.length })}
                >
                  {o.warnings.length}
                </Badge>
              ) : null
            }
          >
            {t("ui.org.tabs.committee")}
          </Tabs.Tab>
          <Tabs.Tab value="truc-thuoc" fz="md" fw={600}>
            {t("ui.org.tabs.children")}
          </Tabs.Tab>
          {visible["van-ban"] && (
            <Tabs.Tab value="van-ban" fz="md" fw={600}>
              {t("ui.documents.tab")}
            </Tabs.Tab>
          )}
          {visible["lich-su"] && (
            <Tabs.Tab value="lich-su" fz="md" fw={600}>
              {t("ui.org.tabs.history")}
            </Tabs.Tab>
          )}
        </Tabs.List>

        <Tabs.Panel value="dang-vien" pt="md">
          <MemberList key={o.id} org={o} />
        </Tabs.Panel>
        <Tabs.Panel value="sinh-hoat" pt="md">
          <Suspense fallback={<PageLoader />}>
            <MeetingsTab key={o.id} org={o} />
          </Suspense>
        </Tabs.Panel>
        {visible["ke-hoach"] && (
          <Tabs.Panel value="ke-hoach" pt="md">
            <Suspense fallback={<PageLoader />}>
              <PlansTab key={o.id} org={o} />
            </Suspense>
          </Tabs.Panel>
        )}
        <Tabs.Panel value="cap-uy" pt="md">
          <CommitteeTab key={o.id} org={o} />
        </Tabs.Panel>
        <Tabs.Panel value="truc-thuoc" pt="md">
          <ChildrenTab key={o.id} org={o} />
        </Tabs.Panel>
        {visible["van-ban"] && (
          <Tabs.Panel value="van-ban" pt="md">
            <Suspense fallback={<PageLoader />}>
              <DocumentsTab key={o.id} orgId={o.id} />
            </Suspense>
          </Tabs.Panel>
        )}
        {visible["lich-su"] && (
          <Tabs.Panel value="lich-su" pt="md">
            <Suspense fallback={<PageLoader />}>
              <HistoryTab key={o.id} org={o} />
            </Suspense>
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

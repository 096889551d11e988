import { Suspense, useDeferredValue, useState } from "react";
import { Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useCurrentUser } from "../auth";
import { formatDate, useT } from "../i18n";
import { LinkCard, usePageTitle, WarningList } from "../ui";
import { BackupCard } from "../BackupCard";
import type { Organization, RuleWarning } from "../types";
import {
  childrenOf,
  useMembershipRulebook,
  useOrganization,
  useOrganizations,
} from "../../modules/organizations/ui/queries";
import { probationersQuery } from "../../modules/members/ui/queries";
import { CellDashboardCard, MyTasksCard, PartyDashboardCard } from "../../modules/plans/ui/HomeCards";
import { NextMeetingCard } from "../../modules/meetings/ui/NextMeetingCard";
import { EvaluationsHomeCard } from "../../modules/evaluations/ui/EvaluationsHomeCard";
import { lazyStyled } from "../styles";

// The form, like every modal, loads only when opened.
const NewPartyCommitteeModal = lazyStyled(() =>
  import("../../modules/organizations/ui/NewPartyCommitteeModal").then((m) => ({ default: m.NewPartyCommitteeModal })),
);

/**
 * On a phone the home is a screen or two, not a đảng bộ's every cell and probation (38,000 px at the bench's size):
 * the first links and warnings, the rest one tap away on the organisation's own page or in place.
 */
const HOME_CHILDREN = 10;
const HOME_WARNINGS = 5;

/** Roles whose holders run an organisation's records day to day. */
const MANAGING_ROLES = new Set(["manager", "office", "admin"]);

export function HomePage() {
  const t = useT();
  const me = useCurrentUser();
  const orgs = useOrganizations();
  const [creating, setCreating] = useState(false);
  usePageTitle(null);

  const all = orgs.data ?? [];
  const byId = new Map(all.map((o) => [o.id, o]));
  const unique = (ids: string[]) => [...new Set(ids)].map((id) => byId.get(id)).filter((o): o is Organization => !!o);
  const managed =
    me.isAdmin && me.scopes.length === 0
      ? all.filter((o) => !o.parentId || !byId.has(o.parentId))
      : unique(me.scopes.filter((s) => MANAGING_ROLES.has(s.role)).map((s) => s.organizationId));
  const managedIds = new Set(managed.map((o) => o.id));
  const overseen = me.oversees.filter((o) => !managedIds.has(o.organizationId));
  const shown = new Set([...managedIds, ...overseen.map((o) => o.organizationId), me.member?.organizationId ?? ""]);
  const others = unique(me.scopes.map((s) => s.organizationId)).filter((o) => !shown.has(o.id));
  const ownCell = me.member && !managedIds.has(me.member.organizationId) ? me.member : null;
  // An administrator account from `chibo create-admin` belongs to no organisation: its work is setting up đảng bộ.
  const setupAdmin = me.isAdmin && me.scopes.length === 0 && !me.member;

  // The first screen — the greeting, the next meeting, my tasks, the year's review — is committed first; the
  // dashboards and the organisations' cards below it follow in a background render that a tap interrupts. On a slow
  // phone rendering them all took about half a second before the greeting showed (docs/performance.md, ADR 0187).
  const below = useDeferredValue(true, false);

  return (
    <Stack gap="lg" data-home-complete={below || undefined}>
      <div>
        {/* The bench times the greeting's paint (Element Timing): the home is usable once it shows (ADR 0191). */}
        <Title order={1} {...{ elementtiming: "home-greeting" }}>
          {t("ui.home.greeting", { name: me.displayName })}
        </Title>
        {me.member && (
          <Text size="lg" mt={4}>
            {t("ui.home.yourCell", { name: me.member.organizationName })}
          </Text>
        )}
        {me.member && (
          <Anchor component={Link} to={`/dang-vien/${me.member.id}`} fw={600}>
            {t("ui.user.myRecord")}
          </Anchor>
        )}
      </div>

      {orgs.isPending && <Loader />}

      {/* Whoever runs the installation sees whether its data is backed up (ADR 0093). */}
      {(me.isAdmin || me.scopes.some((s) => s.role === "office")) && <BackupCard />}

      {me.member && <NextMeetingCard orgId={me.member.organizationId} />}
      {me.member && <MyTasksCard />}
      <EvaluationsHomeCard
        cellIds={managed.filter((o) => o.kind !== "party_committee").map((o) => o.id)}
        partyIds={managed.filter((o) => o.kind === "party_committee").map((o) => o.id)}
      />
      {setupAdmin && orgs.isSuccess && <FirstRunCard empty={all.length === 0} onCreate={() => setCreating(true)} />}

      {/* The cards below the first screen follow in a background render (see `below`). */}
      {below && (
        <>
          {managed.map((org) =>
            org.kind === "party_committee" ? (
              <PartyDashboardCard key={`d-${org.id}`} orgId={org.id} />
            ) : (
              <CellDashboardCard key={`d-${org.id}`} orgId={org.id} />
            ),
          )}
          {overseen.map((o) => (
            <CellDashboardCard
              key={`o-${o.organizationId}`}
              orgId={o.organizationId}
              title={t("ui.plans.home.overseen", { name: o.organizationName })}
            />
          ))}

          {managed.map((org) => (
            <ManagedOrgCard key={org.id} org={org} subOrgs={childrenOf(all, org.id).filter((c) => !c.closedOn)} />
          ))}

          {ownCell && (
            <Paper withBorder p="md" radius="md">
              <Title order={2} mb="xs">
                {ownCell.organizationName}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <Button
                  component={Link}
                  to={`/to-chuc/${ownCell.organizationId}?tab=dang-vien`}
                  size="lg"
                  justify="flex-start"
                >
                  {t("ui.home.memberList")}
                </Button>
                <Button
                  component={Link}
                  to={`/to-chuc/${ownCell.organizationId}?tab=cap-uy`}
                  size="lg"
                  variant="outline"
                  justify="flex-start"
                >
                  {t("ui.org.tabs.committee")}
                </Button>
              </SimpleGrid>
            </Paper>
          )}

          {overseen.length > 0 && (
            <LinkListCard
              title={t("ui.home.oversees")}
              links={overseen.map((o) => ({
                key: o.organizationId,
                to: `/to-chuc/${o.organizationId}`,
                title: o.organizationName,
              }))}
            />
          )}

          {others.length > 0 && (
            <LinkListCard
              title={t("ui.home.canView")}
              links={others.map((o) => ({
                key: o.id,
                to: `/to-chuc/${o.id}`,
                title: o.name,
                description: t(`kinds.${o.kind}`),
              }))}
            />
          )}
        </>
      )}

      {me.isAdmin && !setupAdmin && !orgs.isPending && (
        <Group>
          <Button variant="outline" size="lg" onClick={() => setCreating(true)}>
            {t("ui.start.create")}
          </Button>
        </Group>
      )}

      {!me.isAdmin &&
        !orgs.isPending &&
        managed.length === 0 &&
        !ownCell &&
        overseen.length === 0 &&
        others.length === 0 && <Text>{t("ui.home.nothing")}</Text>}

      {creating && (
        <Suspense fallback={null}>
          <NewPartyCommitteeModal onClose={() => setCreating(false)} />
        </Suspense>
      )}
    </Stack>
  );
}

/** A card of links to organisations: those the person oversees, those they may only view. */
function LinkListCard({
  title,
  links,
}: {
  title: string;
  links: { key: string; to: string; title: string; description?: string }[];
}) {
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} mb="xs">
        {title}
      </Title>
      <Stack gap="xs">
        {links.map((l) => (
          <LinkCard key={l.key} to={l.to} title={l.title} description={l.description} />
        ))}
      </Stack>
    </Paper>
  );
}

/** What an administrator does first on a new installation, in order, with the first step's button. */
function FirstRunCard({ empty, onCreate }: { empty: boolean; onCreate: () => void }) {
  const t = useT();
  const steps = [t("ui.start.step1"), t("ui.start.step2"), t("ui.start.step3")];
  return (
    <Paper withBorder p="md" radius="md" style={{ borderTop: "4px solid var(--mantine-color-brand-7)" }}>
      <Title order={2} mb="xs">
        {t("ui.start.title")}
      </Title>
      <Text mb="md">{t(empty ? "ui.start.introEmpty" : "ui.start.intro")}</Text>
      <Stack
        component="ol"
        role="list"
        gap="sm"
        style={{ listStyle: "none", margin: "0 0 var(--mantine-spacing-lg)", padding: 0 }}
      >
        {steps.map((step, i) => (
          <Group key={i} component="li" gap="sm" wrap="nowrap" align="flex-start">
            <ThemeIcon radius="xl" size={30} color="brand.7" aria-hidden style={{ flexShrink: 0 }}>
              <Text fw={700} size="sm" c="white">
                {i + 1}
              </Text>
            </ThemeIcon>
            <Text pt={3}>{step}</Text>
          </Group>
        ))}
      </Stack>
      <Button size="lg" fullWidth onClick={onCreate}>
        {t("ui.start.create")}
      </Button>
    </Paper>
  );
}

function ManagedOrgCard({ org, subOrgs }: { org: Organization; subOrgs: Organization[] }) {
  const t = useT();
  const perms = org.permissions;
  return (
    <Paper withBorder p="md" radius="md" style={{ borderTop: "4px solid var(--mantine-color-brand-7)" }}>
      <Group gap="xs" mb="sm">
        <Title order={2}>{org.name}</Title>
        <Badge variant="light">{t(`kinds.${org.kind}`)}</Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Button component={Link} to={`/to-chuc/${org.id}?tab=dang-vien`} size="lg" fullWidth justify="flex-start">
          {t("ui.home.memberList")}
        </Button>
        {perms["roster.import"] && !org.closedOn && (
          <Button
            component={Link}
            to={`/to-chuc/${org.id}/nhap-danh-sach`}
            size="lg"
            variant="outline"
            fullWidth
            justify="flex-start"
          >
            {t("ui.home.import")}
          </Button>
        )}
        <Button
          component={Link}
          to={`/to-chuc/${org.id}?tab=cap-uy`}
          size="lg"
          variant="outline"
          fullWidth
          justify="flex-start"
        >
          {t("ui.org.tabs.committee")}
        </Button>
      </SimpleGrid>
      <OrgWarnings org={org} />
      {/* A new đảng bộ: the office's next step is adding its cells. */}
      {subOrgs.length === 0 && org.kind === "party_committee" && perms["org.manage"] && !org.closedOn && (
        <>
          <Title order={3} mt="md" mb="xs">
            {t("ui.home.children")}
          </Title>
          <Text c="dimmed">{t("ui.children.none")}</Text>
          <Anchor component={Link} to={`/to-chuc/${org.id}?tab=truc-thuoc`} fw={600} py={4} display="inline-block">
            {t("ui.children.add")}
          </Anchor>
        </>
      )}
      {subOrgs.length > 0 && (
        <>
          <Title order={3} mt="md" mb="xs">
            {t("ui.home.children")}
          </Title>
          <Stack gap={4}>
            {subOrgs.slice(0, HOME_CHILDREN).map((c) => (
              <Anchor key={c.id} component={Link} to={`/to-chuc/${c.id}`} fw={600} py={4}>
                {c.name}
              </Anchor>
            ))}
            {subOrgs.length > HOME_CHILDREN && (
              <Anchor component={Link} to={`/to-chuc/${org.id}?tab=truc-thuoc`} py={4}>
                {t("ui.home.allChildren", { count: subOrgs.length })}
              </Anchor>
            )}
          </Stack>
        </>
      )}
    </Paper>
  );
}

/** What needs the secretary's attention: committee composition, and probation periods ending soon or overdue. */
function OrgWarnings({ org }: { org: Organization }) {
  const t = useT();
  const detail = useOrganization(org.id);
  const canSeeProbation = org.permissions["member.view"];
  const probationers = useQuery({ ...probationersQuery(org.id), enabled: canSeeProbation });
  const attention = (probationers.data?.items ?? [])
    .filter((m) => m.probation && m.probation.stage !== "running")
    .sort((a, b) => a.probation!.daysLeft - b.probation!.daysLeft);
  const rulebook = useMembershipRulebook(org.id, attention.length > 0);
  const probationWarnings: RuleWarning[] = rulebook.data
    ? attention.map((m): RuleWarning => {
        const p = m.probation!;
        return p.stage === "overdue"
          ? {
              code: "probation_overdue",
              messageKey: "warnings.probation_overdue",
              params: {
                name: m.fullName,
                date: formatDate(p.endsOn),
                workingDays: rulebook.data.data.probation.considerWithinWorkingDays,
              },
              source: rulebook.data.data.probation.source,
            }
          : {
              code: "probation_due",
              messageKey: "warnings.probation_due",
              params: { name: m.fullName, date: formatDate(p.endsOn), days: p.daysLeft },
              source: rulebook.data.data.probation.source,
            };
      })
    : [];
  const warnings = [...(detail.data?.warnings ?? []), ...probationWarnings];
  if (detail.isPending) return null;
  return (
    <Stack gap="xs" mt="md">
      <Title order={3}>{t("ui.home.attention")}</Title>
      {warnings.length === 0 ? (
        <Text c="dimmed">{t("ui.home.noWarnings")}</Text>
      ) : (
        <WarningList warnings={warnings} limit={HOME_WARNINGS} />
      )}
    </Stack>
  );
}

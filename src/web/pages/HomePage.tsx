import { Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../api";
import { useCurrentUser } from "../auth";
import { formatDate, useT } from "../i18n";
import { LinkCard, usePageTitle, WarningList } from "../ui";
import type { MemberList, Organization, RuleWarning } from "../types";
import { childrenOf, useMembershipRulebook, useOrganization, useOrganizations } from "../../modules/organizations/ui/queries";
import { memberKeys, membersUrl } from "../../modules/members/ui/queries";

/** Roles whose holders run an organisation's records day to day. */
const MANAGING_ROLES = new Set(["manager", "office", "admin"]);

export function HomePage() {
  const t = useT();
  const me = useCurrentUser();
  const orgs = useOrganizations();
  usePageTitle(null);

  const all = orgs.data ?? [];
  const byId = new Map(all.map((o) => [o.id, o]));
  const unique = (ids: string[]) => [...new Set(ids)].map((id) => byId.get(id)).filter((o): o is Organization => !!o);
  const managed = me.isAdmin && me.scopes.length === 0 ? all.filter((o) => !o.parentId || !byId.has(o.parentId)) : unique(me.scopes.filter((s) => MANAGING_ROLES.has(s.role)).map((s) => s.organizationId));
  const managedIds = new Set(managed.map((o) => o.id));
  const overseen = me.oversees.filter((o) => !managedIds.has(o.organizationId));
  const shown = new Set([...managedIds, ...overseen.map((o) => o.organizationId), me.member?.organizationId ?? ""]);
  const others = unique(me.scopes.map((s) => s.organizationId)).filter((o) => !shown.has(o.id));
  const ownCell = me.member && !managedIds.has(me.member.organizationId) ? me.member : null;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("ui.home.greeting", { name: me.displayName })}</Title>
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

      {managed.map((org) => (
        <ManagedOrgCard key={org.id} org={org} subOrgs={childrenOf(all, org.id).filter((c) => !c.closedOn)} />
      ))}

      {ownCell && (
        <Paper withBorder p="md" radius="md">
          <Title order={2} mb="xs">
            {ownCell.organizationName}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Button component={Link} to={`/to-chuc/${ownCell.organizationId}?tab=dang-vien`} size="lg" justify="flex-start">
              {t("ui.home.memberList")}
            </Button>
            <Button component={Link} to={`/to-chuc/${ownCell.organizationId}?tab=cap-uy`} size="lg" variant="outline" justify="flex-start">
              {t("ui.org.tabs.committee")}
            </Button>
          </SimpleGrid>
        </Paper>
      )}

      {overseen.length > 0 && (
        <Paper withBorder p="md" radius="md">
          <Title order={2} mb="xs">
            {t("ui.home.oversees")}
          </Title>
          <Stack gap="xs">
            {overseen.map((o) => (
              <LinkCard key={o.organizationId} to={`/to-chuc/${o.organizationId}`} title={o.organizationName} />
            ))}
          </Stack>
        </Paper>
      )}

      {others.length > 0 && (
        <Paper withBorder p="md" radius="md">
          <Title order={2} mb="xs">
            {t("ui.home.canView")}
          </Title>
          <Stack gap="xs">
            {others.map((o) => (
              <LinkCard key={o.id} to={`/to-chuc/${o.id}`} title={o.name} description={t(`kinds.${o.kind}`)} />
            ))}
          </Stack>
        </Paper>
      )}

      {!orgs.isPending && managed.length === 0 && !ownCell && overseen.length === 0 && others.length === 0 && <Text>{t("ui.home.nothing")}</Text>}
    </Stack>
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
          <Button component={Link} to={`/to-chuc/${org.id}/nhap-danh-sach`} size="lg" variant="outline" fullWidth justify="flex-start">
            {t("ui.home.import")}
          </Button>
        )}
        <Button component={Link} to={`/to-chuc/${org.id}?tab=cap-uy`} size="lg" variant="outline" fullWidth justify="flex-start">
          {t("ui.org.tabs.committee")}
        </Button>
      </SimpleGrid>
      <OrgWarnings org={org} />
      {subOrgs.length > 0 && (
        <>
          <Title order={3} mt="md" mb="xs">
            {t("ui.home.children")}
          </Title>
          <Stack gap={4}>
            {subOrgs.map((c) => (
              <Anchor key={c.id} component={Link} to={`/to-chuc/${c.id}`} fw={600} py={4}>
                {c.name}
              </Anchor>
            ))}
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
  const probationers = useQuery({
    queryKey: memberKeys.probation(org.id),
    queryFn: () => api.get<MemberList>(membersUrl(org.id, { status: "probationary", limit: 500 })),
    enabled: canSeeProbation,
  });
  const attention = (probationers.data?.items ?? []).filter((m) => m.probation && m.probation.stage !== "running").sort((a, b) => a.probation!.daysLeft - b.probation!.daysLeft);
  const rulebook = useMembershipRulebook(org.id, attention.length > 0);
  const probationWarnings: RuleWarning[] = rulebook.data
    ? attention.map((m): RuleWarning => {
        const p = m.probation!;
        return p.stage === "overdue"
          ? {
              code: "probation_overdue",
              messageKey: "warnings.probation_overdue",
              params: { name: m.fullName, date: formatDate(p.endsOn), workingDays: rulebook.data.data.probation.considerWithinWorkingDays },
              source: rulebook.data.data.probation.source,
            }
          : { code: "probation_due", messageKey: "warnings.probation_due", params: { name: m.fullName, date: formatDate(p.endsOn), days: p.daysLeft }, source: rulebook.data.data.probation.source };
      })
    : [];
  const warnings = [...(detail.data?.warnings ?? []), ...probationWarnings];
  if (detail.isPending) return null;
  return (
    <Stack gap="xs" mt="md">
      <Title order={3}>{t("ui.home.attention")}</Title>
      {warnings.length === 0 ? <Text c="dimmed">{t("ui.home.noWarnings")}</Text> : <WarningList warnings={warnings} />}
    </Stack>
  );
}

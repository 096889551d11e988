import { NavLink, Stack, Text } from "@mantine/core";
import { Link, useLocation } from "react-router";
import { useT } from "../../../web/i18n";
import { flattenTree, useOrganizations } from "./queries";

/** The organisations the user can see, indented by level. Small enough (a đảng bộ has tens of cells) to show whole. */
export function OrganizationTree({ onNavigate }: { onNavigate?: () => void }) {
  const t = useT();
  const orgs = useOrganizations();
  const location = useLocation();
  const activeId = location.pathname.match(/^\/to-chuc\/([^/]+)/)?.[1];

  if (orgs.isPending) return <Text c="dimmed">{t("ui.loading")}</Text>;
  if (orgs.isError) return <Text c="red.8">{t("ui.errors.loadOrganizations")}</Text>;
  const nodes = flattenTree(orgs.data);
  if (nodes.length === 0) return <Text c="dimmed">{t("ui.nav.noOrganizations")}</Text>;

  return (
    <Stack gap={2} component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {nodes.map(({ org, depth }) => (
        <li key={org.id}>
          <NavLink
            component={Link}
            to={`/to-chuc/${org.id}`}
            onClick={onNavigate}
            active={org.id === activeId}
            label={org.name}
            description={org.closedOn ? t("ui.org.closedShort") : t(`kinds.${org.kind}`)}
            style={{
              paddingLeft: `calc(${depth} * 1rem + 0.75rem)`,
              borderRadius: "var(--mantine-radius-md)",
              minHeight: 48,
            }}
            styles={{ label: { fontSize: "var(--mantine-font-size-md)", fontWeight: depth === 0 ? 700 : 500 } }}
            c={org.closedOn ? "dimmed" : undefined}
          />
        </li>
      ))}
    </Stack>
  );
}

import { NavLink } from "@mantine/core";
import { Link, useLocation } from "react-router";
import { useCurrentUser } from "../../../web/auth";
import { useT } from "../../../web/i18n";
import { useOrganizations } from "../../organizations/ui/queries";
import { entersInspections } from "./entry";

/** The side menu's entry to a đảng bộ's inspection pages, for those the rules let in (the UBKT, the đảng ủy, the office). */
export function InspectionsNavEntry({ onNavigate }: { onNavigate: () => void }) {
  const t = useT();
  const me = useCurrentUser();
  const location = useLocation();
  const orgs = useOrganizations();
  const parties = (orgs.data ?? []).filter((o) => o.kind === "party_committee" && entersInspections(me, o));
  return (
    <>
      {parties.map((o) => {
        const to = `/to-chuc/${o.id}/kiem-tra`;
        return (
          <NavLink
            key={o.id}
            component={Link}
            to={to}
            label={t("ui.inspections.title")}
            description={parties.length > 1 ? o.name : undefined}
            active={location.pathname === to}
            onClick={onNavigate}
            style={{ borderRadius: "var(--mantine-radius-md)", minHeight: 48 }}
            styles={{ label: { fontSize: "var(--mantine-font-size-md)", fontWeight: 600 } }}
          />
        );
      })}
    </>
  );
}

import { useState } from "react";
import {
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { Link, useSearchParams } from "react-router";
import { useCurrentUser } from "../../../web/auth";
import { formatDate, useT } from "../../../web/i18n";
import { PageError, ProbationBadge, StatusBadge, useIsPhone } from "../../../web/ui";
import type { MemberListItem, MemberStatus, Organization } from "../../../web/types";
import { useMemberPages, type MemberFilter } from "./queries";

function statusParam(value: string | null): MemberStatus | null {
  return value === "full" || value === "probationary" ? value : null;
}

/** The member list of an organisation (and everything under it): search, filters, cards on phones, a table on desktops. */
export function MemberList({ org }: { org: Organization }) {
  const t = useT();
  const me = useCurrentUser();
  const isPhone = useIsPhone();
  // Filters live in the address, so "back" from a member returns to the same search.
  const [params, setParams] = useSearchParams();
  // The box keeps its own text (typing must never lag behind a navigation); the address only remembers it.
  const [q, setQ] = useState(() => params.get("q") ?? "");
  const status = statusParam(params.get("loai"));
  const includeLeft = params.get("daroi") === "1";
  const [debouncedQ] = useDebouncedValue(q.trim(), 350);
  const filter: MemberFilter = { q: debouncedQ, status, includeLeft };
  const pages = useMemberPages(org.id, filter);

  const setParam = (key: string, value: string | null) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  };

  const perms = org.permissions;
  const searchLabel = t("ui.members.search");
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const total = pages.data?.pages[0]?.total ?? 0;
  const detail = pages.data?.pages[0]?.detail ?? false;
  const canOpen = (m: MemberListItem) => detail || m.id === me.member?.id;
  const showOrg = items.some((m) => m.organizationId !== org.id);

  return (
    <Stack gap="md">
      {(perms["member.manage"] || perms["roster.import"] || (perms["roster.export"] && perms["member.view"])) && (
        <div
          style={{
            display: "grid",
            gridTemplateColumns: isPhone ? "1fr 1fr" : "repeat(3, max-content)",
            gap: "var(--mantine-spacing-sm)",
          }}
        >
          {perms["member.manage"] && !org.closedOn && (
            <Button
              component={Link}
              to={`/to-chuc/${org.id}/dang-vien/moi`}
              size="lg"
              style={isPhone ? { gridColumn: "1 / -1" } : undefined}
            >
              {t("ui.members.add")}
            </Button>
          )}
          {perms["roster.import"] && !org.closedOn && (
            <Button component={Link} to={`/to-chuc/${org.id}/nhap-danh-sach`} variant="outline">
              {t("ui.members.import")}
            </Button>
          )}
          {perms["roster.export"] && perms["member.view"] && (
            <Button component="a" href={`/api/organizations/${org.id}/roster.xlsx`} download variant="default">
              {t("ui.members.export")}
            </Button>
          )}
        </div>
      )}

      <Stack gap="sm">
        <TextInput
          type="search"
          label={searchLabel}
          aria-label={searchLabel}
          placeholder={t("ui.members.searchPlaceholder")}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setParam("q", e.currentTarget.value.trim() || null);
          }}
          rightSection={pages.isFetching && !pages.isFetchingNextPage ? <Loader size="sm" /> : null}
          autoComplete="off"
          enterKeyHint="search"
        />
        <Group gap="md" align="center">
          <SegmentedControl
            aria-label={t("fields.status")}
            value={status ?? "all"}
            onChange={(v) => setParam("loai", v === "all" ? null : v)}
            data={[
              { value: "all", label: t("ui.members.all") },
              { value: "full", label: t("status.full") },
              { value: "probationary", label: t("status.probationary") },
            ]}
          />
          <Switch
            label={t("ui.members.includeLeft")}
            checked={includeLeft}
            onChange={(e) => setParam("daroi", e.currentTarget.checked ? "1" : null)}
          />
        </Group>
      </Stack>

      {pages.isPending ? (
        <Center py="lg">
          <Loader />
        </Center>
      ) : pages.isError ? (
        <PageError error={pages.error} onRetry={() => void pages.refetch()} />
      ) : (
        <>
          <Text fw={600} aria-live="polite">
            {t("ui.members.count", { count: total })}
          </Text>
          {items.length === 0 ? (
            <Paper withBorder p="lg" radius="md">
              <Text>{debouncedQ ? t("ui.members.noneFound", { q: debouncedQ }) : t("ui.members.empty")}</Text>
            </Paper>
          ) : isPhone ? (
            <MemberCards items={items} detail={detail} showOrg={showOrg} canOpen={canOpen} />
          ) : (
            <MemberTable items={items} detail={detail} showOrg={showOrg} canOpen={canOpen} />
          )}
          {pages.hasNextPage && (
            <Button
              variant="default"
              size="lg"
              onClick={() => void pages.fetchNextPage()}
              loading={pages.isFetchingNextPage}
              fullWidth={isPhone}
            >
              {t("ui.members.more", { count: total - items.length })}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}

interface ListProps {
  items: MemberListItem[];
  detail: boolean;
  showOrg: boolean;
  canOpen: (m: MemberListItem) => boolean;
}

function ExtraBadges({ m }: { m: MemberListItem }) {
  const t = useT();
  return (
    <>
      {m.probation && <ProbationBadge probation={m.probation} />}
      {m.exemptFromActivities && (
        <Badge color="gray.8" variant="outline">
          {t("fields.exemptFromActivities")}
        </Badge>
      )}
      {m.leftOn && (
        <Badge color="gray.8" variant="filled">
          {t("ui.members.leftOn", { date: formatDate(m.leftOn) })}
        </Badge>
      )}
    </>
  );
}

function MemberCards({ items, detail, showOrg, canOpen }: ListProps) {
  const t = useT();
  return (
    <Stack gap="sm" component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {items.map((m) => {
        const body = (
          <Stack gap={6}>
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
              <Text fw={700} size="lg" c={canOpen(m) ? "brand.8" : undefined}>
                {m.fullName}
              </Text>
              <StatusBadge status={m.status} />
            </Group>
            {m.unit && <Text size="sm">{t("ui.members.unitLine", { unit: m.unit })}</Text>}
            {showOrg && <Text size="sm">{m.organizationName}</Text>}
            {detail && (m.cardNumber || m.dateOfBirth) && (
              <Text size="sm">
                {[
                  m.cardNumber && t("ui.members.cardLine", { card: m.cardNumber }),
                  m.dateOfBirth && t("ui.members.dobLine", { date: formatDate(m.dateOfBirth) }),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </Text>
            )}
            <Group gap={6}>
              <ExtraBadges m={m} />
            </Group>
          </Stack>
        );
        return (
          <li key={m.id}>
            {canOpen(m) ? (
              <Paper
                withBorder
                radius="md"
                p="md"
                component={Link}
                to={`/dang-vien/${m.id}`}
                className="chibo-card-link"
              >
                {body}
              </Paper>
            ) : (
              <Paper withBorder radius="md" p="md">
                {body}
              </Paper>
            )}
          </li>
        );
      })}
    </Stack>
  );
}

function MemberTable({ items, detail, showOrg, canOpen }: ListProps) {
  const t = useT();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="sm" fz="md">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("fields.fullName")}</Table.Th>
            <Table.Th>{t("fields.status")}</Table.Th>
            {detail && <Table.Th>{t("fields.cardNumber")}</Table.Th>}
            {detail && <Table.Th>{t("fields.dateOfBirth")}</Table.Th>}
            <Table.Th>{t("fields.unit")}</Table.Th>
            {showOrg && <Table.Th>{t("fields.organizationId")}</Table.Th>}
            <Table.Th>{t("ui.members.notes")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td fw={600}>
                {canOpen(m) ? (
                  <Anchor component={Link} to={`/dang-vien/${m.id}`} fw={700}>
                    {m.fullName}
                  </Anchor>
                ) : (
                  m.fullName
                )}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={m.status} />
              </Table.Td>
              {detail && <Table.Td>{m.cardNumber ?? ""}</Table.Td>}
              {detail && <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(m.dateOfBirth)}</Table.Td>}
              <Table.Td>{m.unit ?? ""}</Table.Td>
              {showOrg && <Table.Td>{m.organizationName}</Table.Td>}
              <Table.Td>
                <Group gap={6}>
                  <ExtraBadges m={m} />
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

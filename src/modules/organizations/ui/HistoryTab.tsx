import { Anchor, Badge, Button, Center, Group, Loader, Paper, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { api, query } from "../../../web/api";
import { formatDate, formatDateTime, isMessageKey, useT, useTranslateAny } from "../../../web/i18n";
import { PageError } from "../../../web/ui";
import type { AuditEvent, AuditEventList, Organization } from "../present";
import { orgKeys, useOrganizations } from "./queries";

const PAGE = 50;
const ACTIONS = [
  "create",
  "update",
  "move",
  "close",
  "end",
  "transfer",
  "leave",
  "adopt",
  "change_password",
  "reset_password",
  "create_office_account",
] as const;
const ENTITIES = ["organization", "term", "position", "oversight", "member", "user", "rulebook"] as const;
// Bookkeeping columns nobody needs to read in a history.
const HIDDEN = new Set([
  "id",
  "createdAt",
  "updatedAt",
  "version",
  "sortKey",
  "searchText",
  "path",
  "organizationId",
  "memberId",
  "termId",
]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/;

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

/** The name that says what the event was about: a person, an organisation, a term. */
function subjectOf(event: AuditEvent, tr: (key: string) => string): string {
  const record = asRecord(event.after) ?? asRecord(event.before) ?? {};
  for (const key of ["fullName", "name", "label", "username"]) {
    if (typeof record[key] === "string") return record[key] as string;
  }
  if (typeof record.role === "string") return tr(`roles.${record.role}`);
  return "";
}

export function HistoryTab({ org }: { org: Organization }) {
  const t = useT();
  const orgs = useOrganizations();
  const names = new Map((orgs.data ?? []).map((o) => [o.id, o.name]));
  const events = useInfiniteQuery({
    queryKey: orgKeys.audit(org.id),
    queryFn: ({ pageParam }) =>
      api.get<AuditEventList>(`/api/organizations/${org.id}/audit${query({ limit: PAGE, before: pageParam })}`),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.items.length < PAGE ? undefined : last.items[last.items.length - 1]?.id),
  });

  if (events.isPending)
    return (
      <Center py="lg">
        <Loader />
      </Center>
    );
  if (events.isError) return <PageError error={events.error} onRetry={() => void events.refetch()} />;
  // A transfer is recorded in both organisations; seen from the đảng bộ above them it is one event.
  const items = events.data.pages
    .flatMap((p) => p.items)
    .filter((e, i, all) => {
      const prev = all[i - 1];
      return !(
        prev &&
        prev.action === e.action &&
        prev.entityId === e.entityId &&
        prev.at === e.at &&
        JSON.stringify(prev.after) === JSON.stringify(e.after)
      );
    });

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t("ui.history.help")}
      </Text>
      {items.length === 0 && <Text>{t("ui.history.empty")}</Text>}
      <Stack gap="xs" component="ol" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {items.map((event) => (
          <li key={event.id}>
            <EventLine event={event} orgNames={names} />
          </li>
        ))}
      </Stack>
      {events.hasNextPage && (
        <Button
          variant="default"
          size="lg"
          onClick={() => void events.fetchNextPage()}
          loading={events.isFetchingNextPage}
        >
          {t("ui.history.more")}
        </Button>
      )}
    </Stack>
  );
}

function EventLine({ event, orgNames }: { event: AuditEvent; orgNames: Map<string, string> }) {
  const t = useT();
  const tr = useTranslateAny();
  const action = (ACTIONS as readonly string[]).includes(event.action)
    ? t(`ui.history.action.${event.action as (typeof ACTIONS)[number]}`)
    : event.action;
  const entity = (ENTITIES as readonly string[]).includes(event.entityType)
    ? t(`ui.history.entity.${event.entityType as (typeof ENTITIES)[number]}`)
    : event.entityType;
  const subject = subjectOf(event, tr);
  const changes = diff(event);
  return (
    <Paper withBorder p="sm" radius="md">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" c="dimmed" ff="monospace">
          {formatDateTime(event.at)}
        </Text>
        <Badge
          variant="outline"
          color={
            event.action === "create"
              ? "teal.9"
              : event.action === "close" || event.action === "leave"
                ? "red.9"
                : "blue.9"
          }
        >
          {action}
        </Badge>
        <Text size="sm">{entity}</Text>
        <Text size="sm" c="dimmed">
          {t("ui.history.by", { name: event.actorName ?? t("ui.history.system") })}
        </Text>
      </Group>
      {subject ? (
        <Text fw={600}>{subject}</Text>
      ) : (
        event.entityType === "member" && (
          <Anchor component={Link} to={`/dang-vien/${event.entityId}`} fw={600}>
            {t("ui.history.openMember")}
          </Anchor>
        )
      )}
      {event.organizationId && orgNames.get(event.organizationId) && (
        <Text size="sm" c="dimmed">
          {orgNames.get(event.organizationId)}
        </Text>
      )}
      {changes.length > 0 && (
        <Stack gap={2} mt={4}>
          {changes.map((change) => (
            <ChangeLine key={change.key} change={change} orgNames={orgNames} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

interface Change {
  key: string;
  before: unknown;
  after: unknown;
}

/** Fields that differ between before and after; for a transfer (no full rows) everything in `after`. */
function diff(event: AuditEvent): Change[] {
  const before = asRecord(event.before);
  const after = asRecord(event.after);
  if (!after || event.action === "create") return [];
  const keys = Object.keys(after).filter(
    (k) => !HIDDEN.has(k) || ((k === "organizationId" || k === "parentId") && event.action !== "update"),
  );
  return keys
    .filter((k) => JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .slice(0, 8)
    .map((k) => ({ key: k, before: before?.[k] ?? null, after: after[k] ?? null }));
}

function ChangeLine({ change, orgNames }: { change: Change; orgNames: Map<string, string> }) {
  const t = useT();
  const tr = useTranslateAny();
  const label = isMessageKey(`fields.${change.key}`) ? tr(`fields.${change.key}`) : change.key;
  const show = (value: unknown): string => {
    if (value === null || value === undefined || value === "") return "—";
    if (typeof value === "boolean") return value ? t("ui.yes") : t("ui.no");
    if (typeof value !== "string") return JSON.stringify(value).slice(0, 60);
    if (change.key === "organizationId" || change.key === "parentId")
      return orgNames.get(value) ?? t("ui.history.otherOrg");
    if (change.key === "status" && (value === "full" || value === "probationary")) return t(`status.${value}`);
    if (change.key === "gender" && (value === "male" || value === "female")) return t(`gender.${value}`);
    if (change.key === "role" && isMessageKey(`roles.${value}`)) return tr(`roles.${value}`);
    if (ISO_DATE.test(value)) return formatDate(value);
    if (ISO_TIME.test(value)) return formatDateTime(value);
    return value.length > 80 ? `${value.slice(0, 80)}…` : value;
  };
  return (
    <Text size="sm">
      <Text span c="dimmed" size="sm">
        {label}:
      </Text>{" "}
      <Text span td="line-through" c="dimmed" size="sm">
        {show(change.before)}
      </Text>{" "}
      → <b>{show(change.after)}</b>
    </Text>
  );
}

import { useState, type ReactNode } from "react";
import { Anchor, Badge, Button, Card, Group, NativeSelect, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../web/api";
import { useT } from "../../../web/i18n";
import type { Organization } from "../../../web/types";
import { useOrganizations } from "../../organizations/ui/queries";
import type { InspectionRules } from "../model";

// What the inspection pages share: the rulebook in force, the subject pickers, a form that opens on demand.

export const inspectionKeys = { all: ["inspections"] as const };

/** The inspection rulebook in force for an organisation: step numbering, programmable types, the authority table. */
export function useInspectionRules(orgId: string | undefined) {
  return useQuery({
    queryKey: ["inspections", "rules", orgId ?? ""],
    queryFn: async () =>
      (await api.get<{ data: InspectionRules }>(`/api/organizations/${orgId}/rulebooks/inspection`)).data,
    enabled: !!orgId,
    staleTime: 60 * 60_000,
  });
}

/** The organisation and the open ones under it: the subjects a body of this organisation may inspect. */
export function useSubjectOrganizations(orgId: string): Organization[] {
  const orgs = useOrganizations();
  const root = (orgs.data ?? []).find((o) => o.id === orgId);
  if (!root) return [];
  return (orgs.data ?? []).filter((o) => o.path.startsWith(root.path) && !o.closedOn && o.kind !== "group");
}

/** A native select: large, readable, and operated by the phone's own picker. */
export function Choice<V extends string>({
  label,
  value,
  onChange,
  options,
  error,
  blank,
}: {
  label: string;
  value: V | "";
  onChange: (value: V | "") => void;
  options: { value: V; label: string }[];
  error?: string;
  blank?: boolean;
}) {
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as V | "")}
      data={[...(blank ? [{ value: "", label: "—" }] : []), ...options]}
      error={error}
      size="md"
    />
  );
}

/** A form behind a button, so a page at 360 px shows the records first and each form only when wanted. */
export function Opener({ label, children }: { label: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <Button variant="outline" size="md" onClick={() => setOpen(true)} style={{ alignSelf: "flex-start" }}>
        {label}
      </Button>
    );
  return <>{children(() => setOpen(false))}</>;
}

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Title order={3} mb="xs">
        {title}
      </Title>
      <Stack gap="xs">{children}</Stack>
    </Card>
  );
}

export function ConfidentialBadge() {
  const t = useT();
  return (
    <Badge color="red.9" variant="filled" style={{ flexShrink: 0 }}>
      {t("ui.inspections.confidential")}
    </Badge>
  );
}

/** Text the reader typed, kept with its line breaks and wrapped at any width. */
export function Prose({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {children}
    </Text>
  );
}

/** "Tải PDF" and "Tải Word" for a document the module renders: `base` is its file route without the format. */
export function DownloadLinks({ base }: { base: string }) {
  const t = useT();
  return (
    <Group gap="md">
      {(["pdf", "docx"] as const).map((format) => (
        <Anchor key={format} href={`${base}/${format}`} size="sm" py={6}>
          {t(format === "pdf" ? "ui.documents.download_pdf" : "ui.documents.download_docx")}
        </Anchor>
      ))}
    </Group>
  );
}

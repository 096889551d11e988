import { useEffect, useRef, useState, type FormEvent } from "react";
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useLocation, useNavigate, useParams } from "react-router";
import { api, ApiError } from "../../../web/api";
import { DateField } from "../../../web/dates";
import { useT } from "../../../web/i18n";
import { NotFoundPage } from "../../../web/pages/NotFoundPage";
import {
  notifySuccess,
  orNull,
  PageError,
  PageLoader,
  useApiForm,
  usePageTitle,
  type FieldErrors,
  FormError,
} from "../../../web/ui";
import type { Gender, MemberFields, MemberStatus, Organization } from "../../../web/types";
import type { Member } from "../present";
import { orgKeys, useOrganization, useOrganizations } from "../../organizations/ui/queries";
import { memberKeys, useMember } from "./queries";

interface FormValues {
  fullName: string;
  status: MemberStatus;
  cardNumber: string;
  dateOfBirth: string | null;
  gender: Gender | "";
  ethnicity: string;
  education: string;
  admissionDate: string | null;
  ceremonyDate: string | null;
  officialDate: string | null;
  phone: string;
  email: string;
  unit: string;
  exemptFromActivities: boolean;
  /** Only when adding a member: from when they belong to the cell. */
  joinedOn: string | null;
}

const EMPTY: FormValues = {
  fullName: "",
  status: "full",
  cardNumber: "",
  dateOfBirth: null,
  gender: "",
  ethnicity: "",
  education: "",
  admissionDate: null,
  ceremonyDate: null,
  officialDate: null,
  phone: "",
  email: "",
  unit: "",
  exemptFromActivities: false,
  joinedOn: null,
};

function fromMember(m: Member): FormValues {
  return {
    fullName: m.fullName,
    status: m.status,
    cardNumber: m.cardNumber ?? "",
    dateOfBirth: m.dateOfBirth,
    gender: m.gender ?? "",
    ethnicity: m.ethnicity ?? "",
    education: m.education ?? "",
    admissionDate: m.admissionDate,
    ceremonyDate: m.ceremonyDate,
    officialDate: m.officialDate,
    phone: m.phone ?? "",
    email: m.email ?? "",
    unit: m.unit ?? "",
    exemptFromActivities: m.exemptFromActivities,
    joinedOn: null,
  };
}

function toBody(v: FormValues): MemberFields {
  return {
    fullName: v.fullName.trim(),
    status: v.status,
    cardNumber: orNull(v.cardNumber),
    dateOfBirth: v.dateOfBirth,
    gender: v.gender || null,
    ethnicity: orNull(v.ethnicity),
    education: orNull(v.education),
    admissionDate: v.admissionDate,
    ceremonyDate: v.ceremonyDate,
    officialDate: v.officialDate,
    phone: orNull(v.phone),
    email: orNull(v.email),
    unit: orNull(v.unit),
    exemptFromActivities: v.exemptFromActivities,
  };
}

/** /to-chuc/:id/dang-vien/moi adds a member to that organisation; /dang-vien/:id/sua edits one. */
export function MemberFormPage() {
  const { id } = useParams();
  const creating = useLocation().pathname.startsWith("/to-chuc/");
  return creating ? <CreateMember orgId={id!} /> : <EditMember memberId={id!} />;
}

function CreateMember({ orgId }: { orgId: string }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const org = useOrganization(orgId);
  const orgs = useOrganizations();
  const [target, setTarget] = useState<string>("");
  usePageTitle(t("ui.memberForm.createTitle"));

  if (org.isPending || orgs.isPending) return <PageLoader />;
  if (org.isError)
    return org.error instanceof ApiError && org.error.status === 404 ? (
      <NotFoundPage />
    ) : (
      <PageError error={org.error} />
    );
  // A member belongs to a cell or a tổ đảng: offer the open ones in this subtree that the user manages.
  const targets = (orgs.data ?? []).filter(
    (o: Organization) =>
      o.path.startsWith(org.data.path) && o.kind !== "party_committee" && !o.closedOn && o.permissions["member.manage"],
  );
  const organizationId = target || (org.data.kind !== "party_committee" ? org.data.id : (targets[0]?.id ?? ""));

  return (
    <MemberFormView
      title={t("ui.memberForm.createTitle")}
      subtitle={org.data.name}
      initial={EMPTY}
      organizationPicker={
        targets.length > 1 ? (
          <NativeSelect
            label={t("fields.organizationId")}
            value={organizationId}
            onChange={(e) => setTarget(e.currentTarget.value)}
            data={targets.map((o) => ({ value: o.id, label: o.name }))}
            required
          />
        ) : null
      }
      creating
      submit={(values) =>
        api.post<Member>("/api/members", { organizationId, ...toBody(values), joinedOn: values.joinedOn })
      }
      onSaved={async (saved) => {
        notifySuccess(t("ui.memberForm.created", { name: saved.fullName }));
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: memberKeys.lists }),
          queryClient.invalidateQueries({ queryKey: orgKeys.detail(orgId) }),
        ]);
        navigate(`/to-chuc/${orgId}?tab=dang-vien`);
      }}
      onCancel={() => navigate(`/to-chuc/${orgId}`)}
    />
  );
}

function EditMember({ memberId }: { memberId: string }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const member = useMember(memberId);
  usePageTitle(member.data ? t("ui.memberForm.editTitle", { name: member.data.fullName }) : null);

  if (member.isPending) return <PageLoader />;
  if (member.isError)
    return member.error instanceof ApiError && member.error.status === 404 ? (
      <NotFoundPage />
    ) : (
      <PageError error={member.error} />
    );
  const m = member.data;

  return (
    <MemberFormView
      // A new version (after "reload") remounts the form with the fresh data.
      key={m.version}
      title={t("ui.memberForm.editTitle", { name: m.fullName })}
      subtitle={m.organizationName}
      initial={fromMember(m)}
      submit={(values) => api.put<Member>(`/api/members/${m.id}`, { ...toBody(values), version: m.version })}
      onSaved={async () => {
        notifySuccess(t("ui.saved"));
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: memberKeys.detail(m.id) }),
          queryClient.invalidateQueries({ queryKey: memberKeys.lists }),
        ]);
        navigate(`/dang-vien/${m.id}`);
      }}
      onCancel={() => navigate(`/dang-vien/${m.id}`)}
      onReload={() => void member.refetch()}
    />
  );
}

interface ViewProps {
  title: string;
  subtitle: string;
  initial: FormValues;
  organizationPicker?: React.ReactNode;
  /** Adding a member: the form asks from when they belong to the cell. */
  creating?: boolean;
  submit: (values: FormValues) => Promise<Member>;
  onSaved: (saved: Member) => void | Promise<void>;
  onCancel: () => void;
  onReload?: () => void;
}

function MemberFormView({
  title,
  subtitle,
  initial,
  organizationPicker,
  creating = false,
  submit,
  onSaved,
  onCancel,
  onReload,
}: ViewProps) {
  const t = useT();
  const [values, setValues] = useState<FormValues>(initial);
  const formRef = useRef<HTMLFormElement>(null);
  const form = useApiForm(() => submit(values), onSaved);
  const errors: FieldErrors = form.errors;
  const stale = form.lastError?.problem.code === "stale_version";
  const staleRef = useRef<HTMLDivElement>(null);

  // Someone else saved first: bring the explanation and the reload button into view.
  useEffect(() => {
    if (stale) staleRef.current?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [stale]);

  // After a refused save, take the user to the first field that needs attention.
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
    first?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [errors]);

  const set =
    <K extends keyof FormValues>(key: K) =>
    (value: FormValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));
  const text = (key: "fullName" | "cardNumber" | "ethnicity" | "education" | "phone" | "email" | "unit") => ({
    label: t(`fields.${key}`),
    value: values[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(key)(e.currentTarget.value),
    error: errors[key],
    name: key,
  });
  const date = (key: "dateOfBirth" | "admissionDate" | "ceremonyDate" | "officialDate" | "joinedOn") => ({
    label: t(`fields.${key}`),
    value: values[key],
    onChange: set(key),
    error: errors[key],
    name: key,
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!values.fullName.trim()) {
      form.setErrors({ fullName: t("validation.required") });
      return;
    }
    void form.run();
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <div>
          <Title order={1}>{title}</Title>
          <Text c="dimmed">{subtitle}</Text>
        </div>

        {stale && (
          <Alert ref={staleRef} color="red" variant="light" role="alert" title={t("ui.memberForm.staleTitle")}>
            <Stack gap="sm" align="flex-start">
              <Text>{form.lastError?.problem.detail}</Text>
              {onReload && (
                <Button variant="outline" color="red" onClick={onReload}>
                  {t("ui.memberForm.reload")}
                </Button>
              )}
            </Stack>
          </Alert>
        )}

        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h3" mb="sm">
            {t("ui.memberForm.basic")}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            {organizationPicker}
            <TextInput {...text("fullName")} required autoComplete="off" autoCapitalize="words" />
            <NativeSelect
              label={t("fields.status")}
              name="status"
              value={values.status}
              onChange={(e) => set("status")(e.currentTarget.value as MemberStatus)}
              data={[
                { value: "full", label: t("status.full") },
                { value: "probationary", label: t("status.probationary") },
              ]}
              error={errors.status}
              required
            />
            <TextInput {...text("cardNumber")} inputMode="numeric" autoComplete="off" />
            <DateField {...date("dateOfBirth")} defaultLevel="decade" defaultDate="1975-01-01" />
            <NativeSelect
              label={t("fields.gender")}
              name="gender"
              value={values.gender}
              onChange={(e) => set("gender")(e.currentTarget.value as Gender | "")}
              data={[
                { value: "", label: t("ui.select.none") },
                { value: "male", label: t("gender.male") },
                { value: "female", label: t("gender.female") },
              ]}
              error={errors.gender}
            />
            <TextInput {...text("ethnicity")} />
            <TextInput {...text("education")} />
          </SimpleGrid>
        </Paper>

        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h3" mb="sm">
            {t("ui.memberForm.party")}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <DateField {...date("admissionDate")} />
            <DateField {...date("ceremonyDate")} />
            <DateField {...date("officialDate")} />
            {creating && <DateField {...date("joinedOn")} description={t("ui.memberForm.joinedOnHelp")} />}
          </SimpleGrid>
        </Paper>

        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h3" mb="sm">
            {t("ui.memberForm.contact")}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput {...text("phone")} type="tel" inputMode="tel" autoComplete="off" />
            <TextInput {...text("email")} type="email" inputMode="email" autoComplete="off" autoCapitalize="none" />
            <TextInput {...text("unit")} />
          </SimpleGrid>
          <Checkbox
            mt="md"
            label={t("fields.exemptFromActivities")}
            description={t("ui.memberForm.exemptHelp")}
            checked={values.exemptFromActivities}
            onChange={(e) => set("exemptFromActivities")(e.currentTarget.checked)}
            error={errors.exemptFromActivities}
          />
        </Paper>

        {/* A stale copy has its own message and reload button at the top. */}
        {!stale && <FormError form={form} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" size="lg" onClick={onCancel} disabled={form.busy}>
            {t("ui.cancel")}
          </Button>
          <Button type="submit" size="lg" loading={form.busy}>
            {t("ui.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The inputs shared by every organisation form: add a subordinate, create a top-level đảng bộ, edit. */
import type { ChangeEvent } from "react";
import { TextInput } from "@mantine/core";
import { useT } from "../../../web/i18n";
import { orNull } from "../../../web/ui";

export interface OrgFields {
  name: string;
  code: string;
  abbreviation: string;
  superiorName: string;
  place: string;
}

export function OrgFieldInputs({
  value,
  onChange,
  errors,
}: {
  value: OrgFields;
  onChange: (v: OrgFields) => void;
  errors: Record<string, string>;
}) {
  const t = useT();
  const set = (key: keyof OrgFields) => (e: ChangeEvent<HTMLInputElement>) =>
    onChange({ ...value, [key]: e.currentTarget.value });
  return (
    <>
      <TextInput label={t("fields.name")} value={value.name} onChange={set("name")} error={errors.name} required />
      <TextInput
        label={t("fields.code")}
        description={t("ui.children.codeHelp")}
        value={value.code}
        onChange={set("code")}
        error={errors.code}
        required
        autoCapitalize="characters"
        autoComplete="off"
        spellCheck={false}
      />
      <TextInput
        label={t("fields.abbreviation")}
        description={t("ui.children.abbreviationHelp")}
        value={value.abbreviation}
        onChange={set("abbreviation")}
        error={errors.abbreviation}
        required
      />
      <TextInput
        label={t("fields.superiorName")}
        description={t("ui.children.superiorNameHelp")}
        value={value.superiorName}
        onChange={set("superiorName")}
        error={errors.superiorName}
      />
      <TextInput
        label={t("fields.place")}
        description={t("ui.children.placeHelp")}
        value={value.place}
        onChange={set("place")}
        error={errors.place}
      />
    </>
  );
}

/** The request body for these fields: trimmed, empty optional fields as null. */
export function fieldsBody(v: OrgFields) {
  return {
    name: v.name.trim(),
    code: v.code.trim(),
    abbreviation: v.abbreviation.trim(),
    superiorName: orNull(v.superiorName),
    place: orNull(v.place),
  };
}

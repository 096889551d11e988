/** The other elected committee members (chi ủy viên) of a congress: several members, none of them the secretary or deputy. */
import { MultiSelect, type ComboboxItem, type OptionsFilter } from "@mantine/core";
import { useT } from "../../../web/i18n";
import type { FieldErrors } from "../../../web/ui";
import { foldForSearch } from "../../members/names";
import { useMemberChoices } from "../../members/ui/queries";

// "nguyen an" finds "Nguyễn Văn An", as in the single member picker.
const vietnameseFilter: OptionsFilter = ({ options, search }) => {
  const words = foldForSearch(search).split(" ").filter(Boolean);
  return options.filter(
    (option) => !("value" in option) || words.every((w) => foldForSearch((option as ComboboxItem).label).includes(w)),
  );
};

export function CommitteePicker({
  orgId,
  value,
  onChange,
  exclude,
  error,
}: {
  orgId: string;
  value: string[];
  onChange: (v: string[]) => void;
  exclude: (string | null)[];
  error?: string;
}) {
  const t = useT();
  const choices = useMemberChoices(orgId);
  const data = (choices.data?.items ?? [])
    .filter((m) => !exclude.includes(m.id))
    .map((m) => ({ value: m.id, label: m.fullName }));
  return (
    <MultiSelect
      label={t("ui.plans.congress.committee")}
      description={t("ui.plans.congress.committeeHelp")}
      placeholder={value.length ? undefined : t("ui.pickMember")}
      data={data}
      value={value.filter((id) => !exclude.includes(id))}
      onChange={onChange}
      searchable
      filter={vietnameseFilter}
      nothingFoundMessage={t("ui.members.noneShort")}
      error={error}
      hidePickedOptions
      maxDropdownHeight={320}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/**
 * The server names an elected seat by its place in the list it received: secretary first, deputy next (if any),
 * then the committee members. A problem at a committee seat is shown under this picker.
 */
export function committeeError(
  errors: FieldErrors,
  secretary: string | null,
  deputy: string | null,
): string | undefined {
  const first = (secretary ? 1 : 0) + (deputy ? 1 : 0);
  const key = Object.keys(errors).find((k) => {
    const m = /^elected\.(\d+)\./.exec(k);
    return m && Number(m[1]) >= first;
  });
  return key ? errors[key] : undefined;
}

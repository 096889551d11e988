import { Select, type ComboboxItem, type OptionsFilter } from "@mantine/core";
import { useT } from "../../../web/i18n";
import { foldForSearch } from "../names";
import { useMemberChoices } from "./queries";

interface Props {
  /** Members of this organisation and its subtree can be chosen. */
  organizationId: string | null;
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
  /** Marked required unless the choice is optional (a deputy "if any"). */
  required?: boolean;
}

// Typing "nguyen an" finds "Nguyễn Văn An": both sides lose their diacritics, every word must match.
const vietnameseFilter: OptionsFilter = ({ options, search }) => {
  const words = foldForSearch(search).split(" ").filter(Boolean);
  return options.filter((option) => {
    if (!("value" in option)) return true;
    const text = foldForSearch((option as ComboboxItem).label);
    return words.every((w) => text.includes(w));
  });
};

export function MemberPicker({ organizationId, label, value, onChange, error, required = true }: Props) {
  const t = useT();
  const choices = useMemberChoices(organizationId);
  const data = (choices.data?.items ?? []).map((m) => ({ value: m.id, label: m.fullName }));
  return (
    <Select
      label={label}
      placeholder={choices.isPending ? t("ui.loading") : t("ui.pickMember")}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      filter={vietnameseFilter}
      nothingFoundMessage={t("ui.members.noneShort")}
      error={error}
      required={required}
      clearable={!required}
      maxDropdownHeight={320}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Date entry in dd/mm/yyyy; kept apart from ui.tsx so the calendar code loads only with the pages that need it. */
import { DateInput, type DateInputProps } from "@mantine/dates";
import "dayjs/locale/vi";
import { useI18n, useT } from "./i18n";

/**
 * Accepts what people type: 5/3/1990, 05.03.1990, 05-03-1990, 05031990, or ISO 1990-03-05.
 * Returns ISO yyyy-mm-dd, or null for anything that is not a real calendar date.
 */
export function parseDmy(input: string): string | null {
  const text = input.trim();
  let d: number, m: number, y: number;
  const dmy =
    text.match(/^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})$/) ?? text.match(/^(\d{2})(\d{2})(\d{4})$/);
  const iso = text.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > last) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

type DateFieldProps = Omit<DateInputProps, "value" | "onChange" | "valueFormat" | "dateParser"> & {
  value: string | null;
  onChange: (value: string | null) => void;
};

/** A date input that shows and accepts dd/mm/yyyy and hands ISO dates to the form. */
export function DateField({ value, onChange, required, ...rest }: DateFieldProps) {
  const t = useT();
  const { locale } = useI18n();
  return (
    <DateInput
      locale={locale}
      firstDayOfWeek={1}
      value={value || null}
      onChange={(v) => onChange(v ? v.slice(0, 10) : null)}
      valueFormat="DD/MM/YYYY"
      dateParser={parseDmy}
      placeholder={t("ui.datePlaceholder")}
      clearable={!required}
      required={required}
      minDate="1900-01-01"
      maxDate="2100-12-31"
      popoverProps={{ withinPortal: true }}
      ariaLabels={{
        previousMonth: t("ui.calendar.previousMonth"),
        nextMonth: t("ui.calendar.nextMonth"),
        previousYear: t("ui.calendar.previousYear"),
        nextYear: t("ui.calendar.nextYear"),
        previousDecade: t("ui.calendar.previousDecade"),
        nextDecade: t("ui.calendar.nextDecade"),
        monthLevelControl: t("ui.calendar.chooseMonth"),
        yearLevelControl: t("ui.calendar.chooseYear"),
      }}
      {...rest}
    />
  );
}

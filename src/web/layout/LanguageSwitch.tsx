import { SegmentedControl } from "@mantine/core";
import { api } from "../api";
import { useOptionalUser } from "../auth";
import { useI18n, useT, type Locale } from "../i18n";

/** VI / EN. Remembered on the device (cookie, also read by the server) and, when signed in, on the account. */
export function LanguageSwitch() {
  const { locale, setLocale } = useI18n();
  const me = useOptionalUser();
  const t = useT();
  const change = (value: string) => {
    const next: Locale = value === "en" ? "en" : "vi";
    setLocale(next);
    if (me) api.put("/api/auth/locale", { locale: next }).catch(() => undefined);
  };
  return (
    <SegmentedControl
      size="sm"
      value={locale}
      onChange={change}
      aria-label={t("ui.language")}
      data={[
        { value: "vi", label: "VI" },
        { value: "en", label: "EN" },
      ]}
      styles={{ label: { fontWeight: 700, paddingInline: 7 } }}
    />
  );
}

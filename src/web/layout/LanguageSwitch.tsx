import { Button } from "@mantine/core";
import { api } from "../api";
import { useOptionalUser } from "../auth";
import { useI18n, useT, type Locale } from "../i18n";

const LOCALES: readonly Locale[] = ["vi", "en"];

/**
 * VI / EN, two pressed-or-not buttons. Remembered on the device (cookie, also read by the server) and, when signed in,
 * on the account. Buttons rather than a segmented control: the header is on every screen, and a segmented control's
 * sliding indicator cost the first screen more script than the rest of the header together.
 */
export function LanguageSwitch() {
  const { locale, setLocale } = useI18n();
  const me = useOptionalUser();
  const t = useT();
  const change = (next: Locale) => {
    if (next === locale) return;
    setLocale(next);
    if (me) api.put("/api/auth/locale", { locale: next }).catch(() => undefined);
  };
  return (
    <Button.Group aria-label={t("ui.language")}>
      {LOCALES.map((l) => (
        <Button
          key={l}
          size="sm"
          px={8}
          variant={l === locale ? "filled" : "default"}
          aria-pressed={l === locale}
          lang={l}
          onClick={() => change(l)}
          styles={{ label: { fontWeight: 700 } }}
        >
          {l.toUpperCase()}
        </Button>
      ))}
    </Button.Group>
  );
}

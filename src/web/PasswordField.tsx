import { PasswordInput, type PasswordInputProps } from "@mantine/core";
import { useT } from "./i18n";

// In a file of its own rather than in ui.tsx, which the home uses: only the pages with a password bring its code.

/**
 * A password input whose show/hide button is named in the user's language, without the word "password"
 * (so "Mật khẩu" still finds exactly one field).
 */
export function PasswordField(props: PasswordInputProps) {
  const t = useT();
  return <PasswordInput visibilityToggleButtonProps={{ "aria-label": t("ui.password.toggle") }} {...props} />;
}

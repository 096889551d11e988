import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from "@mantine/core";

// Deep red, as on party documents; shade 7 is #b71c1c.
const brand: MantineColorsTuple = [
  "#ffebee",
  "#ffcdd2",
  "#ef9a9a",
  "#e57373",
  "#ef5350",
  "#e53935",
  "#c62828",
  "#b71c1c",
  "#9a1616",
  "#7f0000",
];

export const theme = createTheme({
  primaryColor: "brand",
  primaryShade: 7,
  colors: { brand },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  // Base text is 17px; nothing a user must read is below 14px.
  fontSizes: { xs: "0.875rem", sm: "1rem", md: "1.0625rem", lg: "1.1875rem", xl: "1.3125rem" },
  lineHeights: { md: "1.55" },
  headings: {
    fontWeight: "700",
    sizes: {
      h1: { fontSize: "1.625rem", lineHeight: "1.3" },
      h2: { fontSize: "1.375rem", lineHeight: "1.3" },
      h3: { fontSize: "1.1875rem", lineHeight: "1.35" },
      h4: { fontSize: "1.0625rem", lineHeight: "1.4" },
    },
  },
  defaultRadius: "md",
  cursorType: "pointer",
  components: {
    // Labels wrap instead of being cut off: long Vietnamese names must stay readable on a 360 px screen.
    Button: {
      defaultProps: { size: "md" },
      styles: {
        root: {
          height: "auto",
          minHeight: "var(--button-height)",
          paddingBlock: 6,
          display: "inline-flex",
          alignItems: "center",
        },
        inner: { height: "auto", width: "100%" },
        label: { whiteSpace: "normal", lineHeight: 1.3, overflow: "visible" },
      },
    },
    TextInput: { defaultProps: { size: "md" } },
    PasswordInput: { defaultProps: { size: "md" } },
    NativeSelect: { defaultProps: { size: "md" } },
    Select: { defaultProps: { size: "md" } },
    Textarea: { defaultProps: { size: "md" } },
    DateInput: { defaultProps: { size: "md" } },
    Checkbox: { defaultProps: { size: "md" } },
    Switch: { defaultProps: { size: "md" } },
    SegmentedControl: { defaultProps: { size: "md" } },
    // Badges carry real information (status, probation): readable size, no capitals, and they wrap rather than cut.
    Notification: { styles: { description: { color: "var(--mantine-color-black)" }, title: { fontWeight: 700 } } },
    Badge: {
      defaultProps: { size: "lg", radius: "sm" },
      styles: {
        root: {
          textTransform: "none",
          fontWeight: 600,
          fontSize: "0.875rem",
          height: "auto",
          minHeight: "var(--badge-height)",
          paddingBlock: 2,
          maxWidth: "100%",
        },
        label: { whiteSpace: "normal", overflow: "visible", lineHeight: 1.3 },
      },
    },
    Modal: {
      defaultProps: { size: "lg", centered: false },
      styles: { title: { fontSize: "var(--mantine-font-size-xl)", fontWeight: 700, lineHeight: 1.3 } },
    },
  },
});

/** Mantine's "dimmed" grey is too faint for older eyes; use a darker one. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-error": "var(--mantine-color-red-9)",
  },
  dark: {},
});

import { Badge } from "@mantine/core";
import type { ReactNode } from "react";

/** A status label that wraps on a narrow phone instead of being cut, in sentence case like the rest of the page. */
export function Tag({
  color,
  filled,
  nowrap,
  children,
}: {
  color: string;
  filled?: boolean;
  /** A short label that must stay on one line beside a name. */
  nowrap?: boolean;
  children: ReactNode;
}) {
  return (
    <Badge
      variant={filled ? "filled" : "outline"}
      color={color}
      bg={filled ? undefined : "white"}
      h="auto"
      py={3}
      style={{ flexShrink: 0 }}
      styles={{ label: { whiteSpace: nowrap ? "nowrap" : "normal", textTransform: "none", lineHeight: 1.3 } }}
    >
      {children}
    </Badge>
  );
}

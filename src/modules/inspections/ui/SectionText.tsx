import { List, Stack, Table, Text, Title } from "@mantine/core";
import { parseSectionText } from "../../documents/model";

/**
 * A section of a drafted text as a reader sees it, not as it is typed: paragraphs, lists, and the "| a | b |" lines
 * as a real table. On a phone the table keeps its columns and scrolls sideways inside its own box, so the page
 * itself never does and no cell is squeezed to a letter a line.
 */
export function SectionText({ heading, text }: { heading: string; text: string }) {
  return (
    <Stack gap={6}>
      {heading.trim() && <Title order={4}>{heading}</Title>}
      {parseSectionText(text).map((b, i) => {
        if (b.kind === "paragraph")
          return (
            <Text key={i} size="sm" style={{ overflowWrap: "anywhere" }}>
              {b.spans.map((s) => s.text).join("")}
            </Text>
          );
        if (b.kind === "list")
          return (
            <List key={i} size="sm" type={b.ordered ? "ordered" : "unordered"}>
              {b.items.map((item, j) => (
                <List.Item key={j}>{item}</List.Item>
              ))}
            </List>
          );
        if (b.kind !== "table") return null;
        const numeric = (c: number) => b.rows.length > 0 && b.rows.every((r) => /^\d+$/u.test(r[c]?.trim() ?? ""));
        return (
          <Table.ScrollContainer key={i} minWidth={Math.max(300, b.header.length * 110)} data-testid="section-table">
            <Table withTableBorder withColumnBorders striped fz="sm" verticalSpacing={6} horizontalSpacing={8}>
              <Table.Thead>
                <Table.Tr>
                  {b.header.map((h, c) => (
                    <Table.Th key={c} ta={numeric(c) ? "right" : undefined}>
                      {h}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {b.rows.map((r, j) => (
                  <Table.Tr key={j}>
                    {r.map((cell, c) => (
                      <Table.Td key={c} ta={numeric(c) ? "right" : undefined}>
                        {cell}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        );
      })}
    </Stack>
  );
}

import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useT } from "../../../web/i18n";

export interface DownloadItem {
  label: string;
  /** The file route; `?format=pdf|docx` is added for documents. */
  href: string;
  /** A spreadsheet has one format. */
  xlsx?: boolean;
}

/** The review's printable papers: each as PDF (to print and sign) and Word (to edit before printing). */
export function Downloads({ title, items }: { title: string; items: DownloadItem[] }) {
  const t = useT();
  return (
    <Paper withBorder p="md" radius="md" data-testid="evaluation-downloads">
      <Title order={2} mb="xs">
        {title}
      </Title>
      <Stack gap="sm">
        {items.map((i) => (
          <div key={i.href}>
            <Text fw={600}>{i.label}</Text>
            <Group gap="xs" mt={4}>
              {i.xlsx ? (
                <Button component="a" href={i.href} download variant="outline" size="sm">
                  {t("ui.evaluationDocuments.downloadXlsx")}
                </Button>
              ) : (
                <>
                  <Button component="a" href={`${i.href}?format=pdf`} download variant="outline" size="sm">
                    {t("ui.evaluationDocuments.downloadPdf")}
                  </Button>
                  <Button component="a" href={`${i.href}?format=docx`} download variant="outline" size="sm">
                    {t("ui.evaluationDocuments.downloadDocx")}
                  </Button>
                </>
              )}
            </Group>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}

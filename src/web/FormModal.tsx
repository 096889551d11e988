/** A modal holding one small form; apart from ui.tsx so the modal code loads only with the pages that use it. */
import type { FormEvent, ReactNode } from "react";
import { Button, Group, Modal, Stack } from "@mantine/core";
import { useT } from "./i18n";
import { type ApiForm, FormError, useIsPhone } from "./ui";

interface FormModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  submitLabel: string;
  busy: boolean;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
  color?: string;
  /** The form's useApiForm: its refusal is shown above the buttons. */
  form?: Pick<ApiForm, "formError" | "shownInline">;
}

/** Full screen on phones, so the keyboard never hides the buttons. */
export function FormModal(props: FormModalProps) {
  const { opened, onClose, title, submitLabel, busy, onSubmit, children, color, form } = props;
  const t = useT();
  const isPhone = useIsPhone();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("ui.close") }}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {children}
          {form && <FormError form={form} />}
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t("ui.cancel")}
            </Button>
            <Button type="submit" loading={busy} color={color}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

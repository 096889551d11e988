/**
 * Uploading a spreadsheet that the server checks first: choose a file, see every row checked (nothing written),
 * confirm, see what was written. Used by the roster import and the bulk progress update.
 */
import { useState, type ChangeEvent } from "react";
import { Button, Group, Text, VisuallyHidden, type ButtonProps } from "@mantine/core";
import { uploadFile } from "./api";
import { useT } from "./i18n";
import { errorMessage } from "./ui";

export type CheckedUploadPhase<T> =
  | { step: "idle" }
  | { step: "sending"; sent: number; importing: boolean }
  | { step: "processing"; importing: boolean }
  | { step: "preview"; result: T }
  | { step: "done"; result: T };

/**
 * The state of a checked upload. `urlFor` names the preview or the import endpoint for a file; `onImported` runs
 * once the import is written (refresh what it changed). Choosing a file previews it at once.
 */
export function useCheckedUpload<T>(urlFor: (importing: boolean, file: File) => string, onImported: () => void) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<CheckedUploadPhase<T>>({ step: "idle" });
  const [error, setError] = useState<string | null>(null);
  const send = async (chosen: File, importing: boolean) => {
    setError(null);
    setPhase({ step: "sending", sent: 0, importing });
    try {
      const result = await uploadFile<T>(urlFor(importing, chosen), chosen, (p) =>
        setPhase(p.done ? { step: "processing", importing } : { step: "sending", sent: p.sent, importing }),
      );
      setPhase(importing ? { step: "done", result } : { step: "preview", result });
      if (importing) {
        window.scrollTo({ top: 0, behavior: "smooth" });
        onImported();
      }
    } catch (err) {
      setError(errorMessage(err, t));
      setPhase({ step: "idle" });
    }
  };
  return {
    file,
    phase,
    error,
    busy: phase.step === "sending" || phase.step === "processing",
    /** The checked rows, in the preview and after the import. */
    result: phase.step === "preview" || phase.step === "done" ? phase.result : null,
    choose: (chosen: File) => {
      setFile(chosen);
      void send(chosen, false);
    },
    confirm: () => {
      if (file) void send(file, true);
    },
    reset: () => {
      setFile(null);
      setPhase({ step: "idle" });
    },
  };
}

/**
 * A large "choose a file" button (the native input stays for keyboards and screen readers) with the chosen
 * file's name beside it. Choosing the same file again, once corrected, still counts as a new choice.
 */
export function FilePicker({
  id,
  accept,
  label,
  fileName,
  disabled,
  onFile,
  size = "md",
  variant = "filled",
}: {
  id: string;
  accept: string;
  label: string;
  fileName: string | null;
  disabled?: boolean;
  onFile: (file: File) => void;
  size?: ButtonProps["size"];
  variant?: ButtonProps["variant"];
}) {
  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.currentTarget.files?.[0] ?? null;
    event.currentTarget.value = "";
    if (chosen) onFile(chosen);
  };
  return (
    <Group gap="sm" align="center" className="chibo-file">
      <VisuallyHidden>
        <input id={id} type="file" accept={accept} onChange={choose} disabled={disabled} />
      </VisuallyHidden>
      <Button component="label" htmlFor={id} size={size} disabled={disabled} variant={variant}>
        {label}
      </Button>
      {fileName && (
        <Text fw={600} style={{ wordBreak: "break-all" }}>
          {fileName}
        </Text>
      )}
    </Group>
  );
}

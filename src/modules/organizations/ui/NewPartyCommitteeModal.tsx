/** An administrator creates a top-level đảng bộ; loaded on demand from the home page. */
import { useState } from "react";
import { Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { FormModal } from "../../../web/FormModal";
import { api } from "../../../web/api";
import { useT } from "../../../web/i18n";
import { notifySuccess, useApiForm } from "../../../web/ui";
import type { OrganizationRecord } from "../present";
import { fieldsBody, OrgFieldInputs, type OrgFields } from "./OrgFields";
import { orgKeys } from "./queries";

export function NewPartyCommitteeModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState<OrgFields>({
    name: "",
    code: "",
    abbreviation: "ĐU",
    superiorName: "",
    place: "",
  });
  const form = useApiForm(
    () =>
      api.post<OrganizationRecord>("/api/organizations", {
        parentId: null,
        kind: "party_committee",
        ...fieldsBody(fields),
      }),
    async (created) => {
      notifySuccess(t("ui.children.created", { name: created.name }));
      await queryClient.invalidateQueries({ queryKey: orgKeys.all });
      onClose();
      // The next step, the office's account, is on the "Tổ chức trực thuộc" tab.
      navigate(`/to-chuc/${created.id}?tab=truc-thuoc`);
    },
  );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("ui.start.formTitle")}
      submitLabel={t("ui.start.create")}
      busy={form.busy}
      form={form}
      onSubmit={form.run}
    >
      <Text size="sm">{t("ui.start.formHelp")}</Text>
      <OrgFieldInputs value={fields} onChange={setFields} errors={form.errors} />
    </FormModal>
  );
}

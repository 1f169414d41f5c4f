"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { Field, TextInput } from "@/components/ui/field";
import { MAX_TEMPLATE_NAME_LENGTH } from "@/lib/requests/template-limits";
import { deleteTemplateAction, saveTemplateAction, type TemplateState } from "./actions";

/** The board's "save as template" form: a name, then the template is listed on the new-request page. */
export function SaveTemplateForm({ requestId, suggestedName }: { requestId: string; suggestedName: string }) {
  const t = useTranslations("requests.templates");
  const [state, action, pending] = useActionState<TemplateState, FormData>(saveTemplateAction, {});
  const code = state.ok === false ? (state.fieldErrors?.name ?? state.error) : undefined;
  const error = code ? t(`errors.${code}` as "errors.invalid", { max: MAX_TEMPLATE_NAME_LENGTH }) : undefined;
  return (
    <Card>
      <form action={action} className="space-y-3" data-testid="save-template">
        <input type="hidden" name="requestId" value={requestId} />
        <h3 className="text-lg font-semibold">{t("legend")}</h3>
        <p className="text-sm text-slate-700">{t("hint")}</p>
        <Field id="template-name" label={t("name")} error={error}>
          {(p) => <TextInput {...p} name="name" maxLength={MAX_TEMPLATE_NAME_LENGTH} defaultValue={state.values?.name ?? suggestedName} required />}
        </Field>
        {state.ok ? (
          <div role="status">
            <Notice tone="success">{t("saved", { name: state.values?.name ?? "" })}</Notice>
          </div>
        ) : null}
        <Button type="submit" variant="secondary" disabled={pending}>
          {t("submit")}
        </Button>
      </form>
    </Card>
  );
}

/** One template's delete button on the new-request page's list. */
export function DeleteTemplateButton({ templateId, name }: { templateId: string; name: string }) {
  const t = useTranslations("requests.templates");
  const [state, action, pending] = useActionState<TemplateState, FormData>(deleteTemplateAction, {});
  return (
    <form action={action} className="inline">
      <input type="hidden" name="templateId" value={templateId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={t("deleteLabel", { name })}>
        {t("delete")}
      </Button>
      {state.ok === false ? (
        <span role="alert" className="ms-2 text-red-800">
          {t(`errors.${state.error}` as "errors.invalid")}
        </span>
      ) : null}
    </form>
  );
}

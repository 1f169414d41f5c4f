import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";

export type CertificateFormLabels = { from: string; to: string; language: string; de: string; en: string; submit: string };

/**
 * The period and language of a certificate; posts to a route that answers with the PDF (or, on
 * errors, redirects back here with them). A plain form: it works without JavaScript.
 */
export function CertificateForm({
  action,
  labels,
  defaults,
  errors,
  formError,
  idPrefix = "certificate",
}: {
  action: string;
  labels: CertificateFormLabels;
  defaults: { from: string; to: string; locale: string };
  errors: { from?: string; to?: string; locale?: string };
  formError?: string;
  idPrefix?: string;
}) {
  return (
    <form method="post" action={action} className="space-y-4" noValidate data-testid="certificate-form">
      {formError ? <Notice tone="error">{formError}</Notice> : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id={`${idPrefix}-from`} label={labels.from} error={errors.from}>
          {(p) => <input {...p} type="date" name="from" defaultValue={defaults.from} className={inputClass} required />}
        </Field>
        <Field id={`${idPrefix}-to`} label={labels.to} error={errors.to}>
          {(p) => <input {...p} type="date" name="to" defaultValue={defaults.to} className={inputClass} required />}
        </Field>
        <Field id={`${idPrefix}-locale`} label={labels.language} error={errors.locale}>
          {(p) => (
            <select {...p} name="locale" defaultValue={defaults.locale} className={inputClass}>
              <option value="de">{labels.de}</option>
              <option value="en">{labels.en}</option>
            </select>
          )}
        </Field>
      </div>
      <Button type="submit" variant="secondary">
        {labels.submit}
      </Button>
    </form>
  );
}

import type { ReactNode } from "react";
import { Button, type Variant } from "./button";

/**
 * The narrow page of the public area: one heading, then the content. Used by the not-found
 * pages, the confirmation and "sent" screens and the legal texts.
 */
export function ProsePage({ title, children, as: Tag = "div" }: { title: ReactNode; children: ReactNode; as?: "div" | "article" }) {
  return (
    <Tag className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{title}</h1>
      {children}
    </Tag>
  );
}

/**
 * One button that POSTs to a server action, with hidden fields (a token, a channel): the page a
 * link opens changes nothing, only this POST does. Works before JavaScript loads.
 */
export function PostButton({
  action,
  fields = {},
  children,
  variant,
  className = "w-full sm:w-auto",
  formClassName,
}: {
  action: (fd: FormData) => void | Promise<void>;
  fields?: Record<string, string>;
  children: ReactNode;
  variant?: Variant;
  className?: string;
  formClassName?: string;
}) {
  return (
    <form action={action} className={formClassName}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant={variant} className={className}>
        {children}
      </Button>
    </form>
  );
}

import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/ui/page";

export default async function SignInLinkNotFound() {
  const t = await getTranslations("volunteers.signIn");
  return <MessagePage title={t("invalidTitle")} paragraphs={[t("invalidBody")]} links={[{ href: "/manage", label: t("requestNew") }]} />;
}

import { absoluteUrl, urls } from "@/lib/urls";

/** Links in volunteer messages. Tokens travel only in the path. */
export const volunteerLinks = {
  confirm: (token: string) => absoluteUrl(`/confirm/${token}`),
  signIn: (token: string) => absoluteUrl(`/manage/${token}`),
  manage: () => urls.manage(),
};

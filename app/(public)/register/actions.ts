"use server";

import { redirect } from "next/navigation";
import { publicAction } from "@/app/_edge/actions";
import { registerVolunteer } from "@/lib/volunteers/register";
import { readVolunteerForm } from "@/lib/volunteers/schema";

export const registerAction = publicAction(
  readVolunteerForm,
  async (values, ctx) => {
    const result = await registerVolunteer(values, ctx);
    if (!result.ok) return result;
    const via = values.email.trim() && values.phone.trim() ? "both" : values.phone.trim() ? "sms" : "email";
    redirect(`/register/sent?via=${via}`);
  },
  { keep: readVolunteerForm },
);

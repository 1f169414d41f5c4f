"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { authorize } from "@/lib/auth/guard";
import { clientIpFrom } from "@/lib/http/client-ip";
import { createAndSendRequest } from "@/lib/requests/create";
import { askMoreVolunteers, cancelRequest, changeHelpersNeeded, closeRequest, messageAcceptedHelpers, type ManageResult } from "@/lib/requests/manage";
import { requestRawFromFormData, type FieldErrors } from "@/lib/requests/schema";
import { sendNextWaveNow, stopWaves } from "@/lib/requests/waves";

/**
 * Coordinator actions: parse → authorise (each action itself, invariant 6) → one lib function →
 * a typed state for useActionState. Work before JavaScript loads (plain form posts).
 */

export type CreateRequestState = {
  error?: "unauthorized" | "invalid";
  fieldErrors?: FieldErrors;
  /** what was typed, so the form keeps it */
  values?: Record<string, string | string[]>;
};

function echo(fd: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(fd.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const all = fd.getAll(key).filter((v): v is string => typeof v === "string").map((v) => v.slice(0, 2000));
    values[key] = key === "languages" ? all : (all[0] ?? "");
  }
  return values;
}

export async function createRequestAction(_prev: CreateRequestState, formData: FormData): Promise<CreateRequestState> {
  const actor = await authorize();
  if (!actor) return { error: "unauthorized", values: echo(formData) };
  const ip = clientIpFrom(await headers());
  const result = await createAndSendRequest(await getDb(), actor, requestRawFromFormData(formData), { ip });
  if (!result.ok) return { error: "invalid", fieldErrors: result.fieldErrors, values: echo(formData) };
  revalidatePath("/admin/requests");
  // a repeated submission of the same form lands on the request the first one created
  redirect(result.duplicate ? `/admin/requests/${result.requestId}` : `/admin/requests/${result.requestId}?sent=${result.invited}`);
}

export type ManageState = { ok?: boolean; code?: string; count?: number; values?: Record<string, string> };

function toState(r: ManageResult<{ notified?: number; invited?: number; sent?: number }>, values?: Record<string, string>): ManageState {
  if (!r.ok) return { ok: false, code: r.error === "invalid" ? (Object.values(r.fieldErrors)[0] ?? "invalid") : r.error, count: "acceptedCount" in r ? r.acceptedCount : undefined, values };
  return { ok: true, count: r.notified ?? r.invited ?? r.sent };
}

type Handler = (actorOrg: NonNullable<Awaited<ReturnType<typeof authorize>>>, requestId: string, fd: FormData) => Promise<ManageResult<{ notified?: number; invited?: number; sent?: number }>>;

async function run(fd: FormData, handler: Handler, code: string, keep?: string): Promise<ManageState> {
  const actor = await authorize();
  const values = keep ? { [keep]: String(fd.get(keep) ?? "").slice(0, 2000) } : undefined;
  if (!actor) return { ok: false, code: "unauthorized", values };
  const requestId = String(fd.get("requestId") ?? "");
  const result = await handler(actor, requestId, fd);
  if (result.ok) revalidatePath(`/admin/requests/${requestId}`);
  const state = toState(result, result.ok ? undefined : values);
  return result.ok ? { ...state, code } : state;
}

export async function cancelRequestAction(_prev: ManageState, fd: FormData): Promise<ManageState> {
  return run(fd, async (actor, id, f) => cancelRequest(await getDb(), actor, id, { reason: String(f.get("reason") ?? "") }), "cancelled", "reason");
}

export async function changeHelpersAction(_prev: ManageState, fd: FormData): Promise<ManageState> {
  return run(fd, async (actor, id, f) => changeHelpersNeeded(await getDb(), actor, id, { helpersNeeded: f.get("helpersNeeded") }), "helpersChanged", "helpersNeeded");
}

export async function closeRequestAction(_prev: ManageState, fd: FormData): Promise<ManageState> {
  return run(fd, async (actor, id) => closeRequest(await getDb(), actor, id), "closed");
}

export async function askMoreAction(_prev: ManageState, fd: FormData): Promise<ManageState> {
  return run(fd, async (actor, id, f) => askMoreVolunteers(await getDb(), actor, id, { limit: f.get("limit") || undefined }), "askedMore", "limit");
}

export async function messageHelpersAction(_prev: ManageState, fd: FormData): Promise<ManageState> {
  return run(fd, async (actor, id, f) => messageAcceptedHelpers(await getDb(), actor, id, { text: f.get("text") }), "messageSent", "text");
}

export async function sendNextWaveAction(_prev: ManageState, fd: FormData): Promise<ManageState> {
  return run(fd, async (actor, id) => sendNextWaveNow(await getDb(), actor, id), "waveSent");
}

export async function stopWavesAction(_prev: ManageState, fd: FormData): Promise<ManageState> {
  return run(fd, async (actor, id) => stopWaves(await getDb(), actor, id), "wavesStopped");
}

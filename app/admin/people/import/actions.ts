"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorize } from "@/lib/auth/guards";
import {
  applyImport,
  checkImport,
  guessMapping,
  ImportFileError,
  importMappingSchema,
  importModeSchema,
  importResultCsv,
  MAX_IMPORT_BYTES,
  readImportFile,
  type ImportMapping,
  type RowCheck,
  type RowOutcome,
} from "@/lib/people/import/csv-import";
import { kickMailDelivery } from "@/lib/mail/worker";

const textSchema = z.string().max(MAX_IMPORT_BYTES + 1024, "The file is larger than 5 MB: split it into smaller files.");

export type PreviewImportResult =
  { ok: true; headers: string[]; mapping: ImportMapping; rows: RowCheck[]; total: number; invalid: number } | { ok: false; error: string };

export async function previewImportAction(input: { text: string; mapping?: ImportMapping }): Promise<PreviewImportResult> {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = z.object({ text: textSchema, mapping: importMappingSchema.optional() }).safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  try {
    const table = readImportFile(parsed.data.text);
    const mapping = parsed.data.mapping ?? guessMapping(table.headers);
    const checks = await checkImport(table, mapping).catch((error) => {
      // An incomplete mapping is not a bad file: show the columns so they can be mapped.
      if (error instanceof ImportFileError && /^Map a column/.test(error.message)) return error;
      throw error;
    });
    if (checks instanceof ImportFileError)
      return { ok: true, headers: table.headers, mapping, rows: [], total: table.rows.length, invalid: -1 };
    return {
      ok: true,
      headers: table.headers,
      mapping,
      rows: checks.slice(0, 200),
      total: checks.length,
      invalid: checks.filter((c) => c.errors.length).length,
    };
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, error: error.message };
    throw error;
  }
}

export type ApplyImportResult =
  { ok: true; counts: Record<RowOutcome["outcome"], number>; outcomes: RowOutcome[]; resultCsv: string } | { ok: false; error: string };

export async function applyImportAction(input: { text: string; mapping: ImportMapping; mode: string }): Promise<ApplyImportResult> {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = z.object({ text: textSchema, mapping: importMappingSchema, mode: importModeSchema }).safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  try {
    const outcomes = await applyImport({ actor: auth.actor, ...parsed.data });
    revalidatePath("/admin/people");
    kickMailDelivery();
    const counts = { created: 0, waiting: 0, refused: 0, invalid: 0 };
    for (const o of outcomes) counts[o.outcome]++;
    return { ok: true, counts, outcomes: outcomes.slice(0, 500), resultCsv: importResultCsv(readImportFile(parsed.data.text), outcomes) };
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, error: error.message };
    throw error;
  }
}

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { failure, success } from "@/lib/actions/result";
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

/** What the file holds and how each row would fare; `invalid` is -1 while the mapping is incomplete. */
export type ImportPreview = { headers: string[]; mapping: ImportMapping; rows: RowCheck[]; total: number; invalid: number };

export const previewImportAction = defineAction({
  access: "peopleAdmin",
  input: z.object({ text: textSchema, mapping: importMappingSchema.optional() }),
  run: async ({ input }) => {
    try {
      const table = readImportFile(input.text);
      const mapping = input.mapping ?? guessMapping(table.headers);
      const checks = await checkImport(table, mapping).catch((error) => {
        // An incomplete mapping is not a bad file: show the columns so they can be mapped.
        if (error instanceof ImportFileError && /^Map a column/.test(error.message)) return error;
        throw error;
      });
      const preview: ImportPreview =
        checks instanceof ImportFileError
          ? { headers: table.headers, mapping, rows: [], total: table.rows.length, invalid: -1 }
          : {
              headers: table.headers,
              mapping,
              rows: checks.slice(0, 200),
              total: checks.length,
              invalid: checks.filter((c) => c.errors.length).length,
            };
      return success(`${preview.total} rows read.`, preview);
    } catch (error) {
      if (error instanceof ImportFileError) return failure(error.message);
      throw error;
    }
  },
});

export type ImportOutcomes = { counts: Record<RowOutcome["outcome"], number>; outcomes: RowOutcome[]; resultCsv: string };

export const applyImportAction = defineAction({
  access: "peopleAdmin",
  input: z.object({ text: textSchema, mapping: importMappingSchema, mode: importModeSchema }),
  run: async ({ input, actor }) => {
    try {
      const outcomes = await applyImport({ actor, ...input });
      revalidatePath("/admin/people");
      kickMailDelivery();
      const counts = { created: 0, waiting: 0, refused: 0, invalid: 0 };
      for (const o of outcomes) counts[o.outcome]++;
      const result: ImportOutcomes = {
        counts,
        outcomes: outcomes.slice(0, 500),
        resultCsv: importResultCsv(readImportFile(input.text), outcomes),
      };
      return success(
        `${counts.created} created, ${counts.waiting} waiting for a seat, ${counts.refused + counts.invalid} not imported.`,
        result,
      );
    } catch (error) {
      if (error instanceof ImportFileError) return failure(error.message);
      throw error;
    }
  },
});

import type { Failure } from "@/lib/actions/result";
import type { ImportField, ImportMode } from "@/lib/people/import/csv-import";
import type { ImportOutcomes, ImportPreview } from "./actions";

// The import wizard's steps and how it moves between them. Pure: the wizard component runs the
// server actions and reports their answers here.

/** The chosen file as read in the browser: sent again with each check and with the import. */
export type ChosenFile = { name: string; text: string };

export type ImportState =
  /** No file yet, or the last one could not be read (`refusal` says why). */
  | { step: "choose"; refusal: Failure | null }
  /** Columns mapped and rows checked: the person looks, picks a mode and imports (`refusal`: the import was refused). */
  | { step: "check"; file: ChosenFile; preview: ImportPreview; mode: ImportMode; refusal: Failure | null }
  | { step: "imported"; file: ChosenFile; outcome: ImportOutcomes };

export type ImportEvent =
  | { type: "unreadable"; refusal: Failure }
  | { type: "checked"; file: ChosenFile; preview: ImportPreview }
  | { type: "mode"; mode: ImportMode }
  | { type: "importRefused"; refusal: Failure }
  | { type: "imported"; outcome: ImportOutcomes };

export const initialImportState: ImportState = { step: "choose", refusal: null };

export function importReducer(state: ImportState, event: ImportEvent): ImportState {
  switch (event.type) {
    case "unreadable":
      return { step: "choose", refusal: event.refusal };
    case "checked":
      // A new mapping is checked again in the same step: the mode chosen stays.
      return {
        step: "check",
        file: event.file,
        preview: event.preview,
        mode: state.step === "check" ? state.mode : "manual",
        refusal: null,
      };
    case "mode":
      return state.step === "check" ? { ...state, mode: event.mode } : state;
    case "importRefused":
      return state.step === "check" ? { ...state, refusal: event.refusal } : state;
    case "imported":
      return state.step === "check" ? { step: "imported", file: state.file, outcome: event.outcome } : state;
  }
}

/** Whether every required field has a column, so the rows can be checked. */
export function mappingComplete(preview: ImportPreview, fields: { key: ImportField; required: boolean }[]): boolean {
  return fields.every((f) => !f.required || (preview.mapping[f.key] ?? -1) >= 0);
}

"use client";

import { useReducer, useTransition } from "react";
import type { ImportMapping } from "@/lib/people/import/csv-import";
import { applyImportAction, previewImportAction } from "./actions";
import { CheckStep, type FieldInfo } from "./check-step";
import { ChooseFileStep } from "./choose-file-step";
import { ImportedStep } from "./imported-step";
import { importReducer, initialImportState, type ChosenFile } from "./import-steps";

/** Choose a file → map its columns and check its rows → import; a new file starts again. */
export function ImportWizard({ fields, maxBytes }: { fields: FieldInfo[]; maxBytes: number }) {
  const [state, dispatch] = useReducer(importReducer, initialImportState);
  const [pending, startTransition] = useTransition();

  const check = (file: ChosenFile, mapping?: ImportMapping) =>
    startTransition(async () => {
      const result = await previewImportAction({ text: file.text, mapping });
      dispatch(
        result.ok
          ? { type: "checked", file, preview: result.data }
          : { type: "unreadable", refusal: { ...result, error: `${file.name}: ${result.error}` } },
      );
    });

  return (
    <div className="stack">
      <ChooseFileStep
        maxBytes={maxBytes}
        refusal={state.step === "choose" ? state.refusal : null}
        onChosen={(file) => check(file)}
        onUnreadable={(refusal) => dispatch({ type: "unreadable", refusal })}
      />
      {state.step === "check" ? (
        <CheckStep
          fields={fields}
          preview={state.preview}
          mode={state.mode}
          refusal={state.refusal}
          pending={pending}
          onMapping={(mapping) => check(state.file, mapping)}
          onMode={(mode) => dispatch({ type: "mode", mode })}
          onImport={() =>
            startTransition(async () => {
              const result = await applyImportAction({ text: state.file.text, mapping: state.preview.mapping, mode: state.mode });
              dispatch(result.ok ? { type: "imported", outcome: result.data } : { type: "importRefused", refusal: result });
            })
          }
        />
      ) : null}
      <div aria-live="polite" data-testid="import-result">
        {state.step === "imported" ? <ImportedStep outcome={state.outcome} /> : null}
      </div>
    </div>
  );
}

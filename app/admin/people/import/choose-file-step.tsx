"use client";

import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { failure, type Failure } from "@/lib/actions/result";
import type { ChosenFile } from "./import-steps";

/** Step 1, and always there to start again: the file input, and why the last file could not be read. */
export function ChooseFileStep({
  maxBytes,
  refusal,
  onChosen,
  onUnreadable,
}: {
  maxBytes: number;
  refusal: Failure | null;
  onChosen: (file: ChosenFile) => void;
  onUnreadable: (refusal: Failure) => void;
}) {
  const megabytes = maxBytes / 1024 / 1024;
  return (
    <>
      <Field label={`CSV file (UTF-8, with a header row; at most ${megabytes} MB)`}>
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            // Checked here too, so a file too large is never sent.
            if (file.size > maxBytes)
              onUnreadable(failure(`${file.name}: The file is larger than ${megabytes} MB: split it into smaller files.`));
            else onChosen({ name: file.name, text: await file.text() });
          }}
        />
      </Field>
      <FormAlert result={refusal} testId="import-preview" />
    </>
  );
}

import { describe, expect, it } from "vitest";
import { failure } from "@/lib/actions/result";
import type { ImportOutcomes, ImportPreview } from "./actions";
import { importReducer, initialImportState, mappingComplete, type ImportState } from "./import-steps";

const file = { name: "people.csv", text: "username,email\nada,ada@example.test" };
const preview: ImportPreview = { headers: ["username", "email"], mapping: { username: 0, email: 1 }, rows: [], total: 1, invalid: 0 };
const outcome: ImportOutcomes = { counts: { created: 1, waiting: 0, refused: 0, invalid: 0 }, outcomes: [], resultCsv: "" };

describe("the import wizard's steps", () => {
  it("goes from choosing a file to checking it to imported", () => {
    const checking = importReducer(initialImportState, { type: "checked", file, preview });
    expect(checking).toMatchObject({ step: "check", file, mode: "manual", refusal: null });
    const imported = importReducer(checking, { type: "imported", outcome });
    expect(imported).toEqual({ step: "imported", file, outcome });
  });

  it("keeps the mode through a new mapping, and a refused import keeps the step", () => {
    let state: ImportState = importReducer(initialImportState, { type: "checked", file, preview });
    state = importReducer(state, { type: "mode", mode: "sync" });
    state = importReducer(state, { type: "checked", file, preview: { ...preview, mapping: { username: 1, email: 0 } } });
    expect(state).toMatchObject({ step: "check", mode: "sync" });
    state = importReducer(state, { type: "importRefused", refusal: failure("No.") });
    expect(state).toMatchObject({ step: "check", mode: "sync", refusal: { error: "No." } });
  });

  it("an unreadable file goes back to choosing, with the reason; a new file starts in manual mode", () => {
    const checking = importReducer(importReducer(initialImportState, { type: "checked", file, preview }), { type: "mode", mode: "sync" });
    const refused = importReducer(checking, { type: "unreadable", refusal: failure("people.csv: The file is empty.") });
    expect(refused).toEqual({ step: "choose", refusal: failure("people.csv: The file is empty.") });
    expect(importReducer(refused, { type: "checked", file, preview })).toMatchObject({ mode: "manual" });
  });

  it("ignores what does not belong to the current step", () => {
    expect(importReducer(initialImportState, { type: "imported", outcome })).toBe(initialImportState);
    expect(importReducer(initialImportState, { type: "mode", mode: "sync" })).toBe(initialImportState);
  });

  it("a mapping is complete when every required field has a column", () => {
    const fields = [
      { key: "username" as const, required: true },
      { key: "area" as const, required: false },
    ];
    expect(mappingComplete(preview, fields)).toBe(true);
    expect(mappingComplete({ ...preview, mapping: { username: -1 } }, fields)).toBe(false);
    expect(mappingComplete({ ...preview, mapping: {} }, fields)).toBe(false);
  });
});

import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { DuplicateAccountError, SeatLimitError } from "@/lib/licensing/errors";

// The pipeline every server action goes through: role, then input, then the body; refusals from
// lib worded for the screen, anything else thrown on.

const caller = vi.hoisted(() => ({ roles: null as null | { sysadmin: boolean; peopleAdmin: boolean } }));
vi.mock("@/lib/auth/guards", () => ({
  authorize: async (...roles: ("sysadmin" | "peopleAdmin")[]) => {
    if (!caller.roles) return { ok: false, status: 401, error: "You are signed out. Sign in again." };
    if (roles.length && !roles.some((role) => caller.roles![role])) return { ok: false, status: 403, error: "Only sysadmins may do this." };
    const account = {
      id: "a",
      username: "pat",
      sessionId: "s",
      isSysadmin: caller.roles.sysadmin,
      isPeopleAdmin: caller.roles.peopleAdmin,
    };
    return { ok: true, account, actor: { id: "a", label: "pat" } };
  },
}));

const { defineAction, defineFormAction } = await import("./define-action");
const { failure, success } = await import("./result");

beforeEach(() => {
  caller.roles = { sysadmin: true, peopleAdmin: false };
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};

describe("defineAction", () => {
  const run = vi.fn(async ({ input }: { input: { seats: number } }) => success(`${input.seats} seats.`, input.seats * 2));
  const action = defineAction({ access: "sysadmin", input: z.object({ seats: z.coerce.number().int().min(1, "At least 1.") }), run });

  beforeEach(() => {
    run.mockClear();
  });

  it("runs the body with the parsed input and answers its result", async () => {
    expect(await action({ seats: 3 })).toEqual({ ok: true, message: "3 seats.", data: 6 });
  });

  it("checks the role before reading the input, and never runs the body for a refused caller", async () => {
    caller.roles = { sysadmin: false, peopleAdmin: true };
    expect(await action({ seats: -1 })).toEqual({ ok: false, error: "Only sysadmins may do this." });
    caller.roles = null;
    expect(await action({ seats: 3 })).toEqual({ ok: false, error: "You are signed out. Sign in again." });
    expect(run).not.toHaveBeenCalled();
  });

  it("answers invalid input with messages per field", async () => {
    expect(await action({ seats: 0 })).toEqual({
      ok: false,
      error: "Check the highlighted fields.",
      fieldErrors: { seats: ["At least 1."] },
    });
    expect(run).not.toHaveBeenCalled();
  });

  it("words the refusals lib throws, and throws anything else on", async () => {
    const refusing = defineAction({
      access: ["peopleAdmin", "sysadmin"],
      input: z.object({ kind: z.string() }),
      run: async ({ input }) => {
        if (input.kind === "seat") throw new SeatLimitError("PRIMARY", 10, 10);
        if (input.kind === "duplicate") throw new DuplicateAccountError("username", "pat");
        throw new Error("database gone");
      },
    });
    const seat = await refusing({ kind: "seat" });
    expect(seat.ok).toBe(false);
    expect(!seat.ok && seat.error).toMatch(/seat/i);
    expect(await refusing({ kind: "duplicate" })).toMatchObject({ ok: false, fieldErrors: { username: [expect.any(String)] } });
    await expect(refusing({ kind: "bug" })).rejects.toThrow("database gone");
  });

  it("lets any signed-in caller in with 'signed-in', and anyone with 'public'", async () => {
    caller.roles = { sysadmin: false, peopleAdmin: false };
    const mine = defineAction({ access: "signed-in", input: z.unknown(), run: async ({ account }) => success(account.username) });
    expect(await mine()).toMatchObject({ ok: true, message: "pat" });
    caller.roles = null;
    expect(await mine()).toMatchObject({ ok: false });
    const open = defineAction({ access: "public", input: z.unknown(), run: async ({ account }) => success(String(account)) });
    expect(await open()).toMatchObject({ ok: true, message: "null" });
  });
});

describe("defineFormAction", () => {
  const action = defineFormAction({
    access: "sysadmin",
    input: z.object({ name: z.string().min(3, "Too short."), newPassword: z.string(), token: z.string() }),
    run: async ({ input }) => success(`Hello ${input.name}.`),
  });

  it("reads the form's fields", async () => {
    expect(await action(null, form({ name: "Pat", newPassword: "x", token: "t" }))).toMatchObject({ ok: true, message: "Hello Pat." });
  });

  it("gives the text back also when the body words the refusal itself", async () => {
    const wording = defineFormAction({
      access: "sysadmin",
      input: z.object({ username: z.string(), password: z.string() }),
      run: async () => failure("Wrong user name or password."),
    });
    expect(await wording(null, form({ username: "Pat", password: "guess" }))).toEqual({
      ok: false,
      error: "Wrong user name or password.",
      values: { username: "Pat" },
    });
  });

  it("gives a refused form its text back, secrets left out", async () => {
    const refused = await action(null, form({ name: "Pa", newPassword: "correct horse", token: "secret-token" }));
    expect(refused).toEqual({
      ok: false,
      error: "Check the highlighted fields.",
      fieldErrors: { name: ["Too short."] },
      values: { name: "Pa" },
    });
  });
});

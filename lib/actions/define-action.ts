import "server-only";
import type { z } from "zod";
import { authorize, type Role, type SessionAccount } from "@/lib/auth/guards";
import type { Actor } from "@/lib/licensing/actor";
import { failureOfError } from "./failure-of-error";
import { failure, invalidFields, type Failure, type Result } from "./result";

/**
 * Who may call an action: any one of these roles; "signed-in" for anyone signed in (their own
 * account); "public" only where the input itself is the credential (sign-in, a set-password link).
 */
export type Access = Role | [Role, ...Role[]] | "signed-in" | "public";

type Caller<A extends Access> = A extends "public" ? { account: null; actor: null } : { account: SessionAccount; actor: Actor };

type Definition<A extends Access, S extends z.ZodType, T> = {
  access: A;
  input: S;
  /** The work: one lib call, and the sentence that says what happened. Refusals lib throws are worded for it. */
  run: (call: { input: z.output<S> } & Caller<A>) => Promise<Result<T>>;
};

const SECRET_FIELD = /password|token|confirmation/i;

async function check<A extends Access>(access: A): Promise<Caller<A> | Failure> {
  if (access === "public") return { account: null, actor: null } as Caller<A>;
  const roles: Role[] = access === "signed-in" ? [] : Array.isArray(access) ? access : [access as Role];
  const auth = await authorize(...roles);
  return auth.ok ? ({ account: auth.account, actor: auth.actor } as Caller<A>) : failure(auth.error);
}

async function pipeline<A extends Access, S extends z.ZodType, T>(
  definition: Definition<A, S, T>,
  raw: unknown,
  onRefused: (failure: Failure) => Failure,
): Promise<Result<T>> {
  // The role first: nothing about the input is read or answered for a caller who may not call.
  const caller = await check(definition.access);
  if ("ok" in caller) return caller;
  const parsed = definition.input.safeParse(raw);
  if (!parsed.success) return onRefused(invalidFields(parsed.error));
  let result: Result<T>;
  try {
    result = await definition.run({ input: parsed.data, ...caller });
  } catch (error) {
    return onRefused(failureOfError(error));
  }
  // A refusal the body words itself (a wrong password, an unknown user name) is a refusal too.
  return result.ok ? result : onRefused(result);
}

/**
 * A server action called with an input object (buttons, dialogs, wizards). Declared once: who may
 * call it, the zod schema of its input, and its body. Every answer is a `Result`.
 */
export function defineAction<A extends Access, S extends z.ZodType, T = undefined>(
  definition: Definition<A, S, T>,
): (...input: undefined extends z.input<S> ? [input?: z.input<S>] : [input: z.input<S>]) => Promise<Result<T>> {
  return async (...input) => pipeline(definition, input[0], (refused) => refused);
}

/**
 * A server action behind a `<form>` (with `useActionState`): the same pipeline, reading the form's
 * fields. A refused form gets its non-secret text back so it can show it again.
 */
export function defineFormAction<A extends Access, S extends z.ZodType, T = undefined>(
  definition: Definition<A, S, T>,
): (previous: Result<T> | null, formData: FormData) => Promise<Result<T>> {
  return async (_previous, formData) => {
    const fields = formData instanceof FormData ? formData : new FormData();
    const values: Record<string, string> = {};
    for (const [name, value] of fields) if (typeof value === "string" && !SECRET_FIELD.test(name)) values[name] = value;
    return pipeline(definition, Object.fromEntries(fields), (refused) => ({ ...refused, values: refused.values ?? values }));
  };
}

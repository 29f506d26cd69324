"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { signInSchema } from "@/lib/auth/credentials";

export type SignInState = { error?: string; username?: string };

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({ username: formData.get("username"), password: formData.get("password") });
  const username = String(formData.get("username") ?? "");
  if (!parsed.success) return { error: parsed.error.issues.map((i) => i.message).join(" "), username };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: "/" });
    return {};
  } catch (error) {
    // A successful sign-in throws Next's redirect: only Auth.js errors are ours to word.
    if (!(error instanceof AuthError)) throw error;
    if (error instanceof CredentialsSignin && error.code === "blocked") {
      return { error: "This account is blocked, so it cannot sign in. Ask a People administrator to unblock it.", username };
    }
    const limited = error instanceof CredentialsSignin ? /^rate-limited-(\d+)$/.exec(error.code) : null;
    if (limited) {
      return { error: `Too many failed sign-in attempts. Try again in ${limited[1]} minute${limited[1] === "1" ? "" : "s"}.`, username };
    }
    return { error: "Wrong user name or password.", username };
  }
}

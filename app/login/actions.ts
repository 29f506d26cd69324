"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { defineFormAction } from "@/lib/actions/define-action";
import { failure, success } from "@/lib/actions/result";
import { signIn } from "@/lib/auth/auth";
import { signInSchema } from "@/lib/auth/credentials";

// Public: the password is the credential. Auth.js checks it (and the sign-in limits) in lib/auth.
export const signInAction = defineFormAction({
  access: "public",
  input: signInSchema,
  run: async ({ input }) => {
    try {
      await signIn("credentials", { ...input, redirectTo: "/" });
      return success("Signed in.");
    } catch (error) {
      // A successful sign-in throws Next's redirect: only Auth.js errors are ours to word.
      if (!(error instanceof AuthError)) throw error;
      if (error instanceof CredentialsSignin && error.code === "blocked") {
        return failure("This account is blocked, so it cannot sign in. Ask a People administrator to unblock it.");
      }
      if (error instanceof CredentialsSignin && error.code === "no-seat") {
        return failure(
          "This account was blocked because it was not used for a long time, and no seat is free to bring it back right now. " +
            "The People administrators have been told; try again later.",
        );
      }
      if (error instanceof CredentialsSignin && error.code === "directory-unreachable") {
        return failure(
          "This account signs in with its directory (Active Directory / LDAP) password, and the directory is unreachable right now. Try again in a few minutes; if it lasts, tell your sysadmin.",
        );
      }
      const limited = error instanceof CredentialsSignin ? /^rate-limited-(\d+)$/.exec(error.code) : null;
      if (limited) return failure(`Too many failed sign-in attempts. Try again in ${limited[1]} minute${limited[1] === "1" ? "" : "s"}.`);
      return failure("Wrong user name or password.");
    }
  },
});

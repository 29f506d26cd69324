import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { loadSessionAccount, verifySignIn } from "./credentials";

class BlockedAccountSignin extends CredentialsSignin {
  code = "blocked";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { username: { label: "User name" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials) => {
        const result = await verifySignIn(credentials);
        if (result.ok) return { id: result.account.id, name: result.account.name, email: result.account.email };
        if (result.reason === "blocked") throw new BlockedAccountSignin();
        return null;
      },
    }),
  ],
  callbacks: {
    // A JWT would outlive a block: re-read the account on every request and drop the session
    // (null clears the cookie) when it was blocked or deleted.
    jwt: async ({ token, user }) => {
      const id = user?.id ?? token.sub;
      const account = await loadSessionAccount(id);
      if (!account) return null;
      return { ...token, sub: account.id, name: account.name };
    },
    session: async ({ session, token }) => {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});

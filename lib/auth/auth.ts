import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { loadSessionAccount, verifySignIn } from "./credentials";

class BlockedAccountSignin extends CredentialsSignin {
  code = "blocked";
}

class RateLimitedSignin extends CredentialsSignin {
  constructor(minutes: number) {
    super();
    this.code = `rate-limited-${minutes}`;
  }
}

/** The client's address, only when a trusted reverse proxy (TRUST_PROXY=1) says it. */
function clientAddress(request: Request): string | null {
  if (process.env.TRUST_PROXY !== "1") return null;
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || null;
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { username: { label: "User name" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials, request) => {
        const result = await verifySignIn(credentials, undefined, { address: clientAddress(request) });
        if (result.ok) return { id: result.account.id, name: result.account.name, email: result.account.email };
        if (result.reason === "blocked") throw new BlockedAccountSignin();
        if (result.reason === "rate-limited") throw new RateLimitedSignin(result.retryInMinutes);
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

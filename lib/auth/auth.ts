import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { endSession, loadLiveSession, SESSION_MAX_MS, startSession } from "../accounts/sessions";
import { cookies } from "next/headers";
import { config } from "../config";
import { logger } from "../log/logger";
import { cookieValue, DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, issueDeviceCookie } from "./device-cookie";
import { verifySignIn } from "./credentials";

class BlockedAccountSignin extends CredentialsSignin {
  code = "blocked";
}

class NoSeatSignin extends CredentialsSignin {
  code = "no-seat";
}

class DirectoryUnreachableSignin extends CredentialsSignin {
  code = "directory-unreachable";
}

class RateLimitedSignin extends CredentialsSignin {
  constructor(minutes: number) {
    super();
    this.code = `rate-limited-${minutes}`;
  }
}

/**
 * The client's address. The console's own server (scripts/serve.ts) sets X-Forwarded-For from the
 * connection, unless TRUST_PROXY=1 lets a reverse proxy say it: then the last entry, the one that
 * proxy appended (the ones before it are whatever the client sent).
 */
function clientAddress(request: Request): string | null {
  return request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || null;
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  // The cookie only names a server-side session (lib/accounts/sessions), which decides how long
  // it lives: refreshing the cookie cannot extend it, and ending the session kills every copy.
  session: { strategy: "jwt", maxAge: SESSION_MAX_MS / 1000 },
  pages: { signIn: "/login" },
  // Auth.js's own messages go to the console's log; a refused sign-in is an answer, not an error
  // (its stack trace would fill the log with every wrong password).
  logger: {
    error: (error) => {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      logger.error({ err: error }, "auth error");
    },
    warn: (code) => logger.warn({ code }, "auth warning"),
    debug: () => {},
  },
  providers: [
    Credentials({
      credentials: { username: { label: "User name" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials, request) => {
        const result = await verifySignIn(credentials, undefined, {
          address: clientAddress(request),
          deviceCookie: cookieValue(request.headers.get("cookie"), DEVICE_COOKIE),
        });
        if (result.ok) {
          const user = {
            id: result.account.id,
            name: result.account.name,
            email: result.account.email,
            username: result.account.username,
            userAgent: request.headers.get("user-agent"),
          };
          return user;
        }
        if (result.reason === "blocked") throw new BlockedAccountSignin();
        if (result.reason === "no-seat") throw new NoSeatSignin();
        if (result.reason === "directory-unreachable") throw new DirectoryUnreachableSignin();
        if (result.reason === "rate-limited") throw new RateLimitedSignin(result.retryInMinutes);
        return null;
      },
    }),
  ],
  callbacks: {
    // Sign-in starts a server-side session; every later request checks it is still open and its
    // account still active (null clears the cookie). Sign-out, a password or role change, a
    // block or a delete end it, so a copied cookie stops working at its next request.
    jwt: async ({ token, user }) => {
      if (user?.id) {
        const session = await startSession(user.id, { userAgent: (user as { userAgent?: string | null }).userAgent });
        return { ...token, sub: user.id, sid: session.id };
      }
      const live = await loadLiveSession(token.sid);
      if (!live) return null;
      return { ...token, sub: live.account.id, name: live.account.name };
    },
    session: async ({ session, token }) => {
      if (token.sub) session.user.id = token.sub;
      return Object.assign(session, { sessionId: typeof token.sid === "string" ? token.sid : null });
    },
  },
  events: {
    // This browser has now signed in as this person: its failed attempts count against it alone.
    signIn: async ({ user }) => {
      const username = (user as { username?: string }).username;
      if (!username) return;
      (await cookies()).set(DEVICE_COOKIE, issueDeviceCookie(username), {
        httpOnly: true,
        sameSite: "lax",
        secure: config().SEATKEEPER_URL?.startsWith("https://") ?? false,
        path: "/",
        maxAge: DEVICE_COOKIE_MAX_AGE,
      });
    },
    signOut: async (message) => {
      if ("token" in message && message.token) await endSession(message.token.sid, "signed out");
    },
  },
});

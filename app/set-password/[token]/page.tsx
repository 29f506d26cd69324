import type { Metadata } from "next";
import Link from "next/link";
import { checkPasswordLink } from "@/lib/accounts/reset-password";
import { SetPasswordForm } from "./set-password-form";

export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await checkPasswordLink(token);
  return (
    <main className="login">
      <div className="card login-card stack">
        <h1>Set your password</h1>
        {link ? (
          <>
            <p className="muted">
              For <strong>{link.username}</strong>. This link works once.
            </p>
            <SetPasswordForm token={token} />
          </>
        ) : (
          <p className="alert alert-error" role="alert">
            This link cannot be used: it was used already, has expired, or a newer one was sent. Ask an administrator for a new one.
          </p>
        )}
        <p>
          <Link href="/login">Sign in</Link>
        </p>
      </div>
    </main>
  );
}

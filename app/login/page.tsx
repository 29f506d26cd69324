import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentAccount } from "@/lib/auth/guards";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentAccount()) redirect("/");
  const passwordSet = (await searchParams).password === "set";
  return (
    <main className="login">
      <div className="card login-card">
        <h1>Seatkeeper</h1>
        <p className="muted">Sign in to your intranet site.</p>
        {passwordSet ? (
          <p className="alert alert-success" role="status">
            Your new password is set: sign in with it.
          </p>
        ) : null}
        <LoginForm />
      </div>
    </main>
  );
}

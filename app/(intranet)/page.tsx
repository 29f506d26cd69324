import { requirePageAccount } from "@/lib/auth/guards";
import { AppHeader } from "@/components/app-header";

export const dynamic = "force-dynamic";

export default async function IntranetHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const account = await requirePageAccount();
  // Changing a one-time password ends on this page: say that it worked.
  const passwordChanged = (await searchParams).password === "changed";
  return (
    <>
      <AppHeader account={account} />
      <main className="page">
        <h1>Welcome, {account.name}</h1>
        {passwordChanged ? (
          <p className="alert alert-success" role="status">
            Your password is changed.
          </p>
        ) : null}
        <p>This is your intranet home.</p>
        {account.isPeopleAdmin || account.isSysadmin ? <p className="muted">Your administration areas are in the bar above.</p> : null}
      </main>
    </>
  );
}

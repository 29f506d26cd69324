import { requirePageAccount } from "@/lib/auth/guards";
import { AppHeader } from "@/components/app-header";

export const dynamic = "force-dynamic";

export default async function IntranetHome() {
  const account = await requirePageAccount();
  return (
    <>
      <AppHeader account={account} />
      <main className="page">
        <h1>Welcome, {account.name}</h1>
        <p>This is your intranet home.</p>
        {account.isPeopleAdmin || account.isSysadmin ? <p className="muted">Your administration areas are in the bar above.</p> : null}
      </main>
    </>
  );
}

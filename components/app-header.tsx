import Link from "next/link";
import type { SessionAccount } from "@/lib/auth/guards";
import { SignOutButton } from "./sign-out-button";

/** The bar on every signed-in page: the site name, the admin sections the account may open, who is signed in. */
export function AppHeader({ account, extra }: { account: SessionAccount; extra?: React.ReactNode }) {
  return (
    <header className="app-header">
      <nav aria-label="Main" className="app-nav">
        <Link href="/" className="brand">
          Seatkeeper
        </Link>
        {account.isPeopleAdmin ? <Link href="/admin/people">Admin › People</Link> : null}
        {account.isSysadmin ? <Link href="/admin/system/license">Admin › System</Link> : null}
      </nav>
      <div className="app-user">
        {extra}
        <Link href="/account" aria-label={`My account: ${account.name} (${account.username})`}>
          {account.name} ({account.username})
        </Link>
        <SignOutButton />
      </div>
    </header>
  );
}

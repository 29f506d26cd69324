import { forbidden } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { requirePageAccount } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const account = await requirePageAccount();
  // Each page checks its own role too; this only keeps ordinary users out of the whole section.
  if (!account.isPeopleAdmin && !account.isSysadmin) forbidden();
  return (
    <>
      <AppHeader account={account} />
      {children}
    </>
  );
}

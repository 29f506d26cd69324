import { redirect } from "next/navigation";
import { requirePageAccount } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export default async function AdminIndex() {
  const account = await requirePageAccount();
  redirect(account.isPeopleAdmin ? "/admin/people" : "/admin/system/license");
}

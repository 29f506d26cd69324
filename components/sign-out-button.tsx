import { signOut } from "@/lib/auth/auth";
import { Button } from "./ui/button";

export function SignOutButton() {
  return (
    <form
      action={async () => {
        "use server";
        await signOut({ redirectTo: "/login" });
      }}
    >
      <Button type="submit" variant="quiet">
        Sign out
      </Button>
    </form>
  );
}

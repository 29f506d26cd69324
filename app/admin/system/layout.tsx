import Link from "next/link";

export default function SystemLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <nav aria-label="Admin › System" className="subnav">
        <Link href="/admin/system/license">License</Link>
        <Link href="/admin/system/directory">Directory sync</Link>
        <Link href="/admin/system/roles">Roles</Link>
        <Link href="/admin/system/audit-log">Audit log</Link>
        <Link href="/admin/system/settings">Settings</Link>
      </nav>
      {children}
    </>
  );
}

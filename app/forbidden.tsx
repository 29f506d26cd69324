import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="page narrow">
      <h1>Not allowed</h1>
      <p>Your account does not have the role this page needs.</p>
      <p>
        <Link href="/">Back to the intranet home</Link>
      </p>
    </main>
  );
}

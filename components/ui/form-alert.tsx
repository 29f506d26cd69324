import Link from "next/link";
import type { Result } from "@/lib/actions/result";

/**
 * The outcome of a form, above its button: a status when it worked, an alert when not (with the
 * link that helps fix it). The live region is always there, so screen readers hear each outcome.
 */
export function FormAlert({
  result,
  testId,
  id,
  children,
}: {
  result: Result<unknown> | null;
  testId?: string;
  /** For a form's aria-describedby, and for tests that find the outcome by id. */
  id?: string;
  children?: React.ReactNode;
}) {
  return (
    <div aria-live="polite">
      {result ? (
        <div
          id={id}
          role={result.ok ? "status" : "alert"}
          className={`alert ${result.ok ? "alert-success" : "alert-error"}`}
          data-testid={testId}
        >
          {result.ok ? result.message : result.error}
          {!result.ok && result.link ? (
            <>
              {" "}
              <Link href={result.link.href}>{result.link.label}</Link>
            </>
          ) : null}
          {children}
        </div>
      ) : null}
    </div>
  );
}

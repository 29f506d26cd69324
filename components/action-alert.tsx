import Link from "next/link";

type Outcome = { ok: true; message: string } | { ok: false; error: string; link?: { href: string; label: string } };

/** The outcome of a form's action, above its button: a status when it worked, an alert when not. */
export function ActionAlert({ state, testId }: { state: Outcome | null; testId?: string }) {
  return (
    <div aria-live="polite">
      {state ? (
        <p role={state.ok ? "status" : "alert"} className={`alert ${state.ok ? "alert-success" : "alert-error"}`} data-testid={testId}>
          {state.ok ? state.message : state.error}
          {!state.ok && state.link ? (
            <>
              {" "}
              <Link href={state.link.href}>{state.link.label}</Link>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

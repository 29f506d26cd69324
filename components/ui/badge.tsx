type Tone = "active" | "blocked" | "failed" | "neutral";

/** A short state word in a pill: account states, delivery states, roles. */
export function Badge({ tone = "neutral", children, ...props }: React.HTMLAttributes<HTMLSpanElement> & { tone?: Tone }) {
  return (
    <span className={`badge badge-${tone}`} {...props}>
      {children}
    </span>
  );
}

import { Slot } from "radix-ui";

type Variant = "default" | "primary" | "danger" | "quiet";

export type ButtonProps = React.ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: Variant;
  size?: "normal" | "small";
  /** Render the one child (a Link) with the button's look instead of a <button>. */
  asChild?: boolean;
};

export function buttonClass({ variant = "default", size = "normal" }: { variant?: Variant; size?: "normal" | "small" } = {}) {
  return ["button", variant === "default" ? null : `button-${variant}`, size === "small" ? "button-small" : null].filter(Boolean).join(" ");
}

/** Every button of the console. A plain <button type="button"> unless told otherwise, so it never submits a form by accident. */
export function Button({ variant, size, asChild, className, type, ...props }: ButtonProps) {
  const classes = [buttonClass({ variant, size }), className].filter(Boolean).join(" ");
  if (asChild) return <Slot.Root className={classes} {...props} />;
  return <button type={type ?? "button"} className={classes} {...props} />;
}

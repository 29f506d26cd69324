/** The message shown under a form field; `id` is what the field's aria-describedby points at. */
export function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <span id={id} className="field-error">
      {messages.join(" ")}
    </span>
  );
}

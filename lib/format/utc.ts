// How the console writes a moment, everywhere (pages, e-mails, messages, file names): UTC, so
// administrators in different places read the same thing. No database or server imports: the
// browser uses it too.

const iso = (value: Date | string) => (typeof value === "string" ? new Date(value) : value).toISOString();

/** "2026-11-28" */
export function utcDate(value: Date | string): string {
  return iso(value).slice(0, 10);
}

/** "2026-11-28 00:44 UTC" */
export function utcMinute(value: Date | string): string {
  const text = iso(value);
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

/** "22 December 2026" (a day, for sentences). */
export function utcLongDate(value: Date | string): string {
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(iso(value));
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

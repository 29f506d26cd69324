import { utcDate, utcMinute } from "@/lib/format/utc";

/** A moment as administrators read it everywhere in the console: "2026-11-28 00:44 UTC" (or just the date). */
export function UtcTime({ value, dateOnly = false }: { value: Date | string | null | undefined; dateOnly?: boolean }) {
  if (!value) return <>never</>;
  const iso = typeof value === "string" ? value : value.toISOString();
  return <time dateTime={iso}>{dateOnly ? utcDate(iso) : utcMinute(iso)}</time>;
}

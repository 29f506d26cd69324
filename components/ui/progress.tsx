"use client";

import { Progress as RadixProgress } from "radix-ui";

/** A progress bar (Radix Progress: role progressbar with its value for assistive technology). */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max > 0 ? Math.min(100, (value / max) * 100) : 0;
  return (
    <RadixProgress.Root className="progress" value={value} max={max} aria-label={label} getValueLabel={(v, m) => `${v} of ${m}`}>
      <RadixProgress.Indicator className="progress-indicator" style={{ transform: `translateX(-${100 - percent}%)` }} />
    </RadixProgress.Root>
  );
}

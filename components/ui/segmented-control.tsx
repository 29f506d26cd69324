"use client";

import { ToggleGroup } from "radix-ui";

/**
 * One choice among a few, shown side by side (a chart's time range). Radix ToggleGroup: arrow
 * keys move between the choices, and the chosen one is announced as pressed.
 */
export function SegmentedControl<T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <ToggleGroup.Root
      type="single"
      className="segmented"
      aria-label={label}
      value={value}
      // A click on the chosen one would clear the choice: keep it.
      onValueChange={(next) => next && onChange(next as T)}
    >
      {options.map((option) => (
        <ToggleGroup.Item key={option.value} value={option.value} className="segmented-item">
          {option.label}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}

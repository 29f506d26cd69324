"use client";

import { Tabs as RadixTabs } from "radix-ui";

type Tab = { value: string; label: React.ReactNode; content: React.ReactNode };

/**
 * Views of one thing, one at a time (a chart and its table; two ways to reset a password). Arrow
 * keys move between tabs; each panel is labelled by its tab (Radix Tabs).
 */
export function Tabs({ label, tabs, defaultValue }: { label: string; tabs: Tab[]; defaultValue?: string }) {
  return (
    <RadixTabs.Root className="tabs" defaultValue={defaultValue ?? tabs[0]?.value}>
      <RadixTabs.List className="tabs-list" aria-label={label}>
        {tabs.map((tab) => (
          <RadixTabs.Trigger key={tab.value} value={tab.value} className="tabs-trigger">
            {tab.label}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {tabs.map((tab) => (
        <RadixTabs.Content key={tab.value} value={tab.value} className="tabs-panel">
          {tab.content}
        </RadixTabs.Content>
      ))}
    </RadixTabs.Root>
  );
}

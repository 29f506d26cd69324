"use client";

import { DropdownMenu as RadixMenu } from "radix-ui";

/**
 * A button that opens a short menu (Radix DropdownMenu: arrow keys, typeahead, Escape, focus back
 * to the button). Compose it from the parts below.
 */
export function DropdownMenu({ trigger, children, label }: { trigger: React.ReactElement; children: React.ReactNode; label?: string }) {
  return (
    <RadixMenu.Root>
      <RadixMenu.Trigger asChild>{trigger}</RadixMenu.Trigger>
      <RadixMenu.Portal>
        <RadixMenu.Content className="menu" align="end" sideOffset={4} aria-label={label}>
          {children}
        </RadixMenu.Content>
      </RadixMenu.Portal>
    </RadixMenu.Root>
  );
}

export function DropdownMenuItem(props: React.ComponentProps<typeof RadixMenu.Item>) {
  return <RadixMenu.Item className="menu-item" {...props} />;
}

/** A choice that stays ticked (e.g. a column shown); the menu stays open so several can be changed. */
export function DropdownMenuCheckboxItem({ children, ...props }: React.ComponentProps<typeof RadixMenu.CheckboxItem>) {
  return (
    <RadixMenu.CheckboxItem className="menu-item menu-checkbox" onSelect={(event) => event.preventDefault()} {...props}>
      <span className="menu-check" aria-hidden="true">
        <RadixMenu.ItemIndicator>✓</RadixMenu.ItemIndicator>
      </span>
      {children}
    </RadixMenu.CheckboxItem>
  );
}

export function DropdownMenuLabel(props: React.ComponentProps<typeof RadixMenu.Label>) {
  return <RadixMenu.Label className="menu-label" {...props} />;
}

export const DropdownMenuSeparator = () => <RadixMenu.Separator className="menu-separator" />;

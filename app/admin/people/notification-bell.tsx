"use client";

import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { toastResult } from "@/components/ui/toast";
import { UtcTime } from "@/components/utc-time";
import { markNotificationsReadAction } from "./actions";

type Item = { id: string; message: string; createdAt: string; read: boolean };

/** The People administrator's notifications (a pool became full, or nearly): unread count and list. */
export function NotificationBell({ unread, items }: { unread: number; items: Item[] }) {
  const [pending, startTransition] = useTransition();
  return (
    <details className="bell">
      <summary>
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        Notifications
        {unread > 0 ? (
          <span className="bell-count" data-testid="unread-count">
            {unread}
            <span className="visually-hidden"> unread</span>
          </span>
        ) : null}
      </summary>
      <div className="bell-panel">
        {items.length === 0 ? <p className="muted">No notifications.</p> : null}
        <ul>
          {items.map((n) => (
            <li key={n.id} className={n.read ? "read" : "unread"}>
              <UtcTime value={n.createdAt} />
              <p>{n.message}</p>
            </li>
          ))}
        </ul>
        {unread > 0 ? (
          <Button
            size="small"
            disabled={pending}
            // Not a form: a toast says how it went, refused or not.
            onClick={() => startTransition(async () => toastResult(await markNotificationsReadAction({})))}
          >
            Mark all as read
          </Button>
        ) : null}
      </div>
    </details>
  );
}

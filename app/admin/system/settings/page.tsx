import type { Metadata } from "next";
import { requirePageAccount } from "@/lib/auth/guards";
import { getSiteSettings } from "@/lib/licensing";
import { mailConfigured } from "@/lib/mail/outbox";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  await requirePageAccount("sysadmin");
  const settings = await getSiteSettings();
  return (
    <main className="page narrow">
      <h1>Admin › System › Settings</h1>
      <section className="card" aria-labelledby="notify-title">
        <h2 id="notify-title">License notifications</h2>
        <p className="muted">
          Every People administrator is told once each time a pool becomes full, warned once when it crosses this threshold, and warned once
          when the forecast says it will be full within the days below.{" "}
          {mailConfigured() ? "They also get an e-mail (SMTP_URL is set)." : "E-mail is off: set SMTP_URL to send these by mail too."}
        </p>
        <SettingsForm
          nearFullThresholdPct={settings.nearFullThresholdPct}
          forecastWarningDays={settings.forecastWarningDays}
          auditRetentionDays={settings.auditRetentionDays}
        />
      </section>
    </main>
  );
}

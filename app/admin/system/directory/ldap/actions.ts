"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { failure, success } from "@/lib/actions/result";
import { previewLdapSync } from "@/lib/ldap/run-sync";
import { saveLdapSettings } from "@/lib/ldap/settings";
import { ldapSettingsFormSchema } from "@/lib/ldap/settings-schema";
import { startLdapSync } from "@/lib/ldap/start-sync";
import { kickLdapSync } from "@/lib/ldap/sync-job";
import { testLdapConnection } from "@/lib/ldap/test-connection";

const PAGE = "/admin/system/directory/ldap";

export const saveLdapSettingsAction = defineFormAction({
  access: "sysadmin",
  input: ldapSettingsFormSchema,
  run: async ({ input, actor }) => {
    const saved = await saveLdapSettings({ actor, settings: input });
    revalidatePath(PAGE);
    return success(
      `Saved. ${saved.scheduleMinutes ? `The directory is synced every ${saved.scheduleMinutes} minutes` : "Scheduled syncs are off: use Sync now"}; try "Test connection" and "Preview" before the first sync.`,
    );
  },
});

/** Tests the settings form's values as typed, unsaved (lib/ldap checks them and says what is wrong). */
export const testLdapConnectionAction = defineFormAction({
  access: "sysadmin",
  input: z.record(z.string(), z.unknown()),
  run: async ({ input }) => {
    const outcome = await testLdapConnection({ form: input });
    return outcome.ok ? success(outcome.message) : failure(outcome.error);
  },
});

export const previewLdapSyncAction = defineAction({
  access: "sysadmin",
  input: z.unknown(),
  run: async () => {
    const outcome = await previewLdapSync();
    return outcome.ok ? success(outcome.summary, { problems: outcome.problems }) : failure(outcome.error);
  },
});

/** Queues a run and hands it to this process's ldap-sync worker; the page follows its progress. */
export const runLdapSyncAction = defineAction({
  access: "sysadmin",
  input: z.unknown(),
  run: async ({ account }) => {
    const started = await startLdapSync({ trigger: account.username });
    if (!started.ok) return failure(started.error);
    kickLdapSync();
    revalidatePath(PAGE);
    return success("Sync started: it runs in the background, its progress shows below.", { run: started.run });
  },
});

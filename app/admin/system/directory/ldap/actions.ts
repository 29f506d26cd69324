"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { failure, success } from "@/lib/actions/result";
import { previewLdapSync, runLdapSync } from "@/lib/ldap/run-sync";
import { saveLdapSettings } from "@/lib/ldap/settings";
import { ldapSettingsFormSchema } from "@/lib/ldap/settings-schema";
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

export const testLdapConnectionAction = defineAction({
  access: "sysadmin",
  input: z.unknown(),
  run: async () => {
    const outcome = await testLdapConnection();
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

export const runLdapSyncAction = defineAction({
  access: "sysadmin",
  input: z.unknown(),
  run: async ({ account }) => {
    const outcome = await runLdapSync({ trigger: account.username });
    revalidatePath(PAGE);
    return outcome.ok ? success(outcome.summary, { problems: outcome.problems }) : failure(outcome.error);
  },
});

/** Every action the audit trail records (the audit log's action filter offers these). */
export const AUDIT_ACTIONS = [
  "account.create",
  "account.block",
  "account.unblock",
  "account.delete",
  "account.move",
  "account.activate_waiting",
  "account.update",
  "account.roles",
  "account.password",
  "area.create",
  "area.rename",
  "area.delete",
  "license.apply",
  "license.request",
  "license.request.delivery",
  "settings.change",
  "scim.token",
  "directory.group_mapping",
  "ldap.sync",
  "audit.purge",
  "bulk.start",
  "bulk.cancel",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

// The one module that owns every seat rule. Nothing outside it changes an account's state or
// counts seats.
export * from "./actor";
export * from "./errors";
export * from "./schemas";
export { createAccount, type CreateAccountOptions } from "./create-account";
export { blockAccount, type BlockAccountOptions } from "./block-account";
export { unblockAccount, type UnblockAccountOptions } from "./unblock-account";
export { comeBackAfterInactivity, type ComebackOutcome } from "./come-back-after-inactivity";
export { deleteAccount, type DeleteAccountOptions } from "./delete-account";
export { moveAccount, type MoveAccountOptions } from "./move-account";
export {
  moveAccountForDirectory,
  moveAccountsForDirectory,
  type DirectoryMoveOutcome,
  type MoveAccountsForDirectoryOptions,
} from "./move-account-for-directory";
export { applyLicense, licenseInForceSchema, type LicenseTerms, type ApplyLicenseOptions } from "./apply-license";
export { getSeatStatistics, getActiveAccountSummary, seatsRemaining, type PoolStatistics } from "./seat-statistics";
export { recordAuditEvent, type AuditAction } from "./audit";
export { getSiteSettings, updateSiteSettings, siteSettingsSchema } from "./site-settings";
export { applyLicenseDocument, previewLicenseDocument, currentSiteId, type LicenseChange } from "./apply-license-document";
export { applyDirectoryActiveState, activateWaitingAccounts, directoryActiveStateMayChange, SYNC_RUN_HAS_WORK_SQL } from "./directory-sync";
export { moveDirectoryAccount } from "./directory-move";
export { createDirectoryAccounts, type DirectoryAccountOutcome } from "./create-directory-accounts";
export { updateAccountProfile, accountProfileSchema } from "./update-account-profile";
export { bulkCreateAccounts, InitialLoadError, type BulkAccount } from "./bulk-create-accounts";
export { assertKeepsAdministrators, assertMayManage, lockAdminRoles } from "./admin-guards";
export { DIRECTORY_OWNED_FIELDS, DIRECTORY_OWNED_REASON, isDirectoryManaged, type DirectoryOwnedField } from "./directory-owned";
export type { BatchOutcome, BatchOutcomes } from "./batch-accounts";
export { blockAccountsInBatch } from "./block-accounts-in-batch";
export { unblockAccountsInBatch } from "./unblock-accounts-in-batch";
export { deleteAccountsInBatch } from "./delete-accounts-in-batch";

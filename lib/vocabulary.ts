// The console's words for its states and kinds, in one place: screens, the export, messages and
// e-mails all say the same thing. No database or server imports: the browser uses it too.

type Pool = "PRIMARY" | "EXTRANET";
type BlockReason = "ADMIN" | "NO_SEAT" | "DIRECTORY" | "INACTIVE";
type AccountSource = "FORM" | "IMPORT" | "DIRECTORY" | "SEED" | "LDAP";

/** A pool in a sentence: "No free seat in the primary area (Max_Users)". */
export const POOL_LABEL: Record<Pool, string> = {
  PRIMARY: "primary area (Max_Users)",
  EXTRANET: "extranet (Max_extranet_users)",
};

/** A pool as a heading (the statistics cards). */
export const POOL_TITLE: Record<Pool, string> = { PRIMARY: "Primary area", EXTRANET: "Extranets" };

/** A pool's license field. */
export const POOL_LIMIT_FIELD: Record<Pool, string> = { PRIMARY: "Max_Users", EXTRANET: "Max_extranet_users" };

/** A pool in one word (the export's "License pool" column). */
export const POOL_WORD: Record<Pool, string> = { PRIMARY: "Primary", EXTRANET: "Extranet" };

/** A pool after an area's name where an area is chosen: "Partners (extranet)". */
export const POOL_CHOICE: Record<Pool, string> = { PRIMARY: "primary area", EXTRANET: "extranet" };

/** Why an account is blocked, on a badge. */
export const BLOCKED_REASON_BADGE: Record<BlockReason, string> = {
  ADMIN: "blocked",
  NO_SEAT: "blocked, waiting for a seat",
  DIRECTORY: "blocked by the directory",
  INACTIVE: "Blocked: inactive",
};

/** Why an account is blocked, in a sentence (the export's "Blocked reason" column). */
export const BLOCKED_REASON_SENTENCE: Record<BlockReason, string> = {
  ADMIN: "Blocked by an administrator",
  NO_SEAT: "Waiting for a seat",
  DIRECTORY: "Blocked by the directory",
  INACTIVE: "Blocked: inactive",
};

/** An account's state in a word or two: the People list's state filter, the badge of an active account. */
export const ACCOUNT_STATE_LABEL: Record<"active" | "blocked" | "waiting", string> = {
  active: "Active",
  blocked: "Blocked",
  waiting: "Waiting for a seat",
};

/** The People list's activity filter. */
export const INACTIVE_FILTER_LABEL: Record<"30" | "60" | "90" | "180" | "never", string> = {
  "30": "Inactive for more than 30 days",
  "60": "Inactive for more than 60 days",
  "90": "Inactive for more than 90 days",
  "180": "Inactive for more than 180 days",
  never: "Never signed in (created more than 7 days ago)",
};

/** Where an account came from. */
export const SOURCE_LABEL: Record<AccountSource, string> = {
  FORM: "Created in the console",
  IMPORT: "CSV import",
  DIRECTORY: "Directory (SCIM)",
  SEED: "Set-up command or demo data",
  LDAP: "Directory (Active Directory / LDAP)",
};

/** Where a license request is delivered. */
export const DELIVERY_CHANNEL_LABEL: Record<"HTTP" | "EMAIL", string> = { HTTP: "request project", EMAIL: "e-mail" };

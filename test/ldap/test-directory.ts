// A real OpenLDAP for the tests and the bench: Debian's slapd on 127.0.0.1 on a free port, from a
// generated slapd.conf in a temporary folder, with a self-signed certificate for 127.0.0.1 (so the
// console connects with StartTLS and trusts that certificate as its CA), the memberof overlay, and
// a small schema of our own that plays Active Directory (userAccountControl, sAMAccountName,
// userPrincipalName, objectGUID). Stopped by its own pid, also when starting it fails.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const TEST_SUFFIX = "dc=example,dc=test";
export const ROOT_DN = `cn=admin,${TEST_SUFFIX}`;
const ROOT_PASSWORD = "root-secret";
/** The service account the console binds as (not the rootdn: the server's limits apply to it). */
export const SERVICE_DN = `cn=seatkeeper,ou=services,${TEST_SUFFIX}`;
export const SERVICE_PASSWORD = "service-secret";

// Active Directory's own OIDs, so the attributes mean what they mean there.
const AD_SCHEMA = `
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
  DESC 'Active Directory account flags: bit 2 (ACCOUNTDISABLE) marks a disabled account'
  EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.2 NAME 'objectGUID'
  EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.55555.1.1 NAME 'seatkeeperAdUser'
  DESC 'Plays an Active Directory user in the tests' SUP top AUXILIARY
  MAY ( userAccountControl $ sAMAccountName $ userPrincipalName $ objectGUID ) )
`;

export type TestDirectory = {
  /** ldap://127.0.0.1:<port> (StartTLS offered). */
  url: string;
  port: number;
  /** The self-signed certificate of 127.0.0.1, to give the console as the CA to trust. */
  caCertificate: string;
  pid: number;
  /** Adds entries (LDIF) as the directory's root. */
  add: (ldif: string) => Promise<void>;
  /** Applies an LDIF of changes (changetype: modify / delete…) as the directory's root. */
  modify: (ldif: string) => Promise<void>;
  stop: () => Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopPid(pid: number): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, "SIGTERM");
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (alive(pid)) process.kill(pid, "SIGKILL");
}

async function ldapTool(tool: "ldapadd" | "ldapmodify", port: number, ldif: string, dir: string): Promise<void> {
  const file = path.join(dir, `load-${Date.now()}-${Math.random().toString(36).slice(2)}.ldif`);
  await writeFile(file, ldif);
  try {
    await run(tool, ["-x", "-H", `ldap://127.0.0.1:${port}/`, "-D", ROOT_DN, "-w", ROOT_PASSWORD, "-f", file], {
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`${tool} failed: ${stderr.trim() || (error as Error).message}`);
  } finally {
    await rm(file, { force: true });
  }
}

/** The organisation every test directory starts with: people, groups and the service account. */
const BASE_LDIF = `dn: ${TEST_SUFFIX}
objectClass: dcObject
objectClass: organization
dc: example
o: Example

dn: ou=people,${TEST_SUFFIX}
objectClass: organizationalUnit
ou: people

dn: ou=groups,${TEST_SUFFIX}
objectClass: organizationalUnit
ou: groups

dn: ou=services,${TEST_SUFFIX}
objectClass: organizationalUnit
ou: services

dn: ${SERVICE_DN}
objectClass: person
cn: seatkeeper
sn: service
userPassword: ${SERVICE_PASSWORD}
`;

/**
 * Starts slapd and loads `ldif` (after the base organisation). Pass `pageLimit` to make the server
 * refuse unpaged searches above it (as Active Directory's MaxPageSize does).
 */
export async function startTestDirectory(options: { ldif?: string; pageLimit?: number } = {}): Promise<TestDirectory> {
  if (!existsSync("/usr/sbin/slapd"))
    throw new Error("slapd is not installed: run `npm test` (it installs Debian's slapd and ldap-utils).");
  const dir = await mkdtemp(path.join(os.tmpdir(), "seatkeeper-slapd-"));
  let pid = 0;
  const stop = async () => {
    if (pid) await stopPid(pid);
    process.off("exit", stopOnExit);
    await rm(dir, { recursive: true, force: true });
  };
  // A test run that dies without its afterAll still stops the server.
  const stopOnExit = () => {
    if (pid && alive(pid)) process.kill(pid, "SIGKILL");
  };
  process.on("exit", stopOnExit);
  try {
    await mkdir(path.join(dir, "db"));
    await run("openssl", [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"],
      ...["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")],
    ]);
    await writeFile(path.join(dir, "seatkeeper-ad.schema"), AD_SCHEMA);
    const port = await freePort();
    const limit = options.pageLimit ?? 500;
    const conf = [
      ...["core", "cosine", "inetorgperson", "nis"].map((s) => `include /etc/ldap/schema/${s}.schema`),
      `include ${path.join(dir, "seatkeeper-ad.schema")}`,
      "modulepath /usr/lib/ldap",
      "moduleload back_mdb",
      "moduleload memberof",
      `pidfile ${path.join(dir, "slapd.pid")}`,
      `argsfile ${path.join(dir, "slapd.args")}`,
      `TLSCertificateFile ${path.join(dir, "cert.pem")}`,
      `TLSCertificateKeyFile ${path.join(dir, "key.pem")}`,
      "database mdb",
      "maxsize 1073741824",
      `suffix "${TEST_SUFFIX}"`,
      `rootdn "${ROOT_DN}"`,
      `rootpw ${ROOT_PASSWORD}`,
      `directory ${path.join(dir, "db")}`,
      "dbnosync",
      "index objectClass,uid,mail,sAMAccountName,userPrincipalName eq",
      "index entryUUID eq",
      // Like Active Directory: a plain search returns at most `limit` entries; paged, all of them.
      `limits * size.soft=${limit} size.hard=${limit} size.pr=unlimited size.prtotal=unlimited`,
      "access to attrs=userPassword by self write by anonymous auth by * none",
      "access to * by * read",
      "overlay memberof",
      "memberof-group-oc groupOfNames",
      "memberof-member-ad member",
      "memberof-memberof-ad memberOf",
      "memberof-refint TRUE",
      "",
    ].join("\n");
    await writeFile(path.join(dir, "slapd.conf"), conf);
    await new Promise<void>((resolve, reject) => {
      const child = spawn("/usr/sbin/slapd", ["-f", path.join(dir, "slapd.conf"), "-h", `ldap://127.0.0.1:${port}/`], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("error", reject);
      // slapd daemonises: this process exits 0 once the server is forking off.
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`slapd did not start (exit ${code}): ${stderr.trim()}`))));
    });
    for (let i = 0; i < 100 && !pid; i++) {
      const text = await readFile(path.join(dir, "slapd.pid"), "utf8").catch(() => "");
      if (text.trim()) pid = Number(text.trim());
      else await new Promise((r) => setTimeout(r, 50));
    }
    if (!pid) throw new Error("slapd wrote no pid file");
    const add = (ldif: string) => ldapTool("ldapadd", port, ldif, dir);
    const modify = (ldif: string) => ldapTool("ldapmodify", port, ldif, dir);
    // It answers within a second of starting: retry the first load until it does.
    for (let attempt = 0; ; attempt++) {
      try {
        await add(BASE_LDIF);
        break;
      } catch (error) {
        if (attempt > 40 || !/Can't contact|connect/i.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    if (options.ldif) await add(options.ldif);
    const caCertificate = await readFile(path.join(dir, "cert.pem"), "utf8");
    return { url: `ldap://127.0.0.1:${port}`, port, caCertificate, pid, add, modify, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Active Directory's objectGUID as LDIF's base64 value, from its usual string form. */
export function objectGuidLdif(guid: string): string {
  const hex = guid.replace(/-/g, "");
  const bytes = Buffer.from(hex, "hex");
  // The first three groups are little-endian in the binary form.
  const binary = Buffer.concat([
    Buffer.from(bytes.subarray(0, 4)).reverse(),
    Buffer.from(bytes.subarray(4, 6)).reverse(),
    Buffer.from(bytes.subarray(6, 8)).reverse(),
    bytes.subarray(8),
  ]);
  return binary.toString("base64");
}

export type TestPerson = {
  uid: string;
  givenName: string;
  sn: string;
  mail?: string;
  guid: string;
  password?: string;
  disabled?: boolean;
};

/** One person as Active Directory would show it (plus uid, for the OpenLDAP preset). */
export function personLdif(p: TestPerson): string {
  return [
    `dn: uid=${p.uid},ou=people,${TEST_SUFFIX}`,
    "objectClass: inetOrgPerson",
    "objectClass: seatkeeperAdUser",
    `uid: ${p.uid}`,
    `cn: ${p.givenName} ${p.sn}`,
    `givenName: ${p.givenName}`,
    `sn: ${p.sn}`,
    ...(p.mail === undefined ? [`mail: ${p.uid}@example.test`] : p.mail ? [`mail: ${p.mail}`] : []),
    `sAMAccountName: ${p.uid}`,
    `userPrincipalName: ${p.uid}@example.test`,
    `userAccountControl: ${p.disabled ? 514 : 512}`,
    `objectGUID:: ${objectGuidLdif(p.guid)}`,
    ...(p.password ? [`userPassword: ${p.password}`] : []),
    "",
  ].join("\n");
}

export function groupLdif(cn: string, memberUids: string[]): string {
  // groupOfNames needs at least one member: the service account stands in for an empty group.
  const members = memberUids.length ? memberUids.map((uid) => `uid=${uid},ou=people,${TEST_SUFFIX}`) : [SERVICE_DN];
  return [
    `dn: cn=${cn},ou=groups,${TEST_SUFFIX}`,
    "objectClass: groupOfNames",
    `cn: ${cn}`,
    ...members.map((m) => `member: ${m}`),
    "",
  ].join("\n");
}

export const groupDn = (cn: string) => `cn=${cn},ou=groups,${TEST_SUFFIX}`;
export const personDn = (uid: string) => `uid=${uid},ou=people,${TEST_SUFFIX}`;

import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { config } from "../../lib/config";
import { findFreePort } from "../../lib/db/embedded-postgres";
import { createAccount } from "../../lib/licensing";
import { actor, type Apps, type BenchContext, type SeededAreas } from "./context";
import { log } from "./measure";

async function startApp(databaseUrl: string, port: number): Promise<ChildProcess> {
  // BENCH_APP_NODE_ARGS: Node options for the app processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to
  // profile them (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = (config().BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(
    process.execPath,
    // The console's production server, as `npm start` runs it (Next inside a plain Node server).
    [...nodeArgs, "--import", "tsx", path.join(process.cwd(), "scripts", "serve.ts")],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
        NEXT_TELEMETRY_DISABLED: "1",
        SYNC_CYCLE_SECONDS: "3600",
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/login`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the app on port ${port} did not start`);
}

/**
 * An administrator to sign in as, and two app processes on the benchmark's database (seat
 * contention is measured across processes). Each started process goes into `started` at once, so
 * the caller stops it even if the second one fails to start.
 */
export async function startApps({ db, url }: BenchContext, { intranet }: SeededAreas, started: ChildProcess[]): Promise<Apps> {
  const admin = { username: "bench.admin", password: "bench-password-1" };
  await createAccount(
    {
      actor,
      source: "SEED",
      account: {
        username: admin.username,
        email: "bench.admin@bench.example",
        givenName: "Bench",
        familyName: "Admin",
        areaId: intranet.id,
        password: admin.password,
        isPeopleAdmin: true,
        isSysadmin: true,
      },
    },
    db,
  );
  const [portA, portB] = [await findFreePort(), await findFreePort()];
  started.push(await startApp(url, portA));
  started.push(await startApp(url, portB));
  log(`two app processes on ports ${portA} and ${portB}`);
  return { bases: [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`], pids: started.map((app) => app.pid!), admin };
}

export async function signInCookie(base: string, username: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${base}/` }),
  });
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error("bench sign-in failed");
  return session;
}

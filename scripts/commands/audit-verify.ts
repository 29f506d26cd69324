import { verifyAuditChain } from "../../lib/audit/verify-chain";
import { withCommandDatabase } from "../../lib/db/command-database";

const started = performance.now();
try {
  const verdict = await withCommandDatabase((client) => verifyAuditChain({}, client));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (verdict.ok) {
    console.log(`All ${verdict.count.toLocaleString("en")} audit events verify. (${seconds} s)`);
    process.exit(0);
  }
  console.error(`${verdict.message} ${verdict.count.toLocaleString("en")} events before it verify.`);
  process.exit(1);
} catch (error) {
  console.error(`audit:verify failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

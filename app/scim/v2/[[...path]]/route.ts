import { scimRequests } from "@/lib/metrics/registry";
import { handleScimRequest } from "@/lib/scim/handle-request";

export const dynamic = "force-dynamic";

async function handle(request: Request, context: { params: Promise<{ path?: string[] }> }) {
  const { path = [] } = await context.params;
  let status = 500; // what Next answers if the handler throws
  try {
    const response = await handleScimRequest({
      method: request.method,
      segments: path,
      url: new URL(request.url),
      headers: request.headers,
      body: request.body,
    });
    status = response.status;
    return response;
  } finally {
    scimRequests.inc({ status: String(status) });
  }
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };

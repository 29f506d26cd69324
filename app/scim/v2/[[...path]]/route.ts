import { handleScimRequest } from "@/lib/scim/handle-request";

export const dynamic = "force-dynamic";

async function handle(request: Request, context: { params: Promise<{ path?: string[] }> }) {
  const { path = [] } = await context.params;
  return handleScimRequest({ method: request.method, segments: path, url: new URL(request.url), headers: request.headers, body: request.body });
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };

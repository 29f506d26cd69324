import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { withPublicOrigin } from "@/lib/server/public-origin";

// Auth.js builds its redirects from the request's URL: give it the address the browser used.
export const GET = (request: NextRequest) => handlers.GET(new NextRequest(withPublicOrigin(request)));
export const POST = (request: NextRequest) => handlers.POST(new NextRequest(withPublicOrigin(request)));

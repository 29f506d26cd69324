import { z } from "zod";

// Inputs of the area actions; the name rules themselves live in lib/areas.
export const createAreaFormSchema = z.object({ name: z.string("Enter a name.").max(200) });
export const renameAreaFormSchema = z.object({ areaId: z.uuid("Not a valid area id."), name: z.string("Enter a name.").max(200) });
export const deleteAreaFormSchema = z.object({ areaId: z.uuid("Not a valid area id.") });

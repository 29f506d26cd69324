import "server-only";
import bcrypt from "bcryptjs";

// bcrypt (bcryptjs: maintained, pure JS, no native build on a machine without internet).
const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

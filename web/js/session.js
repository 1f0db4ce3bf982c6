// Who is signed in: the token's answer from GET /api/session, kept in memory. The console shows
// only the controls the caller may use; the server checks every request regardless.
import { get, setToken, token } from "./api.js";

let current = null;

export function session() {
  return current;
}

export const canWrite = () => Boolean(current && current.canWrite);
export const isAdmin = () => Boolean(current && current.isAdmin);

// Asks the server who the stored token is; null (and the token forgotten) when it is refused.
export async function restore() {
  if (!token()) return null;
  try {
    current = await get("/api/session");
  } catch (e) {
    if (e.status === 401) setToken(null);
    current = null;
    if (e.status !== 401) throw e;
  }
  return current;
}

export async function signIn(value) {
  setToken(value);
  try {
    current = await get("/api/session");
    return current;
  } catch (e) {
    setToken(null);
    current = null;
    throw e;
  }
}

export function signOut() {
  setToken(null);
  current = null;
}

// The REST API as the console uses it: the token from sessionStorage (this tab only, gone when it
// closes; never a cookie, so no other site can make the browser act for the user), JSON in and out,
// and errors as ApiError with the server's message.
const TOKEN_KEY = "vellum.token";

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

// Listeners told when the server refuses the token (revoked, or the server restarted with another).
const unauthorizedListeners = [];
export function onUnauthorized(listener) {
  unauthorizedListeners.push(listener);
}

// → {data, headers, status}. Throws ApiError for any answer outside 2xx/304.
export async function request(method, path, body) {
  const headers = { Accept: "application/json" };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  const init = { method, headers, credentials: "omit", cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, `The server cannot be reached (${e.message})`);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    let message = (data && typeof data === "object" && (data.error || data.message)) || `HTTP ${response.status}`;
    if (response.status === 429) {
      const after = response.headers.get("Retry-After");
      message = `Too many requests: the rate limit allows more in ${after || "a few"} s`;
    }
    if (response.status === 401 && t) unauthorizedListeners.forEach((l) => l());
    throw new ApiError(response.status, message, data);
  }
  return { data, headers: response.headers, status: response.status };
}

export const get = async (path) => (await request("GET", path)).data;
export const post = async (path, body = {}) => (await request("POST", path, body)).data;
export const put = async (path, body = {}) => (await request("PUT", path, body)).data;
export const del = async (path, body) => (await request("DELETE", path, body)).data;

// "a b/c.md" → "a%20b%2Fc.md": one path segment.
export const seg = (s) => encodeURIComponent(s);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

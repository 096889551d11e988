import { describe, expect, it } from "vitest";
import { endsSession, keptCopy, mayKeep, SAVED_AT, strategyFor } from "./rules";
import { savedAtLabel } from "./offline";

const origin = "https://chibo.example";
const get = (path: string, mode = "cors") => ({ method: "GET", url: `${origin}${path}`, mode });

describe("what the service worker does with a request", () => {
  it("a page load is the app shell's; an API address opened as a page is not", () => {
    expect(strategyFor(get("/nhiem-vu/1", "navigate"), origin)).toBe("page");
    expect(strategyFor(get("/", "navigate"), origin)).toBe("page");
    expect(strategyFor(get("/api/auth/me/data", "navigate"), origin)).toBe("network");
  });

  it("API reads are kept, except the API's docs and the health probe", () => {
    expect(strategyFor(get("/api/tasks/mine"), origin)).toBe("data");
    expect(strategyFor(get("/api/organizations/x/members?limit=50"), origin)).toBe("data");
    expect(strategyFor(get("/api/docs"), origin)).toBe("network");
    expect(strategyFor(get("/api/docs/json"), origin)).toBe("network");
    expect(strategyFor(get("/api/health"), origin)).toBe("network");
    // A path that merely starts like the docs is data.
    expect(strategyFor(get("/api/documents/1"), origin)).toBe("data");
  });

  it("writes and other origins are never intercepted", () => {
    for (const method of ["POST", "PUT", "DELETE"])
      expect(strategyFor({ method, url: `${origin}/api/tasks/1/progress` }, origin)).toBe("network");
    expect(strategyFor(get("/api/tasks/mine"), "https://other.example")).toBe("network");
  });

  it("hashed assets, icons and the manifest come from the cache first; other files go to the network", () => {
    expect(strategyFor(get("/assets/index-abc.js"), origin)).toBe("asset");
    expect(strategyFor(get("/icons/icon-192.png"), origin)).toBe("asset");
    expect(strategyFor(get("/manifest.webmanifest"), origin)).toBe("asset");
    expect(strategyFor(get("/sw.js"), origin)).toBe("network");
  });

  it("only a complete JSON answer is kept", () => {
    expect(mayKeep(200, "application/json; charset=utf-8")).toBe(true);
    expect(mayKeep(200, "application/pdf")).toBe(false);
    expect(mayKeep(200, null)).toBe(false);
    expect(mayKeep(206, "application/json")).toBe(false);
    expect(mayKeep(404, "application/problem+json")).toBe(false);
  });

  it("a 401 ends the session's kept data; a 403 does not", () => {
    expect(endsSession(401)).toBe(true);
    expect(endsSession(403)).toBe(false);
  });
});

describe("the banner's time of the data (Hanoi)", () => {
  const now = new Date("2026-12-03T09:00:00Z"); // 16:00 in Hanoi

  it("today's data shows the time only", () => {
    expect(savedAtLabel("2026-12-03T00:45:00Z", now)).toEqual({ time: "07:45", date: null });
  });

  it("data from an earlier Hanoi day shows the day too; the Hanoi day turns at 17:00 UTC", () => {
    expect(savedAtLabel("2026-12-02T16:59:00Z", now)).toEqual({ time: "23:59", date: "02/12/2026" });
    expect(savedAtLabel("2026-12-02T17:00:00Z", now)).toEqual({ time: "00:00", date: null });
  });
});

describe("the copy kept for offline", () => {
  it("is the answer with the moment it was kept, whatever moment the answer itself carried", async () => {
    const kept = keptCopy(
      '{"a":1}',
      { "content-type": "application/json", [SAVED_AT]: "2020-01-01T00:00:00.000Z" },
      new Date("2026-12-05T07:45:00Z"),
    );
    expect(kept.status).toBe(200);
    expect(kept.headers.get("content-type")).toBe("application/json");
    expect(kept.headers.get(SAVED_AT)).toBe("2026-12-05T07:45:00.000Z");
    expect(await kept.text()).toBe('{"a":1}');
  });
});

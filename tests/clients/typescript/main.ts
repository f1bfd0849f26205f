// A small frontend's use of the API through a generated client:
//   openapi-typescript <base>/api/openapi/v1.json -o generated/schema.ts
//   tsc -p . && node generated/js/main.js <base>
// Each step prints one line; any surprise exits with a non-zero code.
import createClient from "openapi-fetch";
import type { paths } from "./generated/schema.js";

const baseUrl = process.argv[2];
if (!baseUrl) {
  fail("usage: node main.js <base URL of the API>");
}

const client = createClient<paths>({ baseUrl });
const slug = "insulin-resistance";

// The latest article, for each audience: the same article, written for different readers.
const patient = await client.GET("/api/v1/articles/{slug}", {
  params: { path: { slug }, query: { audience: "patient" } },
});
const clinician = await client.GET("/api/v1/articles/{slug}", {
  params: { path: { slug }, query: { audience: "clinician" } },
});
if (!patient.data || !clinician.data) {
  fail(`latest article: ${patient.response.status} / ${clinician.response.status}`);
}
if (patient.data.audience !== "patient" || clinician.data.audience !== "clinician") {
  fail(`latest article: audiences ${patient.data.audience} / ${clinician.data.audience}`);
}
if (patient.data.summary?.text === clinician.data.summary?.text) {
  fail("latest article: the two audiences read the same summary");
}
console.log(`latest: ${slug} v${patient.data.version}, patient "${start(patient.data.summary?.text)}", clinician "${start(clinician.data.summary?.text)}"`);

// A version, picked from the article's list of versions.
const versions = await client.GET("/api/v1/articles/{slug}/versions", { params: { path: { slug } } });
const oldest = versions.data?.versions.at(-1);
if (!oldest) {
  fail(`versions: ${versions.response.status}`);
}
const version = await client.GET("/api/v1/articles/{slug}/versions/{version}", {
  params: { path: { slug, version: oldest.number }, query: { audience: "patient" } },
});
if (version.data?.version !== oldest.number) {
  fail(`version ${oldest.number}: ${version.response.status}`);
}
console.log(`version: ${slug} v${version.data.version} of ${versions.data?.versions.length}`);

// The article index, two at a time: the next page follows the cursor the first one returned.
const first = await client.GET("/api/v1/articles", { params: { query: { limit: 2 } } });
const cursor = first.data?.nextCursor;
if (first.data?.items.length !== 2 || !cursor) {
  fail(`index: ${first.response.status}`);
}
const second = await client.GET("/api/v1/articles", { params: { query: { limit: 2, cursor } } });
const firstSlugs = first.data.items.map((item) => item.slug);
const secondSlugs = second.data?.items.map((item) => item.slug) ?? [];
if (secondSlugs.length === 0 || secondSlugs.some((s) => firstSlugs.includes(s))) {
  fail(`index page 2: ${second.response.status} ${secondSlugs.join(",")}`);
}
console.log(`index: ${firstSlugs.join(",")} then ${secondSlugs.join(",")}`);

// The change feed: what was published, in order.
const changes = await client.GET("/api/v1/changes", { params: { query: { limit: 5 } } });
const event = changes.data?.events[0];
if (!event) {
  fail(`changes: ${changes.response.status}`);
}
console.log(`changes: ${changes.data?.events.length} events, first ${event.type} ${event.slug}`);

// A repeat with the ETag: 304, no body (openapi-fetch gives neither data nor a parsed error).
const etag = patient.response.headers.get("ETag");
if (!etag) {
  fail("latest article: no ETag");
}
const repeat = await client.GET("/api/v1/articles/{slug}", {
  params: { path: { slug }, query: { audience: "patient" } },
  headers: { "If-None-Match": etag },
});
if (repeat.response.status !== 304 || repeat.data !== undefined) {
  fail(`repeat with If-None-Match: ${repeat.response.status}`);
}
console.log(`not modified: ${repeat.response.status} ${repeat.response.headers.get("ETag")}`);

// A 400, read as a problem: limit is a number to the types, its bounds are the server's to enforce.
const invalid = await client.GET("/api/v1/articles", { params: { query: { limit: 0 } } });
if (invalid.response.status !== 400 || invalid.error?.status !== 400) {
  fail(`limit 0: ${invalid.response.status}`);
}
console.log(`problem: ${invalid.error.status} ${invalid.error.title}: ${invalid.error.detail}`);

// A 404, also a problem.
const missing = await client.GET("/api/v1/articles/{slug}", { params: { path: { slug: "no-such-article" } } });
if (missing.response.status !== 404 || missing.error?.status !== 404) {
  fail(`unknown article: ${missing.response.status}`);
}
console.log(`problem: ${missing.error.status} ${missing.error.title}: ${missing.error.detail}`);

function start(text: string | undefined): string {
  return (text ?? "").split(" ").slice(0, 4).join(" ");
}

function fail(message: string): never {
  console.error(`FAILED ${message}`);
  process.exit(1);
}

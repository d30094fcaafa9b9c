// A TypeScript client of two brisk apps: the types come from their OpenAPI documents
// (openapi-typescript), the calls are made by openapi-fetch. `tsc` checks every path,
// parameter, body and response below against the documents; `node` runs it against the
// apps, at SHOWCASE_URL and SECURITY_URL.
import assert from "node:assert/strict";
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/showcase.js";
import type { paths as SecurityPaths } from "./generated/security.js";

type Item = components["schemas"]["Item"];

const showcase = createClient<paths>({ baseUrl: process.env.SHOWCASE_URL });

// Create an item: the body must be an `Item`, and so is the answer (201).
const lamp: Item = { title: "Lamp", timestamp: "2024-01-01T10:00:00Z", price: 20, tags: ["light"] };
const created = await showcase.POST("/items/", { body: lamp });
assert.equal(created.response.status, 201);
assert.equal(created.data?.title, "Lamp");
assert.equal(created.data?.price, 20);

// Read it back: the path parameter is typed, and named as the document names it.
const read = await showcase.GET("/items/{id}", { params: { path: { id: "Lamp" } } });
assert.equal(read.response.status, 200);
assert.deepEqual((read.data as { item: Item }).item.tags, ["light"]);

// A body the server refuses (price must be > 0): the error is the typed 422 body.
const refused = await showcase.POST("/items/", { body: { ...lamp, price: -1 } });
assert.equal(refused.response.status, 422);
const detail = refused.error?.detail ?? [];
assert.deepEqual(detail[0]?.loc, ["body", "price"]);
assert.equal(detail[0]?.type, "greater_than");

// Mistakes the types catch before anything is sent (tsc fails if these compile).
// @ts-expect-error an Item has a title
await showcase.POST("/items/", { body: { timestamp: "2024-01-01T10:00:00Z", price: 1, tags: [] } });
// @ts-expect-error a report's kind is "daily" or "weekly"
await showcase.GET("/reports/{kind}", { params: { path: { kind: "yearly" } } });

// The OAuth2 password flow: a form posted to /token gives a bearer token.
const security = createClient<SecurityPaths>({ baseUrl: process.env.SECURITY_URL });
const token = await security.POST("/token", {
  body: { username: "johndoe", password: "secret", scope: "me items" },
  bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
});
assert.equal(token.response.status, 200);
assert.equal(token.data?.token_type, "bearer");

// A protected endpoint, called with the token: the answer is a typed `User`.
const me = await security.GET("/users/me/", {
  headers: { Authorization: `Bearer ${token.data?.access_token}` },
});
assert.equal(me.response.status, 200);
assert.equal(me.data?.username, "johndoe");
assert.equal(me.data?.full_name, "John Doe");

// Without the token it is refused.
const anonymous = await security.GET("/users/me/");
assert.equal(anonymous.response.status, 401);

console.log("TypeScript client: showcase and security_tutorial005 answered as typed");

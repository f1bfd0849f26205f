// Compiles only while the generated types say what the document means: tsc fails on any mismatch.
import type { paths } from "./generated/schema.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

type IndexQuery = NonNullable<paths["/api/v1/articles"]["get"]["parameters"]["query"]>;
type ArticleQuery = NonNullable<paths["/api/v1/articles/{slug}"]["get"]["parameters"]["query"]>;

export type Checks = [
  // limit is a number, not a string.
  Expect<Equal<NonNullable<IndexQuery["limit"]>, number>>,
  // audience is exactly the audience ids of GET /api/v1/audiences.
  Expect<Equal<NonNullable<IndexQuery["audience"]>, "patient" | "clinician">>,
  Expect<Equal<NonNullable<ArticleQuery["audience"]>, "patient" | "clinician">>,
];

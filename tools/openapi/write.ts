import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openApiDocument } from "#shared/api-contract/openapi";

/**
 * `npm run openapi`: writes the API contract to docs/openapi.json, the copy reviewers read in a diff
 * and CI lints (`npm run lint:api`). tests/api-contract/ fails while it differs from the code's.
 */
const path = fileURLToPath(new URL("../../docs/openapi.json", import.meta.url));
writeFileSync(path, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${path}`);
